import type { ApiError } from '@tenplusn/domain';
import { controllerRoutes } from './support/app-routes';
import { createUser, login, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/** Response headers, CORS, and input that must be refused with a 4xx (never a 500). */
describe('security headers and hostile input', () => {
  let t: TestApp;
  let staffToken: string;
  let staffName: string;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await createUser(t.db, { role: 'staff' });
    staffName = staff.username;
    staffToken = await login(t.http, staff.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  describe('headers', () => {
    it('sends a CSP with object-src none and frame-ancestors none, nosniff, a referrer policy; no X-Powered-By', async () => {
      for (const path of ['/api/health', '/api/auth/me', '/api/no-such-route']) {
        const res = await t.http.get(path);
        const csp = String(res.headers['content-security-policy']);
        const directives = csp.split(';').map((d) => d.trim());
        expect(directives).toEqual(
          expect.arrayContaining(["object-src 'none'", "frame-ancestors 'none'", "default-src 'self'"]),
        );
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toMatch(
          /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
        );
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('sends no HSTS over plain http, and HSTS plus Secure cookies behind a TLS-terminating proxy', async () => {
      const plain = await t.http.get('/api/health');
      expect(plain.headers['strict-transport-security']).toBeUndefined();

      // the proxy on loopback (trusted) says the client came over https
      const tls = await t.http.get('/api/health').set('X-Forwarded-Proto', 'https');
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const signIn = await t.http
        .post('/api/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ username: staffName, password: PASSWORD });
      expect(signIn.status).toBe(200);
      const cookie = ([signIn.headers['set-cookie'] ?? []].flat() as string[]).find((c) =>
        c.startsWith('refresh_token='),
      );
      expect(cookie).toMatch(/;\s*Secure/i);
    });

    it('CORS is closed by default: no Access-Control-Allow-Origin for a foreign origin, also not on preflight', async () => {
      const simple = await t.http.get('/api/health').set('Origin', 'https://evil.example');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await t.http
        .options('/api/auth/refresh')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const withToken = await t.http
        .get('/api/auth/me')
        .set('Origin', 'https://evil.example')
        .set(bearer(staffToken));
      expect(withToken.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('input', () => {
    const expect400 = (res: { status: number; body: unknown }, what: string) =>
      expect({ what, status: res.status, code: (res.body as ApiError).code }).toEqual({
        what,
        status: 400,
        code: 'VALIDATION_FAILED',
      });

    it('malformed JSON is 400 VALIDATION_FAILED with a clear message (signed in or not)', async () => {
      for (const [path, auth] of [
        ['/api/auth/login', false],
        ['/api/branches', true],
        ['/api/users', true],
      ] as const) {
        const req = t.http.post(path).set('Content-Type', 'application/json');
        if (auth) void req.set(bearer(staffToken));
        const res = await req.send('{"username": "a", ');
        expect400(res, path);
        expect((res.body as ApiError).message).toBe('the request body is not valid JSON');
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
    });

    it('an oversized body is 413, not 500', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }));
      expect(res.status).toBe(413);
    });

    it('unknown body fields are 400', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .send({ username: staffName, password: PASSWORD, role: 'staff' });
      expect400(res, 'login with role');
      const pw = await t.http
        .post('/api/auth/password')
        .set(bearer(staffToken))
        .send({ currentPassword: PASSWORD, newPassword: 'another-password', userId: 'x' });
      expect400(pw, 'password with userId');
    });

    it('pageSize above 100 is 400 on every list route; 100 is fine', async () => {
      const lists = controllerRoutes(t.app).filter(
        (r) =>
          r.method === 'GET' &&
          !r.path.includes(':') &&
          ['/api/users', '/api/households', '/api/cases', '/api/visits'].includes(r.path),
      );
      expect(lists.length).toBeGreaterThanOrEqual(4);
      for (const r of lists) {
        const tooBig = await t.http.get(`${r.path}?pageSize=101`).set(bearer(staffToken));
        expect400(tooBig, r.key);
        for (const bad of ['pageSize=0', 'pageSize=abc', 'page=0', 'page=-1']) {
          expect400(await t.http.get(`${r.path}?${bad}`).set(bearer(staffToken)), `${r.key} ${bad}`);
        }
        const max = await t.http.get(`${r.path}?pageSize=100`).set(bearer(staffToken));
        expect(max.status).toBe(200);
      }
    });

    it('non-UUID ids are 400 or 404 on every route with an id, never 500', async () => {
      const withIds = controllerRoutes(t.app).filter((r) => r.path.includes(':'));
      expect(withIds.length).toBeGreaterThan(5);
      for (const r of withIds) {
        for (const id of ['not-a-uuid', '1', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
          const path = r.path.replace(/:[A-Za-z]+/g, encodeURIComponent(id));
          const res = await t.http[r.method.toLowerCase() as 'get'](path).set(bearer(staffToken)).send({});
          // a role that may never call the route is refused before the id is looked at
          const allowed = r.roles?.includes('staff') ? [400, 404] : [403];
          expect({ route: r.key, id, ok: allowed.includes(res.status) }).toEqual({
            route: r.key,
            id,
            ok: true,
          });
        }
      }
    });

    it('no route answers 500 to garbage: every route × {malformed JSON, a wrong-typed body, an array body}', async () => {
      const routes = controllerRoutes(t.app).filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method));
      const failures: string[] = [];
      for (const r of routes) {
        const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
        for (const body of [
          '{',
          '{"version": "x", "body": 1, "name": [], "username": {}}',
          '[1,2,3]',
          'null',
        ]) {
          const res = await t.http[r.method.toLowerCase() as 'post'](path)
            .set(bearer(staffToken))
            .set('Content-Type', 'application/json')
            .send(body);
          if (res.status >= 500)
            failures.push(`${r.key} ${body} → ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('a NUL character (which PostgreSQL text cannot hold) is a 400, never a 500', async () => {
      const nul = 'a\u0000b';
      const auth = bearer(staffToken);
      const answers = [
        await t.http.post('/api/auth/login').send({ username: nul, password: PASSWORD }),
        await t.http.get('/api/users').query({ q: nul }).set(auth),
        await t.http
          .post('/api/users')
          .set(auth)
          .send({ username: 'nul_user', displayName: nul, password: 'a-good-password', role: 'staff' }),
        await t.http.post('/api/branches').set(auth).send({ name: nul, code: 'NUL', village: 'x' }),
      ];
      expect(answers.map((r) => [r.status, (r.body as ApiError).code])).toEqual(
        answers.map(() => [400, 'VALIDATION_FAILED']),
      );
    });

    it('an unknown /api path is a JSON 404 in the contract shape', async () => {
      const res = await t.http.get('/api/nothing-here').set(bearer(staffToken));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });
});
