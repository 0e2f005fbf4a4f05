import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/app-config';
import { MetricsController } from '../src/observability/metrics.controller';
import { MetricsService } from '../src/observability/metrics.service';
import { createBranch, createHousehold, createUser, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const PHONE = '13987654321';
const ADDRESS = '观测村9组99号';

/** Every line the app logs, kept for the assertions. */
class Capture extends Writable {
  readonly lines: string[] = [];
  private partial = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter(Boolean));
    done();
  }
}

describe('operations: JSON request logs without personal data, Prometheus metrics', () => {
  let t: TestApp;
  const log = new Capture();
  let secretary: { id: string; username: string };
  let branchId: string;
  let householdId: string;
  let accessToken: string;
  let refreshCookie: string;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info', LOG_FORMAT: 'json', METRICS_TOKEN }, undefined, {
      logDestination: log,
    });
    const branch = await createBranch(t.db);
    branchId = branch.id;
    secretary = await createUser(t.db, { role: 'secretary', branchId, phone: PHONE });
    householdId = (await createHousehold(t.db, { branchId, phone: PHONE, address: ADDRESS })).id;

    // requests that carry every kind of secret and personal data the app handles
    const res = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ username: secretary.username, password: PASSWORD });
    expect(res.status).toBe(200);
    accessToken = (res.body as { accessToken: string }).accessToken;
    // the name=value pair only (the cookie's attributes are not sent back)
    const cookie = ([res.headers['set-cookie'] ?? []].flat() as string[]).find((c) =>
      c.startsWith('refresh_token='),
    );
    refreshCookie = cookie?.split(';')[0] ?? '';
    await t.http
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'wrong-password-xyz' })
      .expect(401);
    await t.http.get(`/api/households?q=${PHONE}`).set(bearer(accessToken)).expect(200);
    await t.http
      .post('/api/households')
      .set(bearer(accessToken))
      .send({ branchId, code: 'OBS-1', headName: '赵观测', phone: '13811112222', address: '观测村1组1号' })
      .expect(201);
    await t.http.get(`/api/households/${householdId}`).set(bearer(accessToken)).expect(200);
    await t.http.post('/api/auth/refresh').set('Cookie', refreshCookie).expect(200);
    await t.http.get('/api/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    await t.http.get('/api/no-such-route').expect(404);
  }, SLOW_START);
  afterAll(() => t?.close());

  const requestLines = () =>
    log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => 'reqId' in l && 'status' in l);

  it('logs every line as one JSON object', () => {
    expect(log.lines.length).toBeGreaterThan(5);
    for (const line of log.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('logs each request with id, method, route pattern, status, duration, caller id and role', () => {
    const lines = requestLines();
    const show = lines.find((l) => l['route'] === '/api/households/:id');
    expect(show).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/api/households/:id',
      path: `/api/households/${householdId}`,
      status: 200,
      userId: secretary.id,
      role: 'secretary',
    });
    expect(typeof show?.['reqId']).toBe('string');
    expect(typeof show?.['ms']).toBe('number');
    expect(typeof show?.['time']).toBe('string');
    // request ids are unique per request
    const ids = lines.map((l) => l['reqId']);
    expect(new Set(ids).size).toBe(ids.length);
    // an anonymous request has no caller; an unknown route has no pattern
    expect(lines.find((l) => l['path'] === '/api/no-such-route')).toMatchObject({
      route: null,
      status: 404,
      userId: null,
      role: null,
    });
  });

  it('logs the client address from X-Forwarded-For when the proxy is trusted (loopback by default)', () => {
    const loginLine = requestLines().find((l) => l['route'] === '/api/auth/login' && l['status'] === 200);
    expect(loginLine?.['ip']).toBe('203.0.113.7');
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/api/health').set('X-Request-Id', 'proxy-abc.123');
    expect(kept.headers['x-request-id']).toBe('proxy-abc.123');
    const replaced = await t.http.get('/api/health').set('X-Request-Id', 'evil\tid {"x":1}');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs a password, phone number, address, token or cookie', () => {
    const all = log.lines.join('\n');
    for (const secret of [
      PASSWORD,
      'wrong-password-xyz',
      TEST_ADMIN_PASSWORD,
      PHONE,
      '13811112222',
      ADDRESS,
      '观测村1组1号',
      accessToken,
      accessToken.split('.')[2],
      refreshCookie.split('=')[1],
      METRICS_TOKEN,
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/authorization|cookie|"headers"|"body"/i);
  });

  it('GET /api/metrics: 401 without the bearer token or with a wrong one', async () => {
    const none = await t.http.get('/api/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect((await t.http.get('/api/metrics').set(bearer('wrong-token-0123456789'))).status).toBe(401);
    expect((await t.http.get('/api/metrics').set('Authorization', `Basic ${METRICS_TOKEN}`)).status).toBe(
      401,
    );
    // a user's access token is not the metrics token
    expect((await t.http.get('/api/metrics').set(bearer(accessToken))).status).toBe(401);
  });

  it('GET /api/metrics: Prometheus text with requests by route pattern and status, pool, event loop, jobs', async () => {
    const metrics = t.app.get(MetricsService);
    metrics.sweepRan('inbox');
    await metrics.timeExport('csv', async () => undefined);
    const res = await t.http.get('/api/metrics').set(bearer(METRICS_TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/households\/:id",status="200"\} 1$/m,
    );
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/api\/auth\/login",status="401"\} 1$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/api\/households",status="201"\} 1$/m,
    );
    // the raw URL (an id) is never a label
    expect(text).not.toContain(householdId);
    expect(text).toMatch(/^db_pool_connections_in_use \d+$/m);
    expect(text).toMatch(/^db_pool_requests_waiting \d+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(text).toMatch(/^tenplusn_sweep_runs_total\{job="inbox",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^tenplusn_export_duration_seconds_count\{format="csv",outcome="ok"\} 1$/m);
    expect(text).toContain('# TYPE tenplusn_import_duration_seconds histogram');
  });

  it('GET /api/metrics is 404 while METRICS_TOKEN is unset', async () => {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: 'postgres://x@h/db',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_PASSWORD: 'x',
      METRICS_TOKEN: '',
    });
    expect(config.metricsToken).toBeNull();
    const controller = new MetricsController(t.app.get(MetricsService), config);
    await expect(controller.scrape(`Bearer ${METRICS_TOKEN}`, {} as never)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('operations: trusted proxies', () => {
  it('TRUST_PROXY: loopback by default, a list of addresses/CIDRs, or false; anything else stops the start', () => {
    const base = { DATABASE_URL: 'postgres://x@h/db', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'x' };
    expect(loadConfig(base).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '172.16.0.0/12, 10.0.0.5,::1, fd00::/8' }).trustProxy).toEqual([
      '172.16.0.0/12',
      '10.0.0.5',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '1.2.3.4/8/1']) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it(
    'TRUST_PROXY=false: a forged X-Forwarded-For is ignored',
    async () => {
      const log = new Capture();
      const t = await createTestApp(
        { LOG_LEVEL: 'info', LOG_FORMAT: 'json', TRUST_PROXY: 'false' },
        undefined,
        { logDestination: log },
      );
      try {
        await t.http.get('/api/health').set('X-Forwarded-For', '198.51.100.9').expect(200);
        const line = log.lines
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l['route'] === '/api/health');
        expect(line?.['ip']).toMatch(/127\.0\.0\.1|::1/);
      } finally {
        await t.close();
      }
    },
    SLOW_START,
  );
});
