import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiError, CODE_OF_STATUS } from '@tenplusn/domain';
import type { NextFunction, Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiException, RateLimitedException } from './api-exception';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Express error middleware for right after the JSON body parser: answers its errors (malformed
 * JSON, too large, unsupported charset or encoding) itself, in the contract's shape. Passing
 * them on is not safe: with the web app served, @nestjs/serve-static's error handler turns any
 * error on an /api path into 404 "Cannot POST …".
 */
export function bodyParserErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const body = new ErrorFilter().toApiError(err);
  res.status(body.statusCode).json(body);
}

/** PostgreSQL errors caused by input, not by the server: answered as 4xx, never 500. */
function fromDatabaseError(err: QueryFailedError): ApiError | null {
  const pg = err.driverError as { code?: string; detail?: string; constraint?: string };
  switch (pg.code) {
    case '23505':
      return { statusCode: 409, error: 'Conflict', code: 'CONFLICT', message: 'this already exists' };
    case '23503':
      return {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'a referenced object does not exist',
      };
    case '23502': // not null: a PATCH that sends null for a required field
    case '23514': // check constraint
    case '22021': // a NUL character: PostgreSQL text cannot hold it
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'a value has the wrong form',
      };
    case '40P01': // deadlock detected: one of two concurrent writers lost; nothing was written
    case '40001': // serialization failure
    case '55P03': // lock not available
      return {
        statusCode: 409,
        error: 'Conflict',
        code: 'CONFLICT',
        message: 'a concurrent change got in the way; nothing was saved, try again',
      };
    case '57014': // statement timeout
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
        message: 'the database took too long to answer; try again shortly',
      };
    default:
      return null;
  }
}

/** the database is down, unreachable, or its connection broke (no answer within DB_QUERY_TIMEOUT_MS) */
function isConnectionError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : '';
  return /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|timeout exceeded when trying to connect|connect ETIMEDOUT|terminating connection|Query read timeout|Client has encountered a connection error/i.test(
    msg,
  );
}

/** The one error shape of the contract, for every error the API can produce. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toApiError(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (res.headersSent) return;
    if (exception instanceof RateLimitedException) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    res.status(body.statusCode).json(body);
  }

  toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiException) {
      const status = exception.getStatus();
      return {
        statusCode: status,
        error: REASON[status] ?? 'Error',
        code: exception.code,
        message: exception.message,
        ...(exception.details
          ? { details: exception.details.map((d) => ({ ...d, code: d.code ?? 'INVALID' })) }
          : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // body-parser: malformed JSON, too large, wrong charset
      const type = (exception.cause as { type?: string } | undefined)?.type;
      if (status === 400 && type === 'entity.parse.failed') message = 'the request body is not valid JSON';
      return {
        statusCode: status,
        error: REASON[status] ?? 'Error',
        code: CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'),
        message,
      };
    }
    // errors thrown by express middleware before Nest (body-parser) carry a status
    const raw = exception as { status?: number; statusCode?: number; type?: string; message?: string };
    const rawStatus = raw?.status ?? raw?.statusCode;
    if (typeof rawStatus === 'number' && rawStatus >= 400 && rawStatus < 500) {
      const message =
        raw.type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : raw.type === 'entity.too.large'
            ? 'the request body is too large'
            : typeof raw.message === 'string' && raw.message
              ? raw.message
              : 'bad request';
      return {
        statusCode: rawStatus,
        error: REASON[rawStatus] ?? 'Error',
        code: CODE_OF_STATUS[rawStatus] ?? 'VALIDATION_FAILED',
        message,
      };
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabaseError(exception);
      if (mapped) return mapped;
    }
    if (
      isConnectionError(exception) ||
      (exception instanceof QueryFailedError && isConnectionError(exception.driverError))
    ) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
        message: 'the database is not reachable; try again shortly',
      };
    }
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'an unexpected error occurred',
    };
  }
}
