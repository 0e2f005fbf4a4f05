import {
  HttpContextToken,
  HttpErrorResponse,
  HttpHandlerFn,
  HttpInterceptorFn,
  HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError, timeout } from 'rxjs';
import { HANDLED_ERRORS, toAppError } from './app-error';
import { AuthStore } from './auth-store';
import { ErrorNotifier } from './error-notifier';

/** Only our own API gets the token: relative /api/... or this origin's /api/... */
export function isApiUrl(url: string): boolean {
  if (url.startsWith('/api/') || url === '/api') return true;
  try {
    const parsed = new URL(url, globalThis.location?.href);
    return parsed.origin === globalThis.location?.origin && parsed.pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

const AUTH_ENDPOINT = /\/api\/auth\/(login|refresh|logout)$/;

/**
 * How long an API call may wait for its answer: on a weak but live connection a request that
 * hangs becomes a network failure (status 0), so a visit is queued instead of spinning. 0: no
 * limit (set for uploads and downloads, whose size decides their time).
 */
export const REQUEST_TIMEOUT_MS = new HttpContextToken<number>(() => 20_000);

function withTimeout(req: HttpRequest<unknown>, next: HttpHandlerFn) {
  const limit =
    req.responseType === 'blob' || req.body instanceof FormData ? 0 : req.context.get(REQUEST_TIMEOUT_MS);
  if (!limit) return next(req);
  return next(req).pipe(
    timeout({
      each: limit,
      with: () =>
        throwError(
          () =>
            new HttpErrorResponse({
              status: 0,
              statusText: 'Timeout',
              url: req.urlWithParams,
              error: new Error(`no answer within ${limit} ms`),
            }),
        ),
    }),
  );
}

function withToken(req: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
}

const is401 = (error: unknown) => error instanceof HttpErrorResponse && error.status === 401;

/**
 * Attaches the access token to /api calls; on a 401 refreshes once (through the httpOnly
 * cookie) and retries; when that fails too, signs out and goes to the login page. Every
 * error leaves here in the contract's shape, and is shown to the user unless the caller
 * declared it handles that code.
 */
export const apiInterceptor: HttpInterceptorFn = (req: HttpRequest<unknown>, next: HttpHandlerFn) => {
  if (!isApiUrl(req.url)) return next(req);

  const auth = inject(AuthStore);
  const router = inject(Router);
  const notifier = inject(ErrorNotifier);
  const isAuthEndpoint = AUTH_ENDPOINT.test(req.url);

  const sendToLogin = () => {
    auth.clear();
    const returnUrl = router.url && !router.url.startsWith('/login') ? router.url : undefined;
    void router.navigate(['/login'], { queryParams: { returnUrl, expired: 1 } });
  };

  return withTimeout(isAuthEndpoint ? req : withToken(req, auth.accessToken()), next).pipe(
    catchError((error: unknown) => {
      if (!is401(error) || isAuthEndpoint) return throwError(() => error);
      return auth.refresh().pipe(
        catchError((refreshError: unknown) => {
          // Offline: keep the session, report the network failure.
          if (refreshError instanceof HttpErrorResponse && refreshError.status === 0) {
            return throwError(() => refreshError);
          }
          sendToLogin();
          return throwError(() => error);
        }),
        switchMap((token) =>
          withTimeout(withToken(req, token), next).pipe(
            catchError((retryError: unknown) => {
              if (is401(retryError)) sendToLogin();
              return throwError(() => retryError);
            }),
          ),
        ),
      );
    }),
    catchError((error: unknown) => {
      const appError = toAppError(error);
      const handled = req.context.get(HANDLED_ERRORS);
      const silent =
        handled === true ||
        handled.includes(appError.code) ||
        (appError.code === 'UNAUTHENTICATED' && !isAuthEndpoint);
      if (!silent) notifier.show(appError);
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      return throwError(
        () =>
          new HttpErrorResponse({
            error: appError,
            status,
            statusText: error instanceof HttpErrorResponse ? error.statusText : 'Unknown Error',
            url: req.url,
            headers: error instanceof HttpErrorResponse ? error.headers : undefined,
          }),
      );
    }),
  );
};
