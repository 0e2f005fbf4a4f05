import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp, CreateAppOptions } from '../../src/create-app';
import { prepareDatabase } from '../../src/database/bootstrap';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_ADMIN_PASSWORD = 'admin-password-123';

/**
 * Timeout for a suite's `beforeAll(createTestApp)`: a fresh database plus every migration can take
 * minutes when several checkouts test at once on a small machine (jest's default here is 60 s).
 */
export const SLOW_START = 180_000;

/**
 * The `Authorization` header for an access token, for `request.set(bearer(token))`. A missing token
 * (a role not logged in, a lookup that missed) fails loudly here instead of sending `Bearer undefined`
 * and passing a 401 test for the wrong reason.
 */
export function bearer(token: string | undefined): { Authorization: string } {
  if (!token) throw new Error('bearer(): no access token (log this user in first)');
  return { Authorization: `Bearer ${token}` };
}

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  db: DataSource;
  database: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application (all modules, pipes, filters, guards) on a fresh migrated database, or
 * on `shared`, another test app's database (a second API process: it leaves the database alone
 * on close).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  shared?: TestDatabase,
  options: CreateAppOptions = {},
): Promise<TestApp> {
  const database = shared ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: database.url,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    WEB_ROOT: '/nonexistent',
    // tests run the inbox sweep themselves (InboxService.sweep), never on a timer
    INBOX_SWEEP_MINUTES: '0',
    // one connection to PGlite, as the app itself uses (see loadConfig)
    DB_POOL_SIZE: database.kind === 'pglite' ? '1' : '10',
    // periods are frozen by hand in tests; periods.test.ts turns the automatic freeze on
    AUTO_FREEZE: 'false',
    ...env,
  });
  const app = await createApp(config, database.url, options);
  await app.init();
  const db = app.get(DataSource);
  await prepareDatabase(db, config, { log: () => undefined, warn: () => undefined } as never);
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    database,
    config,
    async close() {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}

/** The item at `index`, failing the test right here when there is none (instead of reading `undefined.id`). */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`expected an item at index ${index} of ${items.length}`);
  return item;
}
