import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, RefreshResponse, UserSummary } from '@tenplusn/domain';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiException, RateLimitedException, unauthenticated } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserEntity } from '../users/user.entity';
import { toUserSummary } from '../users/user.mapper';
import { AuditService } from './audit.service';
import { AccessTokenClaims, AuthUser } from './auth-user';
import { RefreshTokenEntity } from './auth.entities';
import { JWT_ALGORITHM } from './jwt.strategy';
import { LoginThrottleService, Reservation } from './login-throttle.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** A retried refresh (flaky network, two tabs) within this window gets the same answer again. */
export const REFRESH_RETRY_GRACE_MS = 10 * 1000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const WRONG_CREDENTIALS = 'wrong username or password';
const SESSION_ENDED = 'the session has ended; sign in again';

export interface IssuedSession {
  body: LoginResponse;
  refreshToken: string;
}

export interface RotatedSession {
  body: RefreshResponse;
  refreshToken: string;
}

type RefreshOutcome =
  | { kind: 'ok'; session: RotatedSession }
  | { kind: 'ended' }
  | { kind: 'reuse'; user: UserEntity; familyId: string };

@Injectable()
export class AuthService {
  /** Key of the refresh chain: each token's successor is HMAC(key, token), see rotate(). */
  private readonly chainKey: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleService,
  ) {
    this.chainKey = createHmac('sha256', config.jwtSecret).update('refresh-token-chain').digest();
  }

  /**
   * Counts the attempt before the password is checked (see LoginThrottleService); a refusal is
   * written to the audit log once per block, not once per attempt.
   */
  private async admit(
    username: string,
    ip: string | null,
    actorId: string | null,
  ): Promise<Extract<Reservation, { kind: 'go' }>> {
    const r = await this.throttle.reserve(username, ip);
    if (r.kind === 'go') return r;
    if (r.firstRefusal) {
      await this.audit.record('login_locked', {
        actorId,
        username,
        ip,
        detail: { scope: r.scope, retryAfterSeconds: r.retryAfterSeconds },
      });
    }
    const minutes = Math.ceil(r.retryAfterSeconds / 60);
    throw new RateLimitedException(
      r.scope === 'pair'
        ? `too many failed sign-ins for this account from your address; try again in ${minutes} minutes`
        : `too many failed sign-ins from your address; try again in ${minutes} minutes`,
      r.retryAfterSeconds,
    );
  }

  async login(usernameInput: string, password: string, ip: string | null): Promise<IssuedSession> {
    const username = usernameInput.trim().toLowerCase();
    const user = await this.db.getRepository(UserEntity).findOneBy({ username });
    const { ticket } = await this.admit(username, ip, user?.id ?? null);
    // an unknown user costs the same argon2 verification, so timing does not tell them apart
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await dummyPasswordHash(), password)) && false;
    if (!user || !ok || !user.active) {
      // bounded by the throttle: at most 5 per pair and 30 per address within 15 minutes
      await this.audit.record('login_failed', {
        actorId: user?.id ?? null,
        username,
        ip,
        detail: { reason: !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive' },
      });
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(ticket);
    await this.audit.record('login_ok', { actorId: user.id, username, ip });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.storeRefreshToken(this.db.manager, user, randomUUID(), refreshToken);
    return { body: { ...this.issueAccessToken(user), user: await this.signedIn(user) }, refreshToken };
  }

  issueAccessToken(user: UserEntity): RefreshResponse {
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      name: user.displayName,
      role: user.role,
      branchId: user.branchId,
      ver: user.tokenVersion,
    };
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { accessToken: this.jwt.sign(claims, { algorithm: JWT_ALGORITHM, expiresIn }), expiresIn };
  }

  private async storeRefreshToken(
    m: EntityManager,
    user: UserEntity,
    familyId: string,
    token: string,
  ): Promise<RefreshTokenEntity> {
    const repo = m.getRepository(RefreshTokenEntity);
    const row = repo.create({
      userId: user.id,
      familyId,
      tokenHash: sha256(token),
      tokenVersion: user.tokenVersion,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86400_000),
      usedAt: null,
      revokedAt: null,
      replacedById: null,
    });
    return repo.save(row);
  }

  /** The successor of a refresh token: derived, so that a retry can be given the same one again. */
  private successorOf(token: string): string {
    return createHmac('sha256', this.chainKey).update(token).digest('base64url');
  }

  /**
   * Single use with rotation. The token row is locked, so of two concurrent refreshes with one
   * token exactly one rotates; the other (and any retry within the grace window whose answer
   * got lost) receives the same successor again. Presenting a used token after that is reuse:
   * the whole login (token family) is revoked.
   */
  async refresh(token: string | undefined, ip: string | null): Promise<RotatedSession> {
    if (!token) throw unauthenticated('no refresh token');
    const outcome = await this.db.transaction(async (m): Promise<RefreshOutcome> => {
      const repo = m.getRepository(RefreshTokenEntity);
      const row = await repo
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash', { hash: sha256(token) })
        .getOne();
      const now = Date.now();
      if (!row || row.revokedAt || row.expiresAt.getTime() <= now) return { kind: 'ended' };
      const user = await m.getRepository(UserEntity).findOneBy({ id: row.userId });
      if (!user || !user.active || user.tokenVersion !== row.tokenVersion) {
        await this.revokeFamily(row.familyId, m);
        return { kind: 'ended' };
      }
      const next = this.successorOf(token);
      if (row.usedAt) {
        const successor = row.replacedById ? await repo.findOneBy({ id: row.replacedById }) : null;
        const retry =
          now - row.usedAt.getTime() <= REFRESH_RETRY_GRACE_MS &&
          successor !== null &&
          successor.tokenHash === sha256(next) &&
          !successor.usedAt &&
          !successor.revokedAt;
        if (retry) return { kind: 'ok', session: { body: this.issueAccessToken(user), refreshToken: next } };
        await this.revokeFamily(row.familyId, m);
        return { kind: 'reuse', user, familyId: row.familyId };
      }
      const successor = await this.storeRefreshToken(m, user, row.familyId, next);
      await repo.update({ id: row.id }, { usedAt: new Date(now), replacedById: successor.id });
      return { kind: 'ok', session: { body: this.issueAccessToken(user), refreshToken: next } };
    });
    switch (outcome.kind) {
      case 'ok':
        return outcome.session;
      case 'ended':
        throw unauthenticated(SESSION_ENDED);
      case 'reuse':
        await this.audit.record('refresh_reuse', {
          actorId: outcome.user.id,
          username: outcome.user.username,
          ip,
          detail: { familyId: outcome.familyId },
        });
        throw unauthenticated('this refresh token was already used; the session has been ended for safety');
    }
  }

  async revokeFamily(familyId: string, m: EntityManager = this.db.manager): Promise<void> {
    await m
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Ends the login the refresh token belongs to: that token and every successor (one family),
   * whether or not it was already rotated. An unknown or missing token ends nothing.
   */
  async logout(token: string | undefined, ip: string | null): Promise<void> {
    if (!token) return;
    const row = await this.db.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: sha256(token) });
    if (!row) return;
    await this.revokeFamily(row.familyId);
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: row.userId });
    await this.audit.record('logout', { actorId: row.userId, username: user?.username ?? null, ip });
  }

  async me(user: AuthUser): Promise<UserSummary> {
    const entity = await this.db.getRepository(UserEntity).findOneBy({ id: user.id });
    if (!entity || !entity.active) throw unauthenticated('the account is no longer active');
    return this.signedIn(entity);
  }

  /** The signed-in user as login and /api/auth/me answer it: with whether the data is the demo town's. */
  private async signedIn(user: UserEntity): Promise<UserSummary> {
    const demoData = user.isDemo || (await this.db.getRepository(UserEntity).existsBy({ isDemo: true }));
    return { ...toUserSummary(user), demoData };
  }

  /**
   * Changes the password. The current login keeps working; every other login's refresh tokens
   * are revoked. A wrong current password counts as a failed sign-in (a stolen access token
   * must not become a password oracle).
   */
  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    currentRefreshToken: string | undefined,
    ip: string | null,
  ): Promise<void> {
    const { ticket } = await this.admit(user.username, ip, user.id);
    const repo = this.db.getRepository(UserEntity);
    const entity = await repo.findOneBy({ id: user.id });
    if (!entity || !(await verifyPassword(entity.passwordHash, currentPassword))) {
      await this.audit.record('login_failed', {
        actorId: user.id,
        username: user.username,
        ip,
        detail: { reason: 'wrong_current_password' },
      });
      throw new ApiException('VALIDATION_FAILED', 'the current password is wrong', [
        { field: 'currentPassword', message: 'the current password is wrong', code: 'WRONG_PASSWORD' },
      ]);
    }
    await this.throttle.succeeded(ticket);
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (m) => {
      await m.getRepository(UserEntity).update({ id: user.id }, { passwordHash });
      const current = currentRefreshToken
        ? await m.getRepository(RefreshTokenEntity).findOneBy({
            tokenHash: sha256(currentRefreshToken),
            userId: user.id,
          })
        : null;
      const qb = m
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('user_id = :userId AND revoked_at IS NULL', { userId: user.id });
      if (current) qb.andWhere('family_id <> :familyId', { familyId: current.familyId });
      await qb.execute();
    });
    await this.audit.record('password_changed', { actorId: user.id, username: user.username, ip });
  }
}
