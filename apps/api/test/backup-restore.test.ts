import { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { prepareDatabase } from '../src/database/bootstrap';
import { createDataSource } from '../src/database/data-source';
import { seedDemoTown } from '../src/database/demo-seed';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { createCase, createTown } from './support/factories';
import { bearer, createTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** seeding the demo town and starting PGlite several times on a busy 2-core machine */
const SLOW = 300_000;
const ROOT = resolve(__dirname, '../../..');

/** npm run backup / restore, as an operator runs them */
function tool(mode: 'backup' | 'restore', file: string, env: Record<string, string | undefined>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const r = spawnSync(process.execPath, ['tools/scripts/backup.mjs', mode, file], {
    cwd: ROOT,
    env: childEnv as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** every table of the schema: its row count and a digest of its rows in a fixed order */
async function contents(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const r = await c.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
      );
      const [row] = r.rows;
      result[name] = row ? `${row.n} ${row.digest ?? '-'}` : 'no row';
    }
    return result;
  } finally {
    await c.end();
  }
}

const rows = (c: Record<string, string>, table: string): number => Number(c[table]?.split(' ')[0] ?? 0);

/** The town's figures as staff see them, from the app running on `url`. */
async function figures(url: string): Promise<unknown[]> {
  const config = loadConfig({
    DATABASE_URL: url,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    WEB_ROOT: '/nonexistent',
  });
  const app: INestApplication = await createApp(config, url);
  try {
    await app.init();
    await prepareDatabase(app.get(DataSource), config, {
      log: () => undefined,
      warn: () => undefined,
    } as never);
    const http = request(app.getHttpServer());
    const login = await http
      .post('/api/auth/login')
      .send({ username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const auth = bearer((login.body as { accessToken: string }).accessToken);
    const period = '?from=2020-01-01&to=2030-12-31';
    const out: unknown[] = [];
    for (const path of [
      '/api/stats/overview',
      '/api/stats/branches',
      '/api/stats/categories',
      '/api/stats/overview',
    ]) {
      const res = await http.get(path + (out.length === 3 ? '' : period)).set(auth);
      expect(res.status).toBe(200);
      out.push(res.body);
    }
    return out;
  } finally {
    await app.close();
  }
}

describe('backup and restore (npm run backup / restore)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'backup-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('on the PostgreSQL the tests use (pg_dump custom format)', () => {
    let t: TestApp;
    let target: TestDatabase;
    beforeAll(async () => {
      t = await createTestApp();
      target = await createTestDatabase();
      await seedDemoTown(t.db, TEST_ADMIN_PASSWORD);
    }, SLOW);
    afterAll(async () => {
      await t?.close();
      await target?.drop();
    });

    it(
      'backs up a seeded database, restores it into an empty one: same rows, same figures; refuses a non-empty target',
      async () => {
        if (t.database.kind !== 'postgres') {
          // no PostgreSQL server (no TEST_DATABASE_URL): the embedded round trip below covers the tool
          expect(t.database.kind).toBe('pglite');
          return;
        }
        const file = join(dir, 'town.dump');
        const backup = tool('backup', file, { DATABASE_URL: t.database.url });
        expect(backup).toMatchObject({ status: 0 });
        expect(statSync(file).size).toBeGreaterThan(10_000);

        const restore = tool('restore', file, { DATABASE_URL: target.url });
        expect(restore.out).toContain('restored');
        expect(restore.status).toBe(0);

        const before = await contents(t.database.url);
        const after = await contents(target.url);
        expect(rows(before, 'households')).toBeGreaterThan(100);
        expect(rows(before, 'visits')).toBeGreaterThan(100);
        expect(rows(before, 'cases')).toBeGreaterThan(10);
        expect(after).toEqual(before);

        expect(await figures(target.url)).toEqual(await figures(t.database.url));
        const restored = await contents(target.url); // (signing in to read the figures wrote a session)

        // a second restore into the now non-empty database is refused, and changes nothing
        const again = tool('restore', file, { DATABASE_URL: target.url });
        expect(again.status).toBe(2);
        expect(again.out).toMatch(/not empty/);
        expect(await contents(target.url)).toEqual(restored);
        // an embedded backup is no PostgreSQL dump
        expect(tool('restore', file, { DATABASE_URL: undefined, DATA_DIR: join(dir, 'x') }).out).toMatch(
          /PostgreSQL dump/,
        );
      },
      SLOW,
    );
  });

  it(
    'round-trips the embedded database (PGlite dump of DATA_DIR) into an empty DATA_DIR',
    async () => {
      const source = join(dir, 'embedded-a');
      const restored = join(dir, 'embedded-b');
      const embeddedContents = async (dataDir: string) => {
        const pg = await startEmbeddedPostgres(dataDir, 2);
        try {
          return await contents(pg.url);
        } finally {
          await pg.stop();
        }
      };

      const pg = await startEmbeddedPostgres(source, 2);
      try {
        const db = createDataSource({ url: pg.url, poolSize: 1 });
        await db.initialize();
        await db.runMigrations({ transaction: 'each' });
        // a small town (the demo seed takes minutes on PGlite here)
        const town = await createTown(db);
        await createCase(db, {
          householdId: town.householdA.id,
          branchId: town.branchA.id,
          raisedById: town.memberA.id,
        });
        await db.destroy();
        // while the app (here: this process) holds the data directory, the tool stays away
        const busy = tool('backup', join(dir, 'busy.tgz'), { DATABASE_URL: undefined, DATA_DIR: source });
        expect(busy.status).toBe(2);
        expect(busy.out).toMatch(/stop it first/);
      } finally {
        await pg.stop();
      }

      const file = join(dir, 'embedded.tgz');
      expect(tool('backup', file, { DATABASE_URL: undefined, DATA_DIR: source })).toMatchObject({
        status: 0,
      });
      const restore = tool('restore', file, { DATABASE_URL: undefined, DATA_DIR: restored });
      expect(restore.out).toContain('restored');
      expect(restore.status).toBe(0);

      const before = await embeddedContents(source);
      expect(rows(before, 'households')).toBeGreaterThan(0);
      expect(rows(before, 'cases')).toBeGreaterThan(0);
      expect(await embeddedContents(restored)).toEqual(before);

      const again = tool('restore', file, { DATABASE_URL: undefined, DATA_DIR: restored });
      expect(again.status).toBe(2);
      expect(again.out).toMatch(/already holds a database/);
    },
    SLOW,
  );

  it('refuses without a file name, and a file that is no backup', () => {
    expect(tool('backup', '', {}).status).toBe(2);
    const notADump = join(ROOT, 'package.json');
    const r = tool('restore', notADump, { DATABASE_URL: undefined, DATA_DIR: join(dir, 'empty') });
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/not a backup/);
  });
});
