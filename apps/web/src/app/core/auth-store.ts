import { HttpClient, HttpContext } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Actor, LoginResponse, RefreshResponse, Role, UserSummary } from '@tenplusn/domain';
import { firstValueFrom, map, Observable, of, shareReplay, switchMap, tap, finalize, catchError } from 'rxjs';
import { HANDLED_ERRORS } from './app-error';

const SILENT = () => new HttpContext().set(HANDLED_ERRORS, true);

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
  readonly isAuthenticated = computed(() => this.token() !== null && this.currentUser() !== null);
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
          this.token.set(response.accessToken);
          this.currentUser.set(response.user);
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

  /** At start-up: turn the refresh cookie, if any, into a session. Never fails. */
  restore(): Promise<void> {
    return firstValueFrom(
      this.refresh().pipe(
        switchMap(() => this.http.get<UserSummary>('/api/auth/me', { context: SILENT() })),
        tap((user) => this.currentUser.set(user)),
        map(() => undefined),
        catchError(() => {
          this.clear();
          return of(undefined);
        }),
      ),
    );
  }

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
  }
}

/** Where each role starts after signing in. */
export function homeFor(role: Role | null): string {
  switch (role) {
    case 'member':
      return '/field/households';
    case 'secretary':
      return '/branch';
    case 'staff':
      return '/town';
    default:
      return '/login';
  }
}
