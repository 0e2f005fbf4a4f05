import { HttpClient, HttpContext } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Action, Actor, can, LoginResponse, RefreshResponse, Role, UserSummary } from '@tenplusn/domain';
import {
  catchError,
  finalize,
  firstValueFrom,
  map,
  Observable,
  of,
  shareReplay,
  switchMap,
  tap,
  timeout,
} from 'rxjs';
import { HANDLED_ERRORS, toAppError } from './app-error';
import { clearOfflineData } from './offline-support';

const SILENT = () => new HttpContext().set(HANDLED_ERRORS, true);

/**
 * Set at sign-in, removed at sign-out or when the server ends the session. Not a secret (the
 * refresh token stays an httpOnly cookie): it tells start-up whether there is a session to
 * restore (no request, so no 401, on a first visit) and who was signed in when the network is
 * gone, so a reload offline keeps the member in their cached data.
 */
export const SESSION_MARKER_KEY = 'tenplusn.session';

/** How long start-up waits for the server before opening with the saved session. */
export const RESTORE_TIMEOUT_MS = 8000;

function readMarker(): UserSummary | null {
  try {
    const raw = localStorage.getItem(SESSION_MARKER_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' && 'id' in parsed && 'role' in parsed
      ? (parsed as UserSummary)
      : null;
  } catch {
    return null;
  }
}

function writeMarker(user: UserSummary | null): void {
  try {
    if (user) localStorage.setItem(SESSION_MARKER_KEY, JSON.stringify(user));
    else localStorage.removeItem(SESSION_MARKER_KEY);
  } catch {
    // storage full or disabled: the session still works until the next reload
  }
}

/** No answer from the server (offline, timed out, or a proxy saying it is down). */
function isUnreachable(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  const appError = toAppError(error);
  return appError.code === 'NETWORK' || [502, 503, 504].includes(appError.statusCode);
}

/**
 * The signed-in user and the access token. The token lives in memory only; the refresh
 * token is an httpOnly cookie the browser sends to /api/auth, so a reload restores the
 * session through POST /api/auth/refresh.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly token = signal<string | null>(null);
  private readonly currentUser = signal<UserSummary | null>(null);
  private refreshing: Observable<string> | null = null;

  readonly accessToken = this.token.asReadonly();
  readonly user = this.currentUser.asReadonly();
  /**
   * Signed in. Without a token too: opened offline with the saved session, the app shows cached
   * data; the first request that reaches the server refreshes the token or ends the session.
   */
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  /** Opened with the saved session because the server could not be reached. */
  readonly offlineSession = computed(() => this.currentUser() !== null && this.token() === null);
  readonly role = computed<Role | null>(() => this.currentUser()?.role ?? null);
  readonly actor = computed<Actor | null>(() => {
    const user = this.currentUser();
    return user ? { id: user.id, role: user.role, branchId: user.branchId } : null;
  });

  login(username: string, password: string): Observable<UserSummary> {
    return this.http
      .post<LoginResponse>('/api/auth/login', { username, password }, { context: SILENT() })
      .pipe(
        tap((response) => {
          // whoever used this device before: their cached answers go
          if (readMarker()?.id !== response.user.id) clearOfflineData();
          this.token.set(response.accessToken);
          this.currentUser.set(response.user);
          writeMarker(response.user);
        }),
        map((response) => response.user),
      );
  }

  /** One refresh at a time: concurrent 401s share the same request. */
  refresh(): Observable<string> {
    this.refreshing ??= this.http
      .post<RefreshResponse>('/api/auth/refresh', null, { context: SILENT() })
      .pipe(
        map((response) => response.accessToken),
        tap((token) => this.token.set(token)),
        finalize(() => (this.refreshing = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    return this.refreshing;
  }

  /**
   * At start-up: turn the refresh cookie into a session, when sign-in left a marker (else no
   * request at all). Never fails: a refused session signs out; no network (or no answer within
   * RESTORE_TIMEOUT_MS) opens the saved session offline instead.
   */
  restore(): Promise<void> {
    const saved = readMarker();
    if (!saved) return Promise.resolve();
    return firstValueFrom(
      this.refresh().pipe(
        switchMap(() => this.http.get<UserSummary>('/api/auth/me', { context: SILENT() })),
        timeout(RESTORE_TIMEOUT_MS),
        tap((user) => {
          this.currentUser.set(user);
          writeMarker(user);
        }),
        map(() => undefined),
        catchError((error: unknown) => {
          if (isUnreachable(error)) this.currentUser.set(saved);
          else this.clear();
          return of(undefined);
        }),
      ),
    );
  }

  /**
   * Ends the session on the server (the refresh cookie alone is enough there) and here; the
   * local state goes even when the server cannot be reached.
   */
  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null, { context: SILENT() }).pipe(
      catchError(() => of(undefined)),
      tap(() => this.clear()),
      map(() => undefined),
    );
  }

  clear(): void {
    this.token.set(null);
    this.currentUser.set(null);
    writeMarker(null);
    clearOfflineData();
  }
}

/** The start pages, in order: each role starts on the first its permissions open. */
export const HOME_PAGES: readonly { action: Action; path: string }[] = [
  { action: 'workspace.field', path: '/field/households' },
  { action: 'workspace.branch', path: '/branch' },
  { action: 'workspace.town', path: '/town' },
];

/** Where each role starts after signing in (the login page when signed out). */
export function homeFor(role: Role | null): string {
  return HOME_PAGES.find((page) => can(role, page.action))?.path ?? '/login';
}
