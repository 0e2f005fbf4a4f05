import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** What the gateway receives: the inbox item and whom it is for. */
export interface WebhookPayload {
  id: string;
  type: string;
  caseId: string;
  title: string;
  at: string;
  read: boolean;
  recipient: { id: string; username: string; displayName: string; phone: string | null };
}

/** How long one attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Between passes over the queue even when nothing new came in (retries fall due). */
const IDLE_POLL_MS = 5_000;
const BATCH = 20;

/**
 * The delivery hook for SMS or messaging gateways: with NOTIFY_WEBHOOK_URL set, every new
 * inbox item is POSTed there as JSON. The queue is the notify_deliveries table (the delivery
 * log): a failed attempt is retried after NOTIFY_RETRY_BASE_MS, doubling each time, until
 * NOTIFY_MAX_ATTEMPTS; the row keeps the attempts, the last HTTP status or error, and when
 * it was delivered. Rows survive a restart, so nothing queued is lost.
 */
@Injectable()
export class NotifyDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotifyDelivery');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.notifyWebhookUrl !== null;
  }

  /** Deliveries queued before a restart go out once the database is migrated (the app may start first). */
  onApplicationBootstrap(): void {
    if (this.enabled) this.schedule(1000);
  }

  private async migrated(): Promise<boolean> {
    const [row] = await this.db
      .query<{ t: string | null }[]>(`SELECT to_regclass('notify_deliveries')::text AS t`)
      .catch(() => [{ t: null }]);
    return !!row?.t;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Queues the items (inside the caller's transaction); the worker picks them up after commit. */
  async enqueue(m: EntityManager, itemIds: readonly string[]): Promise<void> {
    if (!this.enabled || !itemIds.length) return;
    await m.query(`INSERT INTO notify_deliveries (item_id) SELECT unnest($1::uuid[])`, [itemIds]);
    this.schedule(50);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), ms);
    this.timer.unref();
  }

  /** One pass: every due delivery, one after the other; then sleep until the next falls due. */
  async pass(): Promise<void> {
    if (this.running) return this.running;
    if (!(await this.migrated())) {
      this.schedule(IDLE_POLL_MS);
      return;
    }
    this.running = (async () => {
      try {
        for (;;) {
          const due = await this.db.query<{ id: string }[]>(
            `SELECT id FROM notify_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
              ORDER BY next_attempt_at, id LIMIT ${BATCH}`,
          );
          for (const d of due) {
            if (this.stopped) return;
            await this.attempt(d.id);
          }
          if (due.length < BATCH) break;
        }
      } catch (err) {
        this.logger.warn(`webhook queue pass failed: ${(err as Error).message}`);
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    if (this.stopped) return;
    const [next] = await this.db
      .query<
        { wait: string | null }[]
      >(`SELECT extract(epoch FROM min(next_attempt_at) - now()) * 1000 AS wait FROM notify_deliveries WHERE status = 'pending'`)
      .catch(() => [{ wait: null }]);
    const wait = next?.wait === null || next?.wait === undefined ? IDLE_POLL_MS : Number(next.wait);
    this.schedule(Math.max(10, Math.min(IDLE_POLL_MS, Math.ceil(wait))));
  }

  private async attempt(deliveryId: string): Promise<void> {
    const [row] = await this.db.query<
      {
        attempts: number;
        id: string;
        type: string;
        case_id: string;
        title: string;
        at: Date;
        read_at: Date | null;
        user_id: string;
        username: string;
        display_name: string;
        phone: string | null;
      }[]
    >(
      `SELECT d.attempts, i.id, i.type, i.case_id, i.title, i.at, i.read_at,
              u.id AS user_id, u.username, u.display_name, u.phone
         FROM notify_deliveries d JOIN inbox_items i ON i.id = d.item_id JOIN users u ON u.id = i.user_id
        WHERE d.id = $1 AND d.status = 'pending'`,
      [deliveryId],
    );
    if (!row) return;
    const payload: WebhookPayload = {
      id: row.id,
      type: row.type,
      caseId: row.case_id,
      title: row.title,
      at: new Date(row.at).toISOString(),
      read: row.read_at !== null,
      recipient: { id: row.user_id, username: row.username, displayName: row.display_name, phone: row.phone },
    };
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(this.config.notifyWebhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-delivery-id': deliveryId },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message || 'request failed';
    }
    const attempts = row.attempts + 1;
    if (!error) {
      await this.db.query(
        `UPDATE notify_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now()
          WHERE id = $1`,
        [deliveryId, attempts, status],
      );
      return;
    }
    const giveUp = attempts >= this.config.notifyMaxAttempts;
    const backoff = this.config.notifyRetryBaseMs * 2 ** (attempts - 1);
    await this.db.query(
      `UPDATE notify_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5,
              next_attempt_at = now() + make_interval(secs => $6::double precision / 1000)
        WHERE id = $1`,
      [deliveryId, giveUp ? 'failed' : 'pending', attempts, status, error.slice(0, 500), backoff],
    );
    if (giveUp) this.logger.warn(`webhook delivery ${deliveryId} failed ${attempts} times: ${error}`);
  }
}
