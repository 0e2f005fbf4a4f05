import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { unauthenticated } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccountCache } from './account-cache';
import { AccessTokenClaims, AuthUser } from './auth-user';

export const JWT_ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: AccountCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // a KeyObject made once: given the string, jsonwebtoken tries it as a PEM public key on every
      // verify (createPublicKey throws, then createSecretKey) — a quarter of a visit's CPU (issue 15).
      // The same bytes, so the same tokens are accepted; jsonwebtoken takes a KeyObject as it is.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      // pinned: 'none' and every other algorithm are refused
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /**
   * The signature says who the caller was when the token was issued; the account's current
   * state says whether that still holds. A deactivated account, or one moved to another branch
   * or role (token_version raised), is refused at once instead of when the token expires, and
   * the caller's role and branch always come from the database, never from stale claims — read
   * per request, or kept in memory while PostgreSQL notifies every change (AccountCache).
   */
  async validate(claims: AccessTokenClaims): Promise<AuthUser> {
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Number.isInteger(claims.ver)) {
      throw unauthenticated('a valid access token is required');
    }
    const user = await this.accounts.get(claims.sub);
    // (the id is compared too: a row that is not the token's subject must never become the caller)
    if (!user || user.id !== claims.sub || !user.active || user.tokenVersion !== claims.ver) {
      throw unauthenticated('the session has ended; sign in again');
    }
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      branchId: user.branchId,
    };
  }
}
