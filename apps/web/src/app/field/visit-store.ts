import { InjectionToken } from '@angular/core';
import { openDB } from 'idb';
import type { QueuedVisit } from './visit-queue';

/** Where queued visits live on the device. */
export interface VisitStore {
  all(): Promise<QueuedVisit[]>;
  put(item: QueuedVisit): Promise<void>;
  delete(clientId: string): Promise<void>;
}

const DB_NAME = 'tenplusn';
const STORE = 'visit-queue';

/**
 * IndexedDB (through idb): survives reloads and closed tabs, is shared by the tabs of one
 * origin, and, unlike the service worker, works on plain http at a LAN address too.
 */
export class IndexedDbVisitStore implements VisitStore {
  private readonly db = openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: 'request.clientId' });
    },
  });

  async all(): Promise<QueuedVisit[]> {
    const items = (await (await this.db).getAll(STORE)) as QueuedVisit[];
    return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async put(item: QueuedVisit): Promise<void> {
    await (await this.db).put(STORE, item);
  }

  async delete(clientId: string): Promise<void> {
    await (await this.db).delete(STORE, clientId);
  }
}

/** For environments without IndexedDB (unit tests under jsdom, a browser that blocks it). */
export class MemoryVisitStore implements VisitStore {
  private readonly items = new Map<string, QueuedVisit>();

  constructor(initial: QueuedVisit[] = []) {
    for (const item of initial) this.items.set(item.request.clientId, item);
  }

  async all(): Promise<QueuedVisit[]> {
    return [...this.items.values()].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  async put(item: QueuedVisit): Promise<void> {
    this.items.set(item.request.clientId, JSON.parse(JSON.stringify(item)) as QueuedVisit);
  }

  async delete(clientId: string): Promise<void> {
    this.items.delete(clientId);
  }
}

export const VISIT_STORE = new InjectionToken<VisitStore>('VisitStore', {
  providedIn: 'root',
  factory: () => (typeof indexedDB === 'undefined' ? new MemoryVisitStore() : new IndexedDbVisitStore()),
});
