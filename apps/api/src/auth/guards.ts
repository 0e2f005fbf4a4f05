import { CanActivate, ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { forbidden, unauthenticated } from '../common/api-exception';
import { can } from '@tenplusn/domain';
import { Allow, AuthUser, IS_PUBLIC } from './auth-user';

const isPublic = (reflector: Reflector, ctx: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]) === true;

/** Global: every route needs a valid access token unless it is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    if (isPublic(this.reflector, ctx)) return true;
    return super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    // our own refusals (ended session) pass through; so does a database outage, which the
    // error filter answers with 503: a client must not be signed out because the database blinked
    if (err instanceof HttpException) throw err;
    if (err) throw err instanceof Error ? err : new Error(String(err));
    if (!user) throw unauthenticated('a valid access token is required');
    return user;
  }
}

/** Global: a route without @Allow() or @Public() is closed to everyone (fail safe). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (isPublic(this.reflector, ctx)) return true;
    const action = this.reflector.getAllAndOverride(Allow, [ctx.getHandler(), ctx.getClass()]);
    const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!action || !can(user?.role, action)) throw forbidden('your role may not do this');
    return true;
  }
}
