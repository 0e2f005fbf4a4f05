import { inject, Injectable } from '@angular/core';
import { PreloadingStrategy, Route } from '@angular/router';
import { can } from '@tenplusn/domain';
import { catchError, finalize, Observable, of, switchMap, timer } from 'rxjs';
import { AuthStore } from './auth-store';

/** After the page the member asked for has loaded: its own first load stays small. */
const PRELOAD_DELAY_MS = 1500;

/**
 * Loads the member's pages (routes marked `data: { offline: true }`) in the background once a
 * member is signed in, so the service worker has them for a day with no signal (the visit form,
 * the pending list) even if the member never opened them online. Other roles preload nothing.
 * When all are in, `<html data-offline-ready>` says so (the browser tests wait for it).
 */
@Injectable({ providedIn: 'root' })
export class OfflinePreload implements PreloadingStrategy {
  private readonly auth = inject(AuthStore);
  private pending = 0;

  preload(route: Route, load: () => Observable<unknown>): Observable<unknown> {
    if (!route.data?.['offline'] || !can(this.auth.role(), 'workspace.field')) return of(null);
    this.pending++;
    return timer(PRELOAD_DELAY_MS).pipe(
      switchMap(() => load()),
      // offline, a page not yet on the device cannot be preloaded: it will be next time
      catchError(() => of(null)),
      finalize(() => {
        if (--this.pending === 0) document.documentElement.dataset['offlineReady'] = 'true';
      }),
    );
  }
}
