import { ApplicationRef, inject, Injectable } from '@angular/core';
import { PreloadingStrategy, Route } from '@angular/router';
import { can } from '@tenplusn/domain';
import { catchError, finalize, Observable, of, switchMap, tap, timer } from 'rxjs';
import { AuthStore } from './auth-store';

/** After the page the member asked for has loaded: its own first load stays small. */
const PRELOAD_DELAY_MS = 1500;

/** The app has nothing pending (its requests answered, the page shown), then the browser is idle. */
function settled(appRef: ApplicationRef): Promise<void> {
  return appRef.whenStable().then(
    () =>
      new Promise<void>((resolve) => {
        if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 5000 });
        else setTimeout(resolve, 0);
      }),
  );
}

/**
 * Loads the member's pages (routes marked `data: { offline: true }`) in the background once a
 * member is signed in, so the service worker has them for a day with no signal (the visit form,
 * the pending list) even if the member never opened them online. Other roles preload nothing.
 * It starts once the page asked for is shown and the browser idle: not part of the first load
 * (docs/field.md). `<html data-offline-preload-start>` holds when it started (epoch ms, for the
 * browser test's figures); when all are in, `<html data-offline-ready>` says so.
 */
@Injectable({ providedIn: 'root' })
export class OfflinePreload implements PreloadingStrategy {
  private readonly auth = inject(AuthStore);
  private readonly appRef = inject(ApplicationRef);
  private pending = 0;

  preload(route: Route, load: () => Observable<unknown>): Observable<unknown> {
    if (!route.data?.['offline'] || !can(this.auth.role(), 'workspace.field')) return of(null);
    this.pending++;
    return timer(PRELOAD_DELAY_MS).pipe(
      switchMap(() => settled(this.appRef)),
      tap(() => (document.documentElement.dataset['offlinePreloadStart'] ??= String(Date.now()))),
      switchMap(() => load()),
      // offline, a page not yet on the device cannot be preloaded: it will be next time
      catchError(() => of(null)),
      finalize(() => {
        if (--this.pending === 0) document.documentElement.dataset['offlineReady'] = 'true';
      }),
    );
  }
}
