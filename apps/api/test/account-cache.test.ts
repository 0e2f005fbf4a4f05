import { AccountCache, LISTENER_NAME } from '../src/auth/account-cache';
import { createBranch, createUser, PASSWORD } from './support/factories';
import { createTestApp, SLOW_START, TestApp } from './support/test-app';

/**
 * The per-request account check answered from memory (AccountCache) while PostgreSQL notifies
 * every change: revocation stays immediate across API processes, and without the notifications
 * (the listening connection gone) every request reads the database again. On the embedded
 * PGlite (one session) the cache stays off and the same guarantees hold through the reads.
 */
describe('account cache invalidated by LISTEN/NOTIFY, two API processes', () => {
  let t: TestApp;
  let second: TestApp;
  let cacheOf: (app: TestApp) => AccountCache;
  const onPostgres = () => t.database.kind === 'postgres';

  beforeAll(async () => {
    t = await createTestApp();
    // a second API process on the same database
    second = await createTestApp({}, t.database);
    cacheOf = (app) => app.app.get(AccountCache);
    // the trigger came with the migrations, after the apps started: check now, not in 5 s
    await cacheOf(t).verify();
    await cacheOf(second).verify();
  }, SLOW_START);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const signIn = async (app: TestApp, username: string) => {
    const res = await app.http.post('/api/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    return { Authorization: `Bearer ${(res.body as { accessToken: string }).accessToken}` };
  };
  // a route that answers from the guard's account check alone (GET /api/auth/me reads the row itself)
  const probe = (app: TestApp, auth: Record<string, string>) =>
    app.http.get('/api/cases?pageSize=1').set(auth);
  const until = async (what: () => boolean | Promise<boolean>, ms = 10_000) => {
    const t0 = Date.now();
    while (!(await what())) {
      if (Date.now() - t0 > ms) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('is live on PostgreSQL (off on PGlite): repeated requests do not read the account again', async () => {
    expect(cacheOf(second).live).toBe(onPostgres());
    const branch = await createBranch(t.db);
    const m = await createUser(t.db, { role: 'member', branchId: branch.id });
    const auth = await signIn(second, m.username);
    const before = { ...cacheOf(second).counts };
    for (let i = 0; i < 3; i++) expect((await probe(second, auth)).status).toBe(200);
    const reads = cacheOf(second).counts.reads - before.reads;
    const hits = cacheOf(second).counts.hits - before.hits;
    expect(reads + hits).toBe(3);
    expect(reads).toBe(onPostgres() ? 1 : 3);
  });

  it('a deactivation through one process refuses the very next request on the other', async () => {
    const branch = await createBranch(t.db);
    const secretary = await createUser(t.db, { role: 'secretary', branchId: branch.id });
    const m = await createUser(t.db, { role: 'member', branchId: branch.id });
    const member = await signIn(second, m.username);
    // served (and kept) by the second process
    expect((await probe(second, member)).status).toBe(200);
    expect((await probe(second, member)).status).toBe(200);
    const off = await t.http
      .patch(`/api/users/${m.id}`)
      .set(await signIn(t, secretary.username))
      .send({ active: false });
    expect(off.status).toBe(200);
    const next = await probe(second, member);
    expect(next.status).toBe(401);
  });

  it('a role or branch move and a new name reach the other process on its next request', async () => {
    const branch = await createBranch(t.db);
    const other = await createBranch(t.db);
    const staff = await createUser(t.db, { role: 'staff' });
    const m = await createUser(t.db, { role: 'member', branchId: branch.id, displayName: '旧名字' });
    const member = await signIn(second, m.username);
    expect((await probe(second, member)).status).toBe(200);
    // kept by the second process, which hands it to its routes as the caller
    expect((await cacheOf(second).get(m.id))?.displayName).toBe('旧名字');
    const admin = await signIn(t, staff.username);
    expect((await t.http.patch(`/api/users/${m.id}`).set(admin).send({ displayName: '新名字' })).status).toBe(
      200,
    );
    expect((await cacheOf(second).get(m.id))?.displayName).toBe('新名字');
    expect((await t.http.patch(`/api/users/${m.id}`).set(admin).send({ branchId: other.id })).status).toBe(
      200,
    );
    expect((await probe(second, member)).status).toBe(401);
  });

  it('a change made in SQL, outside the API, reaches the cache too', async () => {
    const branch = await createBranch(t.db);
    const m = await createUser(t.db, { role: 'member', branchId: branch.id });
    const member = await signIn(second, m.username);
    expect((await probe(second, member)).status).toBe(200);
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [m.id]);
    // no API process made the change, so none waited for the notification: it is on its way
    await until(async () => (await probe(second, member)).status === 401, 2_000);
  });

  it('without its listening connection a process reads every account (never stale), then recovers', async () => {
    const branch = await createBranch(t.db);
    const m = await createUser(t.db, { role: 'member', branchId: branch.id });
    const member = await signIn(second, m.username);
    expect((await probe(second, member)).status).toBe(200);
    if (!onPostgres()) {
      // PGlite: no listener; the read per request already refuses at once
      await t.db.query('UPDATE users SET active = false WHERE id = $1', [m.id]);
      expect((await probe(second, member)).status).toBe(401);
      return;
    }
    expect((await probe(second, member)).status).toBe(200);
    // the listeners of both processes go (as when a network or the server drops them)
    await t.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_NAME],
    );
    await until(() => !cacheOf(second).live);
    // a change nobody is told about: the second process must still see it
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [m.id]);
    const reads = cacheOf(second).counts.reads;
    expect((await probe(second, member)).status).toBe(401);
    expect(cacheOf(second).counts.reads).toBe(reads + 1);
    // it listens again by itself, starting empty
    await until(() => cacheOf(second).live, 15_000);
    await t.db.query('UPDATE users SET active = true WHERE id = $1', [m.id]);
    await until(async () => (await probe(second, member)).status === 200, 2_000);
  }, 30_000);
});
