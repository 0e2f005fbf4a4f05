import { HttpException } from '@nestjs/common';
import { DetailCode, DetailParams, ErrorCode, ErrorDetail, STATUS_OF_CODE } from '@tenplusn/domain';

/** An error the client can act on, rendered in the contract's shape by the error filter. */
export class ApiException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message, STATUS_OF_CODE[code]);
  }
}

/** 429 RATE_LIMITED; the error filter sends `Retry-After` with it. */
export class RateLimitedException extends ApiException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}

export const notFound = (what = 'object'): ApiException => new ApiException('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'you may not do this'): ApiException =>
  new ApiException('FORBIDDEN', message);
export const conflict = (message: string): ApiException => new ApiException('CONFLICT', message);
export const staleVersion = (): ApiException =>
  new ApiException('STALE_VERSION', 'the case was changed by someone else: reload it and try again');
export const invalidTransition = (message: string): ApiException =>
  new ApiException('INVALID_TRANSITION', message);
/** A 400 about one field; `code` says what is wrong in a way the web can translate. */
export const badRequest = (
  field: string,
  message: string,
  code: DetailCode = 'INVALID',
  params?: DetailParams,
): ApiException =>
  new ApiException('VALIDATION_FAILED', message, [{ field, message, code, ...(params ? { params } : {}) }]);
export const unauthenticated = (message = 'authentication required'): ApiException =>
  new ApiException('UNAUTHENTICATED', message);
