import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Action, Actor, Role } from '@tenplusn/domain';

/** The signed-in caller, from the access token's claims. */
export interface AuthUser extends Actor {
  username: string;
  displayName: string;
}

/** The claims inside an access token. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  name: string;
  role: Role;
  branchId: string | null;
  /** the user's token_version at issue: deactivation, a branch or role move or a reset ends the token */
  ver: number;
}

export const IS_PUBLIC = 'isPublic';
/** Opt a route out of the global JWT guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The action a route performs, from the permission map in libs/domain (permissions.ts): the
 * global RolesGuard lets in the roles the map gives it. Row scoping still applies.
 */
export const Allow = Reflector.createDecorator<Action>();

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** The client's address (Express's req.ip, which honours the configured trusted proxies). */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  return ctx.switchToHttp().getRequest<{ ip?: string }>().ip ?? null;
});
