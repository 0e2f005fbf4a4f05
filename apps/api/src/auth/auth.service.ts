import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, RefreshResponse, UserSummary } from '@tenplusn/domain';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiException, unauthenticated } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserEntity } from '../users/user.entity';
import { toUserSummary } from '../users/user.mapper';
import { AuditService } from './audit.service';
import { AccessTokenClaims, AuthUser } from './auth-user';
import { RefreshTokenEntity } from './auth.entities';
import { JWT_ALGORITHM } from './jwt.strategy';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
/** A retried refresh (flaky network) within this window is not treated as token theft. */
export const REFRESH_RETRY_GRACE_MS = 10 * 1000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const WRONG_CREDENTIALS = 'wrong username or password';

export interface IssuedSession {
  body: LoginResponse;
  refreshToken: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(usernameInput: string, password: string, ip: string | null): Promise<IssuedSession> {
    const username = usernameInput.trim().toLowerCase();
    const since = new Date(Date.now() - LOCKOUT_WINDOW_MS);
    // keyed on the account, not the IP: villagers share carrier NAT addresses
    if ((await this.audit.countSince('login_failed', username, since)) >= MAX_FAILED_LOGINS) {
      await this.audit.record('login_locked', { username, ip });
      throw new ApiException(
        'RATE_LIMITED',
        'too many failed sign-ins for this account; try again in 15 minutes',
      );
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ username });
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await dummyPasswordHash(), password)) && false;
    if (!user || !ok || !user.active) {
      await this.audit.record('login_failed', { actorId: user?.id ?? null, username, ip });
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await this.audit.record('login_ok', { actorId: user.id, username, ip });
    const refreshToken = await this.issueRefreshToken(user, randomUUID());
    return { body: { ...this.issueAccessToken(user), user: toUserSummary(user) }, refreshToken };
  }

  issueAccessToken(user: UserEntity): RefreshResponse {
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      name: user.displayName,
      role: user.role,
      branchId: user.branchId,
    };
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { accessToken: this.jwt.sign(claims, { algorithm: JWT_ALGORITHM, expiresIn }), expiresIn };
  }

  private async issueRefreshToken(user: UserEntity, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.getRepository(RefreshTokenEntity).insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(token),
      tokenVersion: user.tokenVersion,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86400_000),
    });
    return token;
  }

  /** Single use with rotation; reuse of a used token revokes the whole login (family). */
  async refresh(
    token: string | undefined,
    ip: string | null,
  ): Promise<{ body: RefreshResponse; refreshToken: string }> {
    if (!token) throw unauthenticated('no refresh token');
    const repo = this.db.getRepository(RefreshTokenEntity);
    const row = await repo.findOneBy({ tokenHash: sha256(token) });
    if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now())
      throw unauthenticated('the session has ended');
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: row.userId });
    if (!user || !user.active || user.tokenVersion !== row.tokenVersion) {
      await this.revokeFamily(row.familyId);
      throw unauthenticated('the session has ended');
    }
    if (row.usedAt) {
      const successor = row.replacedById ? await repo.findOneBy({ id: row.replacedById }) : null;
      const withinGrace = Date.now() - row.usedAt.getTime() <= REFRESH_RETRY_GRACE_MS;
      if (withinGrace && successor && !successor.usedAt && !successor.revokedAt) {
        // The client retried because it never saw our answer: hand out a fresh successor instead.
        await repo.update({ id: successor.id }, { revokedAt: new Date() });
        return this.rotate(row, user, true);
      }
      await this.revokeFamily(row.familyId);
      await this.audit.record('refresh_reuse', {
        actorId: user.id,
        username: user.username,
        ip,
        detail: { familyId: row.familyId },
      });
      throw unauthenticated('this refresh token was already used; the session has been ended for safety');
    }
    return this.rotate(row, user, false);
  }

  private async rotate(
    row: RefreshTokenEntity,
    user: UserEntity,
    retry: boolean,
  ): Promise<{ body: RefreshResponse; refreshToken: string }> {
    const repo = this.db.getRepository(RefreshTokenEntity);
    if (!retry) {
      // conditional: of two concurrent refreshes with one token, exactly one rotates
      const claimed = await repo
        .createQueryBuilder()
        .update()
        .set({ usedAt: () => 'now()' })
        .where('id = :id AND used_at IS NULL', { id: row.id })
        .execute();
      // another request rotated this token a moment ago: treat it as a retry within the grace window
      if (!claimed.affected) return this.rotate(row, user, true);
    }
    const token = await this.issueRefreshToken(user, row.familyId);
    const next = await repo.findOneByOrFail({ tokenHash: sha256(token) });
    await repo.update({ id: row.id }, { replacedById: next.id });
    return { body: this.issueAccessToken(user), refreshToken: token };
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async logout(token: string | undefined, user: AuthUser, ip: string | null): Promise<void> {
    if (token) {
      const row = await this.db.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: sha256(token) });
      if (row && row.userId === user.id) await this.revokeFamily(row.familyId);
    }
    await this.audit.record('logout', { actorId: user.id, username: user.username, ip });
  }

  async me(user: AuthUser): Promise<UserSummary> {
    const entity = await this.db.getRepository(UserEntity).findOneBy({ id: user.id });
    if (!entity || !entity.active) throw unauthenticated('the account is no longer active');
    return toUserSummary(entity);
  }

  /** Changes the password; every other login of the user ends. */
  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    currentRefreshToken: string | undefined,
    ip: string | null,
  ): Promise<void> {
    const repo = this.db.getRepository(UserEntity);
    const entity = await repo.findOneBy({ id: user.id });
    if (!entity || !(await verifyPassword(entity.passwordHash, currentPassword))) {
      throw new ApiException('VALIDATION_FAILED', 'the current password is wrong', [
        { field: 'currentPassword', message: 'the current password is wrong' },
      ]);
    }
    await repo.update({ id: user.id }, { passwordHash: await hashPassword(newPassword) });
    const current = currentRefreshToken
      ? await this.db.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: sha256(currentRefreshToken) })
      : null;
    const qb = this.db
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId: user.id });
    if (current) qb.andWhere('family_id <> :familyId', { familyId: current.familyId });
    await qb.execute();
    await this.audit.record('password_changed', { actorId: user.id, username: user.username, ip });
  }
}
