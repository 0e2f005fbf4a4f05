import type { ApiError } from '@tenplusn/domain';
import { createUser, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/**
 * Sign-in throttling as the contract says: per (username, client address) and per address,
 * kept in PostgreSQL so that it holds across API processes. Client addresses are varied with
 * X-Forwarded-For, which the app believes from its trusted proxy (loopback by default, where
 * supertest connects from).
 */
describe('login throttling', () => {
  let t: TestApp;
  let second: TestApp;
  let net = 0;
  /** a fresh client address for each scenario */
  const address = () => `198.51.${Math.floor(++net / 250)}.${(net % 250) + 1}`;

  beforeAll(async () => {
    t = await createTestApp();
    // a second API process on the same database
    second = await createTestApp({}, t.database);
  }, SLOW_START);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const attempt = (username: string, password: string, from: string, app: TestApp = t) =>
    app.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
  const fail = async (username: string, from: string, times: number, app: TestApp = t) => {
    for (let i = 0; i < times; i++) {
      const res = await attempt(username, `wrong-${i}-password`, from, app);
      expect([i, res.status]).toEqual([i, 401]);
    }
  };
  const expect429 = (res: { status: number; body: unknown; headers: Record<string, string> }) => {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      message: expect.any(String) as string,
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    return retryAfter;
  };
  const audit = (event: string, username: string) =>
    t.db.query<{ ip: string }[]>('SELECT ip FROM audit_log WHERE event = $1 AND username = $2', [
      event,
      username,
    ]);

  it('5 failures for one username from one address block that pair only: 429 with Retry-After, even for the right password', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const other = await createUser(t.db, { role: 'staff' });
    const a = address();
    await fail(u.username, a, 5);
    const retryAfter = expect429(await attempt(u.username, PASSWORD, a));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    // the right password from another address still works
    expect((await attempt(u.username, PASSWORD, address())).status).toBe(200);
    // another account from the same address still works
    expect((await attempt(other.username, PASSWORD, a)).status).toBe(200);
    // and the pair stays blocked
    expect429(await attempt(u.username, PASSWORD, a));
  });

  it('a success clears the pair’s count', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    await fail(u.username, a, 4);
    expect((await attempt(u.username, PASSWORD, a)).status).toBe(200);
    await fail(u.username, a, 5);
    expect429(await attempt(u.username, 'wrong-again-123', a));
  });

  it('opens again once the failures are 15 minutes old', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    await fail(u.username, a, 5);
    expect429(await attempt(u.username, PASSWORD, a));
    await t.db.query(
      `UPDATE login_throttle SET failures = ARRAY(SELECT f - interval '15 minutes 1 second' FROM unnest(failures) f)
        WHERE key LIKE $1`,
      [`%${a}%`],
    );
    expect((await attempt(u.username, PASSWORD, a)).status).toBe(200);
  });

  it('unknown usernames are throttled like known ones (and case-insensitively)', async () => {
    const ghost = `ghost_${Date.now()}`;
    const a = address();
    for (let i = 0; i < 5; i++) {
      expect((await attempt(i % 2 ? ghost.toUpperCase() : ghost, 'whatever-123', a)).status).toBe(401);
    }
    const res = await attempt(ghost, 'whatever-123', a);
    expect429(res);
  });

  it('more than 30 failures from one address across usernames block the address, not others', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    for (let i = 0; i < 30; i++) {
      expect([i, (await attempt(`spray_${i}_${Date.now()}`, 'spray-password', a)).status]).toEqual([i, 401]);
    }
    const refused = await attempt(u.username, PASSWORD, a);
    expect429(refused);
    expect((refused.body as ApiError).message).toMatch(/address/);
    expect((await attempt(u.username, PASSWORD, address())).status).toBe(200);
  });

  it('a successful sign-in does not count against the address', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    for (let i = 0; i < 40; i++)
      expect([i, (await attempt(u.username, PASSWORD, a)).status]).toEqual([i, 200]);
  });

  it('holds across two API processes on one database', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    await fail(u.username, a, 3, t);
    await fail(u.username, a, 2, second);
    expect429(await attempt(u.username, PASSWORD, a, t));
    expect429(await attempt(u.username, PASSWORD, a, second));
    if (t.database.kind === 'postgres') {
      // parallel guesses spread over both processes cannot outrun the limit (PGlite is one
      // session: races cannot show there, see TOOLCHAIN.md)
      const v = await createUser(t.db, { role: 'staff' });
      const b = address();
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          attempt(v.username, `parallel-${i}-guess`, b, i % 2 ? t : second),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    }
  });

  it('writes a bounded audit trail: 5 failures and one block, however many attempts follow', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    await fail(u.username, a, 5);
    for (let i = 0; i < 20; i++) expect((await attempt(u.username, 'still-wrong-1', a)).status).toBe(429);
    expect(await audit('login_failed', u.username)).toHaveLength(5);
    const locked = await audit('login_locked', u.username);
    expect(locked).toHaveLength(1);
    expect(locked[0]?.ip).toBe(a);
  });

  it('a wrong current password in a password change counts as a failed sign-in of that pair', async () => {
    const u = await createUser(t.db, { role: 'staff' });
    const a = address();
    const login = await attempt(u.username, PASSWORD, a).expect(200);
    const token = (login.body as { accessToken: string }).accessToken;
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/api/auth/password')
        .set('X-Forwarded-For', a)
        .set(bearer(token))
        .send({ currentPassword: `wrong-${i}-xxx`, newPassword: 'a-new-password-123' });
      expect(res.status).toBe(400);
    }
    expect429(await attempt(u.username, PASSWORD, a));
  });

  it('keeps X-Forwarded-For from an untrusted peer out of it (TRUST_PROXY=false)', async () => {
    const direct = await createTestApp({ TRUST_PROXY: 'false' }, t.database);
    try {
      const u = await createUser(t.db, { role: 'staff' });
      // a forged header per attempt does not make a new client: all five count for 127.0.0.1
      for (let i = 0; i < 5; i++) {
        expect((await attempt(u.username, `wrong-${i}-password`, address(), direct)).status).toBe(401);
      }
      expect429(await attempt(u.username, PASSWORD, address(), direct));
      const rows = await t.db.query<{ key: string }[]>(`SELECT key FROM login_throttle WHERE key LIKE $1`, [
        `pair:%|${u.username}`,
      ]);
      expect(rows.map((r) => r.key)).toEqual([`pair:127.0.0.1|${u.username}`]);
    } finally {
      await direct.close();
    }
  });
});
