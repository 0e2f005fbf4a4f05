import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, interval, merge } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { InboxApi } from '../data/inbox-api';

/** How often the bell asks for the unread count while the app is open. */
const REFRESH_MS = 60_000;

/**
 * The signed-in user's unread inbox count for the bell: fetched on start, after every
 * navigation (at most once a minute otherwise), and set right away when the inbox page reads items.
 */
@Injectable({ providedIn: 'root' })
export class UnreadCount {
  private readonly api = inject(InboxApi);
  private readonly auth = inject(AuthStore);
  private readonly count = signal<number | null>(null);
  readonly value = this.count.asReadonly();
  private started = false;

  /** Starts refreshing (the shell calls it once; it stops with the caller). */
  watch(destroyRef: DestroyRef = inject(DestroyRef)): void {
    if (this.started) return;
    this.started = true;
    destroyRef.onDestroy(() => (this.started = false));
    const navigations = inject(Router).events.pipe(filter((e) => e instanceof NavigationEnd));
    merge(navigations, interval(REFRESH_MS))
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.refresh());
    this.refresh();
  }

  refresh(): void {
    if (!this.auth.isAuthenticated()) return;
    this.api.list({ unread: true, pageSize: 1 }).subscribe({
      next: (page) => this.count.set(page.unread),
      error: () => undefined,
    });
  }

  set(value: number): void {
    this.count.set(value);
  }
}
