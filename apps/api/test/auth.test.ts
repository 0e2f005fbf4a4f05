import type { ApiError, LoginResponse } from '@tenplusn/domain';
import { createHash } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { createUser, login, PASSWORD } from './support/factories';
import { bearer, createTestApp, itemAt, SLOW_START, TestApp } from './support/test-app';

/** Sign-in, tokens, lockout, password storage and change, audit: through HTTP on a real database. */
describe('auth', () => {
  let t: TestApp;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  beforeAll(async () => {
    t = await createTestApp();
  }, SLOW_START);
  afterAll(() => t?.close());

  const setCookies = (res: { headers: Record<string, unknown> }): string[] =>
    [res.headers['set-cookie'] ?? []].flat() as string[];
  const refreshCookieOf = (res: { headers: Record<string, unknown> }): string => {
    const c = setCookies(res).find((h) => h.startsWith('refresh_token='));
    if (!c) throw new Error('no refresh_token cookie');
    return decodeURIComponent(itemAt(c.split(';'), 0).slice('refresh_token='.length));
  };
  /** a login with the shared test password that must succeed: its response (token, cookie) */
  const signIn = (u: { username: string }) =>
    t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD }).expect(200);
  const auditOf = (event: string, username: string) =>
    t.db.query<{ actor_id: string | null; ip: string | null; at: Date; detail: unknown }[]>(
      'SELECT actor_id, ip, at, detail FROM audit_log WHERE event = $1 AND username = $2 ORDER BY at',
      [event, username],
    );

  describe('login', () => {
    it('answers {accessToken, expiresIn, user} and sets an httpOnly, SameSite=Strict cookie on /api/auth', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const res = await t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD });
      expect(res.status).toBe(200);
      const body = res.body as LoginResponse;
      expect(body.expiresIn).toBeGreaterThan(0);
      expect(body.expiresIn).toBeLessThanOrEqual(900);
      expect(body.user).toEqual({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: 'staff',
        branchId: null,
        demo: false,
        demoData: false,
      });
      const header = JSON.parse(
        Buffer.from(itemAt(body.accessToken.split('.'), 0), 'base64url').toString(),
      ) as {
        alg: string;
      };
      expect(header.alg).toBe('HS256');
      const claims = JSON.parse(
        Buffer.from(itemAt(body.accessToken.split('.'), 1), 'base64url').toString(),
      ) as {
        exp: number;
        iat: number;
      };
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(15 * 60);

      const cookie = setCookies(res).find((c) => c.startsWith('refresh_token='))!;
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']));
      // plain http in this test: no Secure flag (it is set behind TLS, see security-headers.test)
      expect(attributes).not.toContain('secure');
    });

    it('accepts the username in any case (usernames are case-insensitive)', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      await login(t.http, u.username.toUpperCase());
    });

    it('gives the same 401 for an unknown user, a wrong password and a deactivated account', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const off = await createUser(t.db, { role: 'staff', active: false });
      const answers = [
        await t.http.post('/api/auth/login').send({ username: 'nobody-here', password: PASSWORD }),
        await t.http.post('/api/auth/login').send({ username: u.username, password: 'wrong-password-1' }),
        await t.http.post('/api/auth/login').send({ username: off.username, password: PASSWORD }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(
          setCookies(res).some((c) => c.startsWith('refresh_token=') && !/expires=Thu, 01 Jan 1970/i.test(c)),
        ).toBe(false);
      }
      const bodies = answers.map((r) => r.body as ApiError);
      expect(bodies[0]).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
    });

    it('refuses a malformed login body with 400, never 500', async () => {
      for (const body of [
        {},
        { username: 'a' },
        { username: 1, password: 2 },
        { username: 'a', password: 'b', x: 1 },
      ]) {
        const res = await t.http.post('/api/auth/login').send(body);
        expect([res.status, (res.body as ApiError).code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('lockout', () => {
    it('answers 429 RATE_LIMITED to the 6th attempt after 5 failures, even with the right password; other accounts are unaffected', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const other = await createUser(t.db, { role: 'staff' });
      for (let i = 0; i < 5; i++) {
        const res = await t.http
          .post('/api/auth/login')
          .send({ username: u.username, password: `wrong-${i}-xxxxx` });
        expect(res.status).toBe(401);
      }
      const sixth = await t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD });
      expect(sixth.status).toBe(429);
      expect(sixth.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      // keyed on the account and the address: the same address signs in to another account (see login-throttle.test)
      await login(t.http, other.username);
      // written down: the failures and the lockout, with actor, time and IP
      const failed = await auditOf('login_failed', u.username);
      expect(failed).toHaveLength(5);
      expect(failed[0]?.actor_id).toBe(u.id);
      expect(failed[0]?.ip).toMatch(/127\.0\.0\.1/);
      const locked = await auditOf('login_locked', u.username);
      expect(locked).toHaveLength(1);
      expect(locked[0]?.ip).toMatch(/127\.0\.0\.1/);
      expect(locked[0]?.actor_id).toBe(u.id);
      // locked attempts do not extend the lock: once the failures are 15 minutes old it opens again
      await t.db.query(
        `UPDATE login_throttle SET failures = ARRAY(SELECT f - interval '15 minutes 1 second' FROM unnest(failures) f)`,
      );
      await login(t.http, u.username);
    });

    it('counts failures for unknown usernames too, and case-insensitively', async () => {
      const name = `ghost_${Date.now()}`;
      for (let i = 0; i < 5; i++) {
        const res = await t.http
          .post('/api/auth/login')
          .send({ username: i % 2 ? name.toUpperCase() : name, password: 'whatever-123' });
        expect(res.status).toBe(401);
      }
      const res = await t.http.post('/api/auth/login').send({ username: name, password: 'whatever-123' });
      expect(res.status).toBe(429);
    });

    it('cannot be outrun by parallel guesses: of 10 at once, exactly 5 are checked and 5 are refused', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.http.post('/api/auth/login').send({ username: u.username, password: `parallel-${i}-guess` }),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
      expect(await auditOf('login_failed', u.username)).toHaveLength(5);
    });
  });

  describe('access tokens', () => {
    let token: string;
    let staffId: string;
    const claims = () =>
      JSON.parse(Buffer.from(itemAt(token.split('.'), 1), 'base64url').toString()) as Record<string, unknown>;

    beforeAll(async () => {
      const staff = await createUser(t.db, { role: 'staff' });
      staffId = staff.id;
      token = await login(t.http, staff.username);
    });

    it('a valid token works', async () => {
      const res = await t.http.get('/api/auth/me').set(bearer(token));
      expect(res.status).toBe(200);
      expect((res.body as { id: string }).id).toBe(staffId);
    });

    const refused = async (forged: string, why: string) => {
      const res = await t.http.get('/api/auth/me').set(bearer(forged));
      expect({ why, status: res.status, code: (res.body as ApiError).code }).toEqual({
        why,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    };

    it('refuses alg=none, a changed payload, a wrong secret, another algorithm and an expired token with 401', async () => {
      const [header, payload, signature] = token.split('.');
      const asStaff = { ...claims(), role: 'staff', branchId: null };
      await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'alg none, no signature');
      await refused(
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64(asStaff)}.${signature}`,
        'alg none with a signature',
      );
      await refused(
        `${header}.${b64({ ...claims(), role: 'staff', sub: staffId.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })}.${signature}`,
        'changed payload',
      );
      await refused(
        `${header}.${b64({ ...claims(), exp: (claims()['exp'] as number) + 3600 })}.${signature}`,
        'extended exp',
      );
      await refused(
        sign(asStaff, 'another-secret-that-is-long-enough-1234', { algorithm: 'HS256' }),
        'wrong secret',
      );
      await refused(sign(asStaff, t.config.jwtSecret, { algorithm: 'HS512' }), 'HS512 with the right secret');
      const { exp: _exp, iat: _iat, ...rest } = claims();
      await refused(
        sign({ ...rest, iat: Math.floor(Date.now() / 1000) - 3600 }, t.config.jwtSecret, {
          algorithm: 'HS256',
          expiresIn: -10,
        }),
        'expired',
      );
      await refused('not-a-jwt', 'garbage');
      const bad = await t.http.get('/api/auth/me').set('Authorization', `Basic ${token}`);
      expect(bad.status).toBe(401);
      const none = await t.http.get('/api/auth/me');
      expect([none.status, (none.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('a correctly signed token of a user that does not exist is refused', async () => {
      const forged = sign({ ...claims(), sub: '00000000-0000-4000-8000-000000000000' }, t.config.jwtSecret, {
        algorithm: 'HS256',
      });
      await refused(forged, 'unknown subject');
    });
  });

  describe('storage', () => {
    it('stores passwords as argon2id with memory ≥ 19 MiB and ≥ 2 iterations (accounts made through the API too)', async () => {
      const staff = await createUser(t.db, { role: 'staff' });
      const token = await login(t.http, staff.username);
      const res = await t.http
        .post('/api/users')
        .set(bearer(token))
        .send({
          username: `argon_${Date.now()}`,
          displayName: '新人',
          password: 'a-long-enough-pw',
          role: 'staff',
        })
        .expect(201);
      const rows = await t.db.query<{ username: string; password_hash: string }[]>(
        'SELECT username, password_hash FROM users',
      );
      expect(rows.map((r) => r.username)).toContain((res.body as { username: string }).username);
      for (const { password_hash } of rows) {
        const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(password_hash);
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
        expect(Number(m![2])).toBeGreaterThanOrEqual(2);
        expect(password_hash).not.toContain('a-long-enough-pw');
      }
    });

    it('stores refresh tokens only as SHA-256 hashes', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const res = await signIn(u);
      const raw = refreshCookieOf(res);
      expect(raw.length).toBeGreaterThanOrEqual(32);
      const refreshed = await t.http
        .post('/api/auth/refresh')
        .set('Cookie', `refresh_token=${raw}`)
        .expect(200);
      const raw2 = refreshCookieOf(refreshed);
      const rows = await t.db.query<Record<string, unknown>[]>(
        'SELECT * FROM refresh_tokens WHERE user_id = $1',
        [u.id],
      );
      expect(rows).toHaveLength(2);
      const dump = JSON.stringify(rows);
      for (const token of [raw, raw2]) {
        expect(dump).not.toContain(token);
        expect(rows.map((r) => r['token_hash'])).toContain(createHash('sha256').update(token).digest('hex'));
      }
      // nor in the audit log
      const audit = JSON.stringify(await t.db.query('SELECT * FROM audit_log'));
      expect(audit).not.toContain(raw);
      expect(audit).not.toContain(PASSWORD);
    });
  });

  describe('password', () => {
    it('accepts passwords of 64 and 128 characters (also multi-byte) and refuses 129', async () => {
      const staff = await createUser(t.db, { role: 'staff' });
      const token = await login(t.http, staff.username);
      for (const password of ['p'.repeat(64), 'Ω'.repeat(64), 'x'.repeat(128)]) {
        const username = `long_${password.length}_${Math.random().toString(36).slice(2, 8)}`;
        await t.http
          .post('/api/users')
          .set(bearer(token))
          .send({ username, displayName: '长密码', password, role: 'staff' })
          .expect(201);
        await login(t.http, username, password);
      }
      const tooLong = await t.http
        .post('/api/users')
        .set(bearer(token))
        .send({ username: 'long_129', displayName: '长密码', password: 'x'.repeat(129), role: 'staff' });
      expect(tooLong.status).toBe(400);
      const tooShort = await t.http
        .post('/api/users')
        .set(bearer(token))
        .send({ username: 'short_9', displayName: '短密码', password: '123456789', role: 'staff' });
      expect([tooShort.status, (tooShort.body as ApiError).code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('change: needs the current password and ≥ 10 characters; other logins end, this one keeps working', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const here = await signIn(u);
      const elsewhere = await signIn(u);
      const token = (here.body as LoginResponse).accessToken;
      const cookie = `refresh_token=${refreshCookieOf(here)}`;

      const wrong = await t.http
        .post('/api/auth/password')
        .set(bearer(token))
        .set('Cookie', cookie)
        .send({ currentPassword: 'not-the-password', newPassword: 'brand-new-password' });
      expect(wrong.status).toBe(400);
      expect((wrong.body as ApiError).details).toEqual([
        { field: 'currentPassword', message: expect.any(String) as string, code: 'WRONG_PASSWORD' },
      ]);
      const short = await t.http
        .post('/api/auth/password')
        .set(bearer(token))
        .set('Cookie', cookie)
        .send({ currentPassword: PASSWORD, newPassword: 'short-123' });
      expect(short.status).toBe(400);
      const missing = await t.http
        .post('/api/auth/password')
        .set(bearer(token))
        .send({ newPassword: 'brand-new-password' });
      expect(missing.status).toBe(400);
      const anonymous = await t.http
        .post('/api/auth/password')
        .send({ currentPassword: PASSWORD, newPassword: 'brand-new-password' });
      expect(anonymous.status).toBe(401);

      await t.http
        .post('/api/auth/password')
        .set(bearer(token))
        .set('Cookie', cookie)
        .send({ currentPassword: PASSWORD, newPassword: 'brand-new-password' })
        .expect(204);

      // the other session's refresh token is dead, this session's still rotates
      const other = await t.http
        .post('/api/auth/refresh')
        .set('Cookie', `refresh_token=${refreshCookieOf(elsewhere)}`);
      expect(other.status).toBe(401);
      const mine = await t.http.post('/api/auth/refresh').set('Cookie', cookie);
      expect(mine.status).toBe(200);
      await t.http
        .get('/api/auth/me')
        .set(bearer((mine.body as LoginResponse).accessToken))
        .expect(200);

      // only the new password signs in
      const old = await t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD });
      expect(old.status).toBe(401);
      await login(t.http, u.username, 'brand-new-password');

      const changed = await auditOf('password_changed', u.username);
      expect(changed).toHaveLength(1);
      expect(changed[0]?.actor_id).toBe(u.id);
      expect(changed[0]?.ip).toMatch(/127\.0\.0\.1/);
    });

    it('wrong current passwords count towards the lockout (a stolen access token is no password oracle)', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const token = await login(t.http, u.username);
      for (let i = 0; i < 5; i++) {
        await t.http
          .post('/api/auth/password')
          .set(bearer(token))
          .send({ currentPassword: `guess-number-${i}`, newPassword: 'brand-new-password' })
          .expect(400);
      }
      const res = await t.http
        .post('/api/auth/password')
        .set(bearer(token))
        .send({ currentPassword: PASSWORD, newPassword: 'brand-new-password' });
      expect([res.status, (res.body as ApiError).code]).toEqual([429, 'RATE_LIMITED']);
    });
  });

  describe('me and logout', () => {
    it('me answers the user; logout answers 204, clears the cookie and the refresh token stops working', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const res = await signIn(u);
      const token = (res.body as LoginResponse).accessToken;
      const cookie = `refresh_token=${refreshCookieOf(res)}`;
      const me = await t.http.get('/api/auth/me').set(bearer(token)).expect(200);
      expect(me.body).toEqual({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: 'staff',
        branchId: null,
        demo: false,
        demoData: false,
      });

      const out = await t.http.post('/api/auth/logout').set(bearer(token)).set('Cookie', cookie);
      expect(out.status).toBe(204);
      const cleared = setCookies(out).find((c) => c.startsWith('refresh_token='));
      expect(cleared).toMatch(/Path=\/api\/auth/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      const after = await t.http.post('/api/auth/refresh').set('Cookie', cookie);
      expect([after.status, (after.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await auditOf('logout', u.username)).toHaveLength(1);
    });

    it('logout works with the refresh cookie alone (no access token, as when it has expired)', async () => {
      const u = await createUser(t.db, { role: 'member' });
      const res = await signIn(u);
      const cookie = `refresh_token=${refreshCookieOf(res)}`;
      const out = await t.http.post('/api/auth/logout').set('Cookie', cookie);
      expect(out.status).toBe(204);
      const cleared = setCookies(out).find((c) => c.startsWith('refresh_token='));
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared).toMatch(/HttpOnly/i);
      const after = await t.http.post('/api/auth/refresh').set('Cookie', cookie);
      expect([after.status, (after.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await auditOf('logout', u.username)).toHaveLength(1);
    });

    it('logout with an already rotated cookie ends its successor too (a stale tab on a shared PC)', async () => {
      const u = await createUser(t.db, { role: 'member' });
      const res = await signIn(u);
      const first = `refresh_token=${refreshCookieOf(res)}`;
      const rotated = await t.http.post('/api/auth/refresh').set('Cookie', first).expect(200);
      const second = `refresh_token=${refreshCookieOf(rotated)}`;
      expect(second).not.toBe(first);
      expect((await t.http.post('/api/auth/logout').set('Cookie', first)).status).toBe(204);
      const after = await t.http.post('/api/auth/refresh').set('Cookie', second);
      expect([after.status, (after.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('logout ends only its own login: another device of the same user stays signed in', async () => {
      const u = await createUser(t.db, { role: 'member' });
      const office = await signIn(u);
      const phone = await signIn(u);
      await t.http
        .post('/api/auth/logout')
        .set('Cookie', `refresh_token=${refreshCookieOf(office)}`)
        .expect(204);
      await t.http
        .post('/api/auth/refresh')
        .set('Cookie', `refresh_token=${refreshCookieOf(phone)}`)
        .expect(200);
    });

    it('logout without a cookie, or with an unknown one, is 204 and still clears the cookie', async () => {
      for (const cookie of [null, 'refresh_token=made-up']) {
        const req = t.http.post('/api/auth/logout');
        if (cookie) void req.set('Cookie', cookie);
        const out = await req;
        expect({ cookie, status: out.status }).toEqual({ cookie, status: 204 });
        expect(setCookies(out).find((c) => c.startsWith('refresh_token='))).toMatch(
          /Expires=Thu, 01 Jan 1970/,
        );
      }
    });

    it('refresh without a cookie is 401', async () => {
      const res = await t.http.post('/api/auth/refresh');
      expect([res.status, (res.body as ApiError).code]).toEqual([401, 'UNAUTHENTICATED']);
      const junk = await t.http.post('/api/auth/refresh').set('Cookie', 'refresh_token=made-up');
      expect(junk.status).toBe(401);
    });

    it('writes login_ok with actor, time and IP', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const before = Date.now();
      await login(t.http, u.username);
      const rows = await auditOf('login_ok', u.username);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actor_id).toBe(u.id);
      expect(rows[0]?.ip).toMatch(/127\.0\.0\.1/);
      expect(new Date(itemAt(rows, 0).at).getTime()).toBeGreaterThanOrEqual(before - 5000);
    });
  });
});
