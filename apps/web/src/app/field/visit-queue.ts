import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { CreateVisitRequest, CreateVisitResponse } from '@tenplusn/domain';
import { firstValueFrom } from 'rxjs';
import { AppError, toAppError } from '../core/app-error';
import { AuthStore } from '../core/auth-store';
import { randomUuid } from '../core/random-uuid';
import { VisitApi } from '../data/visit-api';

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

/** The server could not be reached: keep the visit on the device. */
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

/**
 * Offline-first visit submission for members on a flaky network. A visit that fails for
 * lack of network is kept in localStorage and sent again (same clientId, so the server
 * answers 200 with the first visit instead of writing it twice) when the browser comes back
 * online or the app starts. Flushes never overlap, so each queued visit is sent once at a time.
 */
@Injectable({ providedIn: 'root' })
export class VisitQueue {
  private readonly api = inject(VisitApi);
  private readonly auth = inject(AuthStore);
  private readonly items = signal<QueuedVisit[]>(this.read());
  private flushing: Promise<FlushResult> | null = null;

  /** Queued visits of the signed-in user. */
  readonly pending = computed(() => {
    const userId = this.auth.user()?.id;
    return this.items().filter((item) => item.userId === userId);
  });
  readonly count = computed(() => this.pending().length);

  async submit(request: CreateVisitRequest, householdName?: string): Promise<SubmitResult> {
    const userId = this.auth.user()?.id;
    if (!userId) throw new Error('not signed in');
    const withId = { ...request, clientId: request.clientId ?? randomUuid() };
    try {
      const response = await firstValueFrom(this.api.create(withId));
      return { status: 'sent', response: response.body as CreateVisitResponse };
    } catch (error: unknown) {
      if (error instanceof HttpErrorResponse && isUnreachable(toAppError(error))) {
        this.write([
          ...this.read(),
          { userId, queuedAt: new Date().toISOString(), request: withId, householdName },
        ]);
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
    const userId = this.auth.user()?.id;
    const result: FlushResult = { sent: 0, refused: [], remaining: 0 };
    if (!userId) return result;
    // Another tab may have changed the queue: start from what is stored.
    this.items.set(this.read());
    for (const item of this.read().filter((i) => i.userId === userId && !i.refused)) {
      try {
        await firstValueFrom(this.api.create(item.request));
        result.sent++;
        this.remove(item.request.clientId);
      } catch (error: unknown) {
        const appError = toAppError(error);
        if (isRetryable(appError)) break;
        result.refused.push(appError);
        this.update(item.request.clientId, {
          refused: { code: appError.code, message: appError.message, at: new Date().toISOString() },
        });
      }
    }
    result.remaining = this.pending().length;
    return result;
  }

  private remove(clientId: string): void {
    this.write(this.read().filter((i) => i.request.clientId !== clientId));
  }

  private update(clientId: string, change: Partial<QueuedVisit>): void {
    this.write(this.read().map((i) => (i.request.clientId === clientId ? { ...i, ...change } : i)));
  }

  private read(): QueuedVisit[] {
    try {
      const raw = localStorage.getItem(VISIT_QUEUE_STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as QueuedVisit[]) : [];
    } catch {
      return [];
    }
  }

  private write(items: QueuedVisit[]): void {
    localStorage.setItem(VISIT_QUEUE_STORAGE_KEY, JSON.stringify(items));
    this.items.set(items);
  }
}
