import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isIPv4 } from 'node:net';
import { DataSource } from 'typeorm';
import { onlyRow } from '../database/rows';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** More failures than this for one username from one address within the window block that pair. */
export const MAX_FAILURES_PER_PAIR = 5;
/** More failures than this from one address within the window, across usernames, block the address. */
export const MAX_FAILURES_PER_ADDRESS = 30;
const PRUNE_EVERY_MS = 5 * 60 * 1000;

export type ThrottleScope = 'pair' | 'address';

/** A reserved attempt: counted as a failure until succeeded() takes it back. */
export interface ThrottleTicket {
  pairKey: string;
  addressKey: string;
  at: Date;
}

export type Reservation =
  | { kind: 'go'; ticket: ThrottleTicket }
  | {
      kind: 'blocked';
      scope: ThrottleScope;
      retryAfterSeconds: number;
      /** the first refusal of this block (written to the audit log once, not per attempt) */
      firstRefusal: boolean;
    };

interface Row {
  key: string;
  failures: Date[];
  block_logged_until: Date | null;
  now: Date;
}

/** '::ffff:10.0.0.1' → '10.0.0.1'; no address → 'unknown' (all such requests share one budget). */
export function normalizeAddress(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(.+)$/i.exec(ip);
  const v4 = mapped?.[1];
  return v4 && isIPv4(v4) ? v4 : ip.toLowerCase();
}

/**
 * Sign-in throttling per (username, client address) and per client address, in PostgreSQL so
 * that several API processes share it. An attempt is counted *before* the password is checked
 * (reserve) and taken back on success, so parallel guesses cannot outrun the limit, and no
 * database connection is held while argon2 runs. Unknown usernames are counted like known ones.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  async reserve(username: string, ip: string | null): Promise<Reservation> {
    const address = normalizeAddress(ip);
    const pairKey = `pair:${address}|${username}`;
    const addressKey = `addr:${address}`;
    const limits: Record<string, { limit: number; scope: ThrottleScope }> = {
      [pairKey]: { limit: MAX_FAILURES_PER_PAIR, scope: 'pair' },
      [addressKey]: { limit: MAX_FAILURES_PER_ADDRESS, scope: 'address' },
    };
    const keys = [addressKey, pairKey].sort();
    // fast path, no lock: a pair or address that is already blocked is refused with one read,
    // so a flood of refused attempts does not queue on the row locks (and the pool) below
    const current = (await this.db.query(
      `SELECT key, failures, block_logged_until, date_trunc('milliseconds', now()) AS now
         FROM login_throttle WHERE key = ANY($1)`,
      [keys],
    )) as Row[];
    const known = this.blocked(current, limits);
    if (known && !known.unlogged.length) {
      return {
        kind: 'blocked',
        scope: known.scope,
        retryAfterSeconds: known.retryAfterSeconds,
        firstRefusal: false,
      };
    }
    return this.db.transaction(async (m) => {
      // rows in a fixed order: two attempts lock them in the same order and cannot deadlock
      await m.query(`INSERT INTO login_throttle (key) VALUES ($1), ($2) ON CONFLICT (key) DO NOTHING`, keys);
      const rows = (await m.query(
        `SELECT key, failures, block_logged_until, date_trunc('milliseconds', now()) AS now
           FROM login_throttle WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
        [keys],
      )) as Row[];
      const block = this.blocked(rows, limits);
      if (block) {
        for (const u of block.unlogged) {
          await m.query(`UPDATE login_throttle SET block_logged_until = $2 WHERE key = $1`, [u.key, u.until]);
        }
        const { scope, retryAfterSeconds } = block;
        return { kind: 'blocked', scope, retryAfterSeconds, firstRefusal: block.unlogged.length > 0 };
      }
      const now = new Date(onlyRow(rows, 'login throttle').now);
      for (const row of rows) {
        const kept = [...this.recent(row, now), now].slice(-(limits[row.key]?.limit ?? 0));
        await m.query(`UPDATE login_throttle SET failures = $2, updated_at = $3 WHERE key = $1`, [
          row.key,
          kept,
          now,
        ]);
      }
      return { kind: 'go', ticket: { pairKey, addressKey, at: now } };
    });
  }

  /** The failures of a row still inside the window, oldest first. */
  private recent(row: Row, now: Date): Date[] {
    const cutoff = now.getTime() - THROTTLE_WINDOW_MS;
    return row.failures
      .map((f) => new Date(f))
      .filter((f) => f.getTime() > cutoff)
      .sort((a, b) => a.getTime() - b.getTime());
  }

  /**
   * Whether these rows block an attempt now: the longest block wins; `unlogged` are the blocks
   * not yet written to the audit log (with the time each ends).
   */
  private blocked(
    rows: Row[],
    limits: Record<string, { limit: number; scope: ThrottleScope }>,
  ): { scope: ThrottleScope; retryAfterSeconds: number; unlogged: { key: string; until: Date }[] } | null {
    let blockedUntil = 0;
    let scope: ThrottleScope = 'pair';
    const unlogged: { key: string; until: Date }[] = [];
    for (const row of rows) {
      const now = new Date(row.now);
      const times = this.recent(row, now);
      const rule = limits[row.key];
      // it opens again when enough of these failures have left the window
      const opening = rule && times.length >= rule.limit ? times[times.length - rule.limit] : undefined;
      if (!rule || !opening) continue;
      const rowScope = rule.scope;
      const until = opening.getTime() + THROTTLE_WINDOW_MS;
      if (until > blockedUntil) {
        blockedUntil = until;
        scope = rowScope;
      }
      if (!row.block_logged_until || new Date(row.block_logged_until).getTime() < now.getTime()) {
        unlogged.push({ key: row.key, until: new Date(until) });
      }
    }
    if (!blockedUntil) return null;
    const now = new Date(onlyRow(rows, 'login throttle').now).getTime();
    return { scope, retryAfterSeconds: Math.max(1, Math.ceil((blockedUntil - now) / 1000)), unlogged };
  }

  /** A successful sign-in: the pair's count is cleared and the reserved attempt taken back. */
  async succeeded(ticket: ThrottleTicket): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle WHERE key = $1`, [ticket.pairKey]);
    await this.db.query(`UPDATE login_throttle SET failures = array_remove(failures, $2) WHERE key = $1`, [
      ticket.addressKey,
      ticket.at,
    ]);
  }

  /** Rows whose failures have all left the window carry nothing. */
  async prune(): Promise<number> {
    const result = (await this.db.query(
      `DELETE FROM login_throttle WHERE updated_at < now() - make_interval(secs => $1)
         AND (block_logged_until IS NULL OR block_logged_until < now())`,
      [THROTTLE_WINDOW_MS / 1000],
    )) as [unknown[], number];
    const deleted = Array.isArray(result) ? result[1] : 0;
    if (deleted > 0) this.logger.log(`pruned ${deleted} expired sign-in throttle rows`);
    return deleted;
  }
}
