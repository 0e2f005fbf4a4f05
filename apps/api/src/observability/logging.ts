import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { Store, storage } from 'nestjs-pino/storage';
import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/**
 * The app's logs: one JSON object a line in production (LOG_FORMAT=json or NODE_ENV=production),
 * readable text in development when pino-pretty (a devDependency) is installed.
 *
 * Personal data stays out: a request line carries the route pattern and the path without its
 * query string (searches carry names and phone numbers), never headers (tokens, cookies) or
 * bodies (passwords, phones, addresses). `redact` is the second line of defence for anything
 * logged as an object elsewhere.
 */
const REDACT = [
  'password',
  'currentPassword',
  'newPassword',
  'phone',
  'address',
  'accessToken',
  'refreshToken',
  'token',
  'authorization',
  'cookie',
  '*.password',
  '*.phone',
  '*.address',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.cookie',
  'headers',
  '*.headers',
  'body',
  '*.body',
];

function prettyStream(): DestinationStream | null {
  try {
    // a devDependency: absent from the production image, so loaded only when present
    const pretty = require('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  } catch {
    return null;
  }
}

/** The root logger; `destination` replaces stdout (tests capture the lines with it). */
export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  const out = destination ?? (config.logFormat === 'pretty' ? prettyStream() : null);
  return out ? pino(options, out) : pino(options);
}

interface ExpressRequest extends IncomingMessage {
  ip?: string;
  baseUrl?: string;
  originalUrl?: string;
  route?: { path: string | string[] };
  user?: { id?: string; role?: string };
}

/** The route pattern that matched ("/api/cases/:id"), or null when no route did (404, static files). */
export function routeOf(req: IncomingMessage): string | null {
  const r = req as ExpressRequest;
  if (!r.route) return null;
  const path = Array.isArray(r.route.path) ? r.route.path[0] : r.route.path;
  return `${r.baseUrl ?? ''}${path}`;
}

/** The request path without its query string. */
function pathOf(req: IncomingMessage): string {
  const r = req as ExpressRequest;
  const url = r.originalUrl ?? r.url ?? '';
  return url.slice(0, url.includes('?') ? url.indexOf('?') : undefined).slice(0, 200);
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The fields of one request's log line. */
export function requestLine(req: IncomingMessage, res: ServerResponse, ms: number): Record<string, unknown> {
  const r = req as ExpressRequest;
  return {
    method: req.method,
    route: routeOf(req),
    path: pathOf(req),
    status: res.statusCode,
    ms,
    ip: r.ip ?? req.socket?.remoteAddress ?? null,
    userId: r.user?.id ?? null,
    role: r.user?.role ?? null,
  };
}

/** The request's own logger (bound to its reqId), made only when something logs during the request. */
class RequestStore implements Store {
  private own: Logger | undefined;
  constructor(
    private readonly root: Logger,
    private readonly reqId: string,
  ) {}
  get logger(): Logger {
    return (this.own ??= this.root.child({ reqId: this.reqId }));
  }
  // nestjs-pino's PinoLogger.assign() replaces it with a child carrying more fields
  set logger(logger: Logger) {
    this.own = logger;
  }
}

/**
 * Express middleware: one line per request when it ends (finish, close or error), built by
 * `requestLine` alone, with the request's id; and the request's logger as the context of Nest
 * logs made while handling it (so an error logged by the error filter carries the reqId).
 *
 * It does what pino-http did with our options (quiet request and response loggers) without its
 * per-request work that nothing used: two child loggers, one of them serializing the request
 * (a fifth of the logging's CPU per request, issue 15). The line is the same: level, time, pid,
 * hostname, reqId, the fields of `requestLine`, msg; level error for a 5xx or a response error.
 */
export function requestLogging(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    // a caller's (or the proxy's) X-Request-Id is kept when it is a plain token; echoed back
    const incoming = req.headers['x-request-id'];
    const reqId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', reqId);
    (req as { id?: string }).id = reqId;
    const started = Date.now();
    const complete = (err?: unknown) => {
      res.removeListener('close', complete);
      res.removeListener('finish', complete);
      res.removeListener('error', complete);
      const line = { reqId, ...requestLine(req, res, Date.now() - started) };
      const msg = `${req.method} ${routeOf(req) ?? pathOf(req)} ${res.statusCode}`;
      if (err || res.statusCode >= 500) logger.error(line, msg);
      else logger.info(line, msg);
    };
    res.on('close', complete);
    res.on('finish', complete);
    res.on('error', complete);
    storage.run(new RequestStore(logger, reqId), next);
  };
}
