import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiException } from './api-exception';

const ACCEPTS_MULTIPART = 'acceptsMultipart';

/** A body with at least one byte (an empty POST needs no content type). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** The route takes a multipart/form-data upload (a file) instead of a JSON body. */
export const AcceptsMultipart = (): MethodDecorator & ClassDecorator => SetMetadata(ACCEPTS_MULTIPART, true);

/**
 * Global: a request that carries a body must send it as application/json (or multipart on a
 * route marked @AcceptsMultipart()). Anything else is 415 before any handler runs. This is
 * what keeps a cross-site HTML form (url-encoded, multipart or text/plain, which browsers send
 * without a CORS preflight) from signing someone in: login CSRF.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!hasBody(req) || req.is('application/json')) return true;
    const multipart = this.reflector.getAllAndOverride<boolean>(ACCEPTS_MULTIPART, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (multipart && req.is('multipart/form-data')) return true;
    throw new ApiException(
      'UNSUPPORTED_MEDIA_TYPE',
      multipart
        ? 'send the file as multipart/form-data'
        : 'send the request body as JSON (Content-Type: application/json)',
    );
  }
}
