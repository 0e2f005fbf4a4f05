import { Client } from 'pg';
import { BrokenConnectionClosingClient } from '../src/database/data-source';
import { startBreakableProxy, BreakableProxy } from './support/breakable-proxy';
import { login } from './support/factories';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/**
 * The database client's limits (DB_* settings) on the real thing: the app talks to its database
 * through a proxy the test breaks the way networks break. Before these limits a broken
 * connection held a request for as long as the operating system kept the TCP connection (many
 * minutes), and a statement stuck behind a lock for 60 s.
 */
const LIMITS = {
  DB_POOL_SIZE: '3',
  DB_CONNECT_TIMEOUT_MS: '1000',
  DB_STATEMENT_TIMEOUT_MS: '1000',
  DB_QUERY_TIMEOUT_MS: '2000',
};
/** the longest a request may take to fail: the limits above plus scheduling on a busy machine */
const FAIL_FAST_MS = 6000;
const HEALTH_DOWN_MS = 3500;

describe('database client limits', () => {
  let direct: TestApp; // migrated the database and created the admin; talks to it directly
  let proxy: BreakableProxy;
  let t: TestApp; // the app under test, through the proxy
  let token: string;

  beforeAll(async () => {
    direct = await createTestApp();
    proxy = await startBreakableProxy(direct.database.url);
    t = await createTestApp(LIMITS, { ...direct.database, url: proxy.url });
    token = await login(t.http, 'admin', TEST_ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await proxy?.stop();
    await t?.app.close().catch(() => undefined);
    await direct?.close();
  });

  const timed = async <T>(run: () => PromiseLike<T>): Promise<{ ms: number; res: T }> => {
    const t0 = Date.now();
    const res = await run();
    return { ms: Date.now() - t0, res };
  };
  const branches = () => t.http.get('/api/branches').set('Authorization', `Bearer ${token}`).timeout(60_000);
  const health = () => t.http.get('/api/health').timeout(60_000);

  /**
   * polls a route until it answers 200 again: the pool must have dropped its broken connections
   * by itself (the health check's own query does not get to clean them up first), then health
   */
  async function recovers(withinMs: number): Promise<number> {
    const t0 = Date.now();
    while (Date.now() - t0 < withinMs) {
      if ((await branches()).status === 200) {
        expect((await health()).status).toBe(200);
        return Date.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the app did not recover within ${withinMs} ms`);
  }

  it('sends the statement and idle-transaction timeouts to PostgreSQL with every connection', async () => {
    const [row] = await t.db.query<{ statement_timeout: string; idle: string }[]>(
      `SELECT current_setting('statement_timeout') AS statement_timeout,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    // and the pool that TypeORM built got the client-side ones
    const pool = (t.db.driver as unknown as { master: { options: Record<string, unknown> } }).master;
    expect(pool.options).toMatchObject({
      max: 3,
      connectionTimeoutMillis: 1000,
      query_timeout: 2000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
      Client: BrokenConnectionClosingClient,
    });
    if (t.database.kind === 'postgres') expect(row).toEqual({ statement_timeout: '1s', idle: '1min' });
    // PGlite's socket server ignores start-up parameters: the embedded database runs unbounded
    else expect(t.database.kind).toBe('pglite');
  });

  it('cancels a statement stuck behind a lock: 503 SERVICE_UNAVAILABLE in the error shape, health stays up', async () => {
    if (t.database.kind !== 'postgres') {
      // one PGlite session cannot hold a lock against itself; CI runs this on PostgreSQL
      expect(t.database.kind).toBe('pglite');
      return;
    }
    const holder = new Client({ connectionString: direct.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE branches IN ACCESS EXCLUSIVE MODE');
      const { ms, res } = await timed(() => branches());
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
      });
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(FAIL_FAST_MS);
      // the database answers: health says so while one table is locked
      expect((await health()).body).toEqual({ status: 'ok', db: 'up' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect((await branches()).status).toBe(200);
  });

  it('a broken connection (no answer, no reset): 503 within the query timeout, health down within its bound, then recovery', async () => {
    expect((await branches()).status).toBe(200);
    expect((await health()).status).toBe(200);
    proxy.blackhole();
    try {
      const [req, h] = await Promise.all([timed(() => branches()), timed(() => health())]);
      expect(req.res.status).toBe(503);
      expect(req.res.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(req.ms).toBeLessThan(FAIL_FAST_MS);
      expect(h.res.status).toBe(503);
      expect(h.res.body).toEqual({ status: 'error', db: 'down' });
      expect(h.ms).toBeLessThan(HEALTH_DOWN_MS);
      // and again: a second request does not queue behind the first one's lost query
      const again = await timed(() => branches());
      expect(again.res.status).toBe(503);
      expect(again.ms).toBeLessThan(FAIL_FAST_MS);
    } finally {
      await proxy.heal();
    }
    // the connections that went dead stay dead (half-open): the pool must drop them, not reuse them
    await recovers(15_000);
    for (let i = 0; i < 5; i++) expect((await branches()).status).toBe(200);
  });

  it('the database is gone (nothing listens): health 503 at once, requests 503, then recovery', async () => {
    await proxy.refuse();
    try {
      const h = await timed(() => health());
      expect(h.res.status).toBe(503);
      expect(h.res.body).toEqual({ status: 'error', db: 'down' });
      expect(h.ms).toBeLessThan(HEALTH_DOWN_MS);
      const req = await timed(() => branches());
      expect(req.res.status).toBe(503);
      expect(req.res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(req.ms).toBeLessThan(FAIL_FAST_MS);
    } finally {
      await proxy.heal();
    }
    await recovers(15_000);
  });
});
