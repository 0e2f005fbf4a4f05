import { HttpContextToken, HttpErrorResponse } from '@angular/common/http';
import { ApiError, CODE_OF_STATUS, ErrorCode, isApiError } from '@tenplusn/domain';

/** The contract's error codes plus the two a browser can add on its own. */
export type AppErrorCode = ErrorCode | 'NETWORK' | 'UNKNOWN';

export interface AppError extends Omit<ApiError, 'code'> {
  code: AppErrorCode;
}

/**
 * Error codes the caller handles itself, so the interceptor shows no message for them
 * (e.g. the case page explains STALE_VERSION; the visit queue handles NETWORK).
 * `true` silences every code.
 */
export const HANDLED_ERRORS = new HttpContextToken<readonly AppErrorCode[] | true>(() => []);

/** Maps any HTTP failure to the contract's error shape. */
export function toAppError(error: unknown): AppError {
  if (error instanceof HttpErrorResponse) {
    if (isApiError(error.error)) return error.error;
    if (error.status === 0) {
      return { statusCode: 0, error: 'Network Error', code: 'NETWORK', message: error.message };
    }
    return {
      statusCode: error.status,
      error: error.statusText,
      code: CODE_OF_STATUS[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'UNKNOWN'),
      message: error.message,
    };
  }
  if (isApiError(error)) return error;
  return { statusCode: 0, error: 'Error', code: 'UNKNOWN', message: String(error) };
}
