import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions extends Partial<Omit<DatabaseSettings, 'poolSize'>> {
  url: string;
  poolSize: number;
  logging?: boolean;
}

/** pg's message when DB_QUERY_TIMEOUT_MS passed without an answer (pg/lib/client.js) */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

/** a transaction left open without a statement this long is ended by PostgreSQL (locks freed) */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

type QueryCallback = (err: Error | null, res?: unknown) => void;

/**
 * pg's client with one change: when a query's answer has not arrived within `query_timeout`,
 * pg rejects the query but keeps the connection, the unanswered query still at its head, and the
 * pool hands that connection out again: every later query on it waits behind the lost one. A
 * connection that did not answer in that time is broken (PostgreSQL's statement_timeout, which
 * is shorter, would have answered otherwise): close it, so the pool drops it and opens a new one.
 */
export class BrokenConnectionClosingClient extends Client {
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      args[args.length - 1] = (err: Error | null, res?: unknown) => {
        this.closeIfTimedOut(err);
        callback(err, res);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((err: unknown) => this.closeIfTimedOut(err));
    return result as never;
  }

  private closeIfTimedOut(err: unknown): void {
    if (err instanceof Error && err.message === QUERY_READ_TIMEOUT) {
      (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    }
  }
}

/** The pg pool options of DatabaseOptions: one place for every client-side limit. */
export function poolOptions(o: DatabaseOptions): Record<string, unknown> {
  const statementTimeout = o.statementTimeoutMs ?? 30_000;
  const queryTimeout = o.queryTimeoutMs ?? (statementTimeout ? statementTimeout + 5_000 : 0);
  return {
    Client: BrokenConnectionClosingClient,
    max: o.poolSize,
    // also the longest wait for a free connection of a busy pool
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: o.idleTimeoutMs ?? 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: o.keepAliveDelayMs ?? 10_000,
    // sent as start-up parameters: PostgreSQL enforces them per connection
    ...(statementTimeout ? { statement_timeout: statementTimeout } : {}),
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    ...(queryTimeout ? { query_timeout: queryTimeout } : {}),
  };
}

/** One definition of the connection, shared by the app, the tests and the migration CLI. */
export function dataSourceOptions(o: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no uuid-ossp needed
    uuidExtension: 'pgcrypto',
    url: o.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: o.logging ? ['error', 'warn', 'migration'] : ['error'],
    extra: poolOptions(o),
  };
}

export function createDataSource(o: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(o));
}
