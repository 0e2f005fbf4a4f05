import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@tenplusn/domain';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** The channel the users trigger notifies (migration 1796000000000-account-notify). */
export const ACCOUNT_CHANNEL = 'account_changed';
const TRIGGER = 'trg_users_account_changed';
/** the listening connection's application_name (pg_stat_activity) */
export const LISTENER_NAME = 'tenplusn-account-listener';

/** What the per-request check needs of an account. */
export interface AccountState {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  branchId: string | null;
  active: boolean;
  tokenVersion: number;
}

/** how often the listening connection is proven alive; past STALE_MS without proof the cache is off */
const PING_MS = 5_000;
const PING_TIMEOUT_MS = 5_000;
const STALE_MS = 15_000;
const MAX_ENTRIES = 50_000;
/** how long a change waits for its own notification to come back (see changed()) */
const ECHO_WAIT_MS = 2_000;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        ok(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        fail(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });

/**
 * The account state behind every authenticated request (active, role, branch, token version),
 * kept in memory and invalidated through PostgreSQL LISTEN/NOTIFY: a row trigger on `users`
 * notifies `account_changed` with the account's id when any of those columns changes, in every
 * process (and for changes made with psql), at commit.
 *
 * The cache is used only while it is provably fed: the dedicated listening connection is up,
 * `LISTEN` succeeded, the trigger exists and a ping on that connection answered within the last
 * STALE_MS. Otherwise — no listener yet, the connection dropped, the embedded database (one
 * session, no second connection), a schema without the trigger — every request reads the row,
 * as without the cache, and the cache is emptied; it starts again empty when the listener is back.
 * A row read while a notification (or a reconnection) arrives is used for that request but not
 * kept, so a read that raced a change cannot outlive it.
 */
@Injectable()
export class AccountCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AccountCache');
  private readonly entries = new Map<string, AccountState>();
  /** raised by every notification, drop and reconnection: a read that saw it change is not kept */
  private generation = 0;
  private listener: Client | null = null;
  private listening = false;
  private triggerPresent = false;
  private provenAt = 0;
  private closed = false;
  private retryMs = 1_000;
  private pingTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly echoes = new Map<string, (() => void)[]>();
  /** for the tests and the metrics: reads answered from memory and from the database */
  readonly counts = { hits: 0, reads: 0 };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    let version = '';
    try {
      const rows = await this.db.query<{ version: string }[]>('SELECT version() AS version');
      version = rows[0]?.version ?? '';
    } catch {
      /* the database is down: the listener retries below */
    }
    // PGlite serves every connection from one session: a listening connection would interleave
    // with the pool's queries. One process, one session: the per-request read stays.
    if (version.includes('PGlite')) return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.down(null);
  }

  /** true while a change anywhere would reach this process: the cache may answer */
  get live(): boolean {
    return this.listening && this.triggerPresent && Date.now() - this.provenAt < STALE_MS;
  }

  /** The account's current state, from memory when the cache is live, else from the database. */
  async get(id: string): Promise<AccountState | null> {
    if (this.live) {
      const hit = this.entries.get(id.toLowerCase());
      if (hit) {
        this.counts.hits++;
        return hit;
      }
    }
    const generation = this.generation;
    const wasLive = this.live;
    this.counts.reads++;
    const row = await this.db.query<AccountState[]>(
      `SELECT id, username, display_name AS "displayName", role, branch_id AS "branchId", active,
              token_version AS "tokenVersion"
         FROM users WHERE id = $1`,
      [id],
    );
    const account = row[0] ?? null;
    if (account && wasLive && this.live && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(account.id, account);
    }
    return account;
  }

  /**
   * After this process committed a change of the account: forget it here at once and wait
   * (bounded) until PostgreSQL's notification of it has come back on the listening connection.
   * PostgreSQL signals every listener at the same commit, so when the answer to the change
   * leaves, the other processes have been told too.
   */
  async changed(id: string): Promise<void> {
    this.forget(id);
    if (!this.live) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ECHO_WAIT_MS);
      const waiting = this.echoes.get(id) ?? [];
      waiting.push(done);
      this.echoes.set(id, waiting);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private forget(id: string | '*'): void {
    this.generation++;
    if (id === '*') this.entries.clear();
    else this.entries.delete(id);
  }

  private onNotification(payload: string | undefined): void {
    const id = payload && /^[0-9a-f-]{36}$/i.test(payload) ? payload.toLowerCase() : '*';
    this.forget(id);
    const release = (key: string) => {
      for (const done of this.echoes.get(key) ?? []) done();
      this.echoes.delete(key);
    };
    if (id === '*') for (const key of [...this.echoes.keys()]) release(key);
    else release(id);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const url = (this.db.options as PostgresConnectionOptions).url;
    const client = new Client({ connectionString: url, keepAlive: true, application_name: LISTENER_NAME });
    this.listener = client;
    client.on('notification', (msg) => {
      if (msg.channel === ACCOUNT_CHANNEL) this.onNotification(msg.payload);
    });
    client.on('error', (err) => this.down(err));
    client.on('end', () => this.down(new Error('the listening connection ended')));
    try {
      await withTimeout(client.connect(), 5_000);
      await withTimeout(client.query(`LISTEN ${ACCOUNT_CHANNEL}`), PING_TIMEOUT_MS);
      if (this.listener !== client) return;
      // everything kept before now may have missed a change: start empty
      this.forget('*');
      this.listening = true;
      this.retryMs = 1_000;
      await this.ping(client);
      if (this.listener !== client) return;
      this.pingTimer = setInterval(() => void this.ping(client), PING_MS);
      this.pingTimer.unref();
      this.log.log('account changes are followed through LISTEN/NOTIFY');
    } catch (err) {
      this.down(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Checks the listener now (as the next ping would): whether the cache may answer. */
  async verify(): Promise<boolean> {
    if (this.listener && this.listening) await this.ping(this.listener);
    return this.live;
  }

  /** proves the connection (and so the delivery of notifications) alive; checks the trigger */
  private async ping(client: Client): Promise<void> {
    try {
      const { rows } = await withTimeout(
        client.query<{ present: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = $1) AS present',
          [TRIGGER],
        ),
        PING_TIMEOUT_MS,
      );
      if (this.listener !== client) return;
      const present = rows[0]?.present === true;
      if (present && !this.triggerPresent) this.forget('*');
      this.triggerPresent = present;
      this.provenAt = Date.now();
    } catch (err) {
      if (this.listener === client) this.down(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** the listener is gone: no more answers from memory until it is back, then reconnect */
  private down(err: Error | null): void {
    const client = this.listener;
    this.listener = null;
    this.listening = false;
    this.triggerPresent = false;
    this.forget('*');
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    for (const key of [...this.echoes.keys()]) {
      for (const done of this.echoes.get(key) ?? []) done();
      this.echoes.delete(key);
    }
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
    }
    if (this.closed) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      return;
    }
    if (err && client) this.log.warn(`account cache off (every request reads the account): ${err.message}`);
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.connect();
      }, this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    }
  }
}
