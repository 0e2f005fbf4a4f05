import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { CreateVisitRequest, CreateVisitResponse } from '@tenplusn/domain';
import { firstValueFrom } from 'rxjs';
import { AppError, toAppError } from '../core/app-error';
import { AuthStore } from '../core/auth-store';
import { randomUuid } from '../core/random-uuid';
import { VisitApi } from '../data/visit-api';
import { VISIT_STORE } from './visit-store';

/** Where the queue lived before IndexedDB: moved over once, then removed. */
export const VISIT_QUEUE_STORAGE_KEY = 'tenplusn.visitQueue';

/** A visit that could not be sent; it keeps its clientId so a replay is recognised. */
export interface QueuedVisit {
  userId: string;
  queuedAt: string;
  request: CreateVisitRequest & { clientId: string };
  /** for the pending list: the household as the member chose it */
  householdName?: string;
  /** the server refused it when it was sent: kept, with the reason, for the member to see */
  refused?: { code: string; message: string; at: string };
}

export type SubmitResult = { status: 'sent'; response: CreateVisitResponse } | { status: 'queued' };

export interface FlushResult {
  sent: number;
  /** refused by the server (e.g. 400): kept in the pending list with the reason, never dropped */
  refused: AppError[];
  remaining: number;
}

/** The server could not be reached (or did not answer in time): keep the visit on the device. */
function isUnreachable(error: AppError): boolean {
  return error.code === 'NETWORK' || [502, 503, 504].includes(error.statusCode);
}

/** Errors after which the same request may succeed later: keep the visit queued. */
function isRetryable(error: AppError): boolean {
  return (
    error.code === 'NETWORK' ||
    error.code === 'UNAUTHENTICATED' ||
    error.statusCode >= 500 ||
    error.code === 'RATE_LIMITED'
  );
}

function legacyItems(): QueuedVisit[] {
  try {
    const raw = localStorage.getItem(VISIT_QUEUE_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as QueuedVisit[]) : [];
  } catch {
    return [];
  }
}

/**
 * Offline-first visit submission for members on a flaky network. A visit that fails for lack
 * of network (or of an answer in time) is kept in IndexedDB and sent again (same clientId, so
 * the server answers 200 with the first visit instead of writing it twice) when the browser
 * comes back online, on a timer, or when the app starts. Flushes never overlap. A visit the
 * server refuses stays in the list with the reason.
 */
@Injectable({ providedIn: 'root' })
export class VisitQueue {
  private readonly api = inject(VisitApi);
  private readonly auth = inject(AuthStore);
  private readonly store = inject(VISIT_STORE);
  private readonly items = signal<QueuedVisit[]>([]);
  private flushing: Promise<FlushResult> | null = null;
  /** the stored queue has been read (and the old localStorage queue moved over) */
  readonly ready: Promise<void> = this.load();

  /** Queued visits of the signed-in user, refused ones included. */
  readonly pending = computed(() => {
    const userId = this.auth.user()?.id;
    return this.items().filter((item) => item.userId === userId);
  });
  readonly count = computed(() => this.pending().length);

  private async load(): Promise<void> {
    try {
      const legacy = legacyItems();
      for (const item of legacy) await this.store.put(item);
      if (legacy.length) localStorage.removeItem(VISIT_QUEUE_STORAGE_KEY);
      this.items.set(await this.store.all());
    } catch (error: unknown) {
      console.error('the visit queue could not be read', error);
    }
  }

  async submit(request: CreateVisitRequest, householdName?: string): Promise<SubmitResult> {
    const userId = this.auth.user()?.id;
    if (!userId) throw new Error('not signed in');
    const withId = { ...request, clientId: request.clientId ?? randomUuid() };
    try {
      const response = await firstValueFrom(this.api.create(withId));
      return { status: 'sent', response: response.body as CreateVisitResponse };
    } catch (error: unknown) {
      if (error instanceof HttpErrorResponse && isUnreachable(toAppError(error))) {
        await this.ready;
        await this.store.put({ userId, queuedAt: new Date().toISOString(), request: withId, householdName });
        this.items.set(await this.store.all());
        return { status: 'queued' };
      }
      throw error;
    }
  }

  /** Sends the signed-in user's queued visits, oldest first; concurrent calls share one run. */
  flush(): Promise<FlushResult> {
    this.flushing ??= this.run().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async run(): Promise<FlushResult> {
    await this.ready;
    const userId = this.auth.user()?.id;
    const result: FlushResult = { sent: 0, refused: [], remaining: 0 };
    if (!userId) return result;
    // Another tab may have changed the queue: start from what is stored.
    const stored = await this.store.all();
    this.items.set(stored);
    for (const item of stored.filter((i) => i.userId === userId && !i.refused)) {
      try {
        await firstValueFrom(this.api.create(item.request));
        result.sent++;
        await this.store.delete(item.request.clientId);
      } catch (error: unknown) {
        const appError = toAppError(error);
        if (isRetryable(appError)) break;
        result.refused.push(appError);
        await this.store.put({
          ...item,
          refused: { code: appError.code, message: appError.message, at: new Date().toISOString() },
        });
      }
      this.items.set(await this.store.all());
    }
    result.remaining = this.pending().length;
    return result;
  }
}
