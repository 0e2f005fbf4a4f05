import type { ApiError, LoginResponse, RefreshResponse } from '@tenplusn/domain';
import { BranchEntity } from '../src/branches/branch.entity';
import { UserEntity } from '../src/users/user.entity';
import { createBranch, createUser, login, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/** Refresh-token rotation, reuse detection, the retry grace window, and sessions ending. */
describe('auth: refresh tokens and ending sessions', () => {
  let t: TestApp;
  let branchA: BranchEntity;
  let branchB: BranchEntity;
  let staffToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    branchA = await createBranch(t.db);
    branchB = await createBranch(t.db);
    const staff = await createUser(t.db, { role: 'staff' });
    staffToken = await login(t.http, staff.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  interface Session {
    accessToken: string;
    cookie: string;
  }
  const cookieOf = (res: { headers: Record<string, unknown> }): string => {
    const c = ([res.headers['set-cookie'] ?? []].flat() as string[]).find((h) =>
      h.startsWith('refresh_token='),
    );
    if (!c) throw new Error('no refresh_token cookie');
    return c.slice(0, c.includes(';') ? c.indexOf(';') : undefined);
  };
  async function signIn(user: UserEntity): Promise<Session> {
    const res = await t.http.post('/api/auth/login').send({ username: user.username, password: PASSWORD });
    expect(res.status).toBe(200);
    return { accessToken: (res.body as LoginResponse).accessToken, cookie: cookieOf(res) };
  }
  const refresh = (cookie: string) => t.http.post('/api/auth/refresh').set('Cookie', cookie);
  async function refreshed(cookie: string): Promise<Session> {
    const res = await refresh(cookie);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
    expect(Object.keys(res.body as object).sort()).toEqual(['accessToken', 'expiresIn']);
    return { accessToken: (res.body as RefreshResponse).accessToken, cookie: cookieOf(res) };
  }
  const expectRefused = async (cookie: string) => {
    const res = await refresh(cookie);
    expect([res.status, (res.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
  };
  const member = () => createUser(t.db, { role: 'member', branchId: branchA.id });

  it('rotates: each refresh answers a new access token and a new cookie; the new ones work', async () => {
    const u = await member();
    const s0 = await signIn(u);
    const s1 = await refreshed(s0.cookie);
    expect(s1.cookie).not.toBe(s0.cookie);
    await t.http.get('/api/auth/me').set(bearer(s1.accessToken)).expect(200);
    const s2 = await refreshed(s1.cookie);
    expect(s2.cookie).not.toBe(s1.cookie);
  });

  it('reuse of a used token (after the grace window) is 401 and revokes the whole login, not other logins', async () => {
    const u = await member();
    const s0 = await signIn(u);
    const phone = await signIn(u); // another device: its own family
    const s1 = await refreshed(s0.cookie);
    // the grace window has passed
    await t.db.query(
      `UPDATE refresh_tokens SET used_at = used_at - interval '11 seconds' WHERE used_at IS NOT NULL AND user_id = $1`,
      [u.id],
    );
    await expectRefused(s0.cookie);
    // the thief's reuse ended the legitimate holder's successor as well: the login is over
    await expectRefused(s1.cookie);
    // every token of the family is revoked in the database
    const alive = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM refresh_tokens t WHERE user_id = $1 AND revoked_at IS NULL`,
      [u.id],
    );
    expect(alive[0]?.n).toBe(1); // only the phone's token
    await refreshed(phone.cookie);

    const audit = await t.db.query<{ actor_id: string; ip: string; at: Date }[]>(
      `SELECT actor_id, ip, at FROM audit_log WHERE event = 'refresh_reuse' AND username = $1`,
      [u.username],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(u.id);
    expect(audit[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  it('a retry of the same refresh within 10 s gets the same answer again; a retry after the successor was used is reuse', async () => {
    const u = await member();
    const s0 = await signIn(u);
    const s1 = await refreshed(s0.cookie);
    const retry = await refreshed(s0.cookie); // the answer to the first one was lost on the way
    expect(retry.cookie).toBe(s1.cookie);
    await t.http.get('/api/auth/me').set(bearer(retry.accessToken)).expect(200);
    // the client moves on with the successor ...
    const s2 = await refreshed(s1.cookie);
    // ... so the old one showing up again, even within 10 s, is theft: the family ends
    await expectRefused(s0.cookie);
    await expectRefused(s2.cookie);
  });

  it('two refreshes with one cookie at the same time (two tabs): both get the same successor, nothing is revoked', async () => {
    const u = await member();
    const s0 = await signIn(u);
    // truly concurrent on PostgreSQL (the row lock decides); on PGlite, whose socket server must
    // not run two transactions' protocol messages interleaved, the same two requests back to back
    const [a, b] =
      t.database.kind === 'postgres'
        ? await Promise.all([refresh(s0.cookie), refresh(s0.cookie)])
        : [await refresh(s0.cookie), await refresh(s0.cookie)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(cookieOf(a)).toBe(cookieOf(b));
    const rows = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
      [u.id],
    );
    expect(rows[0]?.n).toBe(2); // the used one and its single successor
    await refreshed(cookieOf(a));
  });

  it('an expired refresh token is refused', async () => {
    const u = await member();
    const s0 = await signIn(u);
    await t.db.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [u.id],
    );
    await expectRefused(s0.cookie);
  });

  it('deactivation ends access at once: access token, /auth/me, refresh and sign-in are refused', async () => {
    const u = await member();
    const s = await signIn(u);
    await t.http.get('/api/households').set(bearer(s.accessToken)).expect(200);
    await t.http.patch(`/api/users/${u.id}`).set(bearer(staffToken)).send({ active: false }).expect(200);

    const me = await t.http.get('/api/auth/me').set(bearer(s.accessToken));
    expect([me.status, (me.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await t.http.get('/api/households').set(bearer(s.accessToken))).status).toBe(401);
    await expectRefused(s.cookie);
    const again = await t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD });
    expect(again.status).toBe(401);

    const audit = await t.db.query<{ actor_id: string; ip: string; detail: { userId: string } }[]>(
      `SELECT actor_id, ip, detail FROM audit_log WHERE event = 'user_deactivated' AND username = $1`,
      [u.username],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail.userId).toBe(u.id);
    expect(audit[0]?.actor_id).not.toBe(u.id);
    expect(audit[0]?.ip).toMatch(/127\.0\.0\.1/);

    // reactivated: a new sign-in works, the old session stays over
    await t.http.patch(`/api/users/${u.id}`).set(bearer(staffToken)).send({ active: true }).expect(200);
    await signIn(u);
    await expectRefused(s.cookie);
  });

  it('moving a user to another branch ends the old tokens; the new login carries the new branch', async () => {
    const u = await member();
    const s = await signIn(u);
    const moved = await t.http
      .patch(`/api/users/${u.id}`)
      .set(bearer(staffToken))
      .send({ branchId: branchB.id })
      .expect(200);
    expect((moved.body as { branchId: string }).branchId).toBe(branchB.id);
    await expectRefused(s.cookie);
    expect((await t.http.get('/api/households').set(bearer(s.accessToken))).status).toBe(401);
    const fresh = await t.http
      .post('/api/auth/login')
      .send({ username: u.username, password: PASSWORD })
      .expect(200);
    expect((fresh.body as LoginResponse).user.branchId).toBe(branchB.id);
  });

  it('a role change and a password reset by staff end the old tokens too; a display name change does not', async () => {
    const u = await member();
    const s = await signIn(u);
    await t.http
      .patch(`/api/users/${u.id}`)
      .set(bearer(staffToken))
      .send({ displayName: '新名字' })
      .expect(200);
    const s1 = await refreshed(s.cookie);
    await t.http.patch(`/api/users/${u.id}`).set(bearer(staffToken)).send({ role: 'secretary' }).expect(200);
    await expectRefused(s1.cookie);

    const v = await member();
    const sv = await signIn(v);
    await t.http
      .patch(`/api/users/${v.id}`)
      .set(bearer(staffToken))
      .send({ password: 'reset-by-the-office' })
      .expect(200);
    await expectRefused(sv.cookie);
    expect((await t.http.get('/api/auth/me').set(bearer(sv.accessToken))).status).toBe(401);
    await login(t.http, v.username, 'reset-by-the-office');
    const reset = await t.db.query(
      `SELECT 1 FROM audit_log WHERE event = 'password_reset' AND username = $1`,
      [v.username],
    );
    expect(reset).toHaveLength(1);
  });
});
