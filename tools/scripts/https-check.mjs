#!/usr/bin/env node
// The docker-compose arrangement without Docker: Debian's caddy with deploy/Caddyfile (the same
// file compose mounts) terminating TLS with its internal CA, in front of the built app
// (dist/apps/api/main.js, NODE_ENV=production) on this machine's PostgreSQL, as compose sets it:
// SECURE_COOKIES=true, TRUST_PROXY = the proxy's address only.
// Checks, through https verified against Caddy's root certificate:
//   - health, the web app and a sign-in answer through the proxy;
//   - the refresh cookie is Secure (and HttpOnly); HSTS is sent;
//   - the client address the app logs (and audits) is the client's, from X-Forwarded-For set by
//     the trusted proxy — the client connects from 127.0.0.2, Caddy from 127.0.0.1 — and a
//     forged X-Forwarded-For from the client is not believed;
//   - every line the app writes on stdout is one JSON object; no password in them;
//   - GET /api/metrics answers with the token through the proxy.
// Loopback only, free ports, its own database; everything started is stopped and removed.
// Needs: npx nx run-many -t build --projects=api,web; caddy; PostgreSQL (CHECK_DATABASE_URL or
// postgres://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'dist/apps/api/main.js');
const serverUrl = process.env.CHECK_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'https-check-password-1';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const CLIENT_ADDRESS = '127.0.0.2';

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const started = [];
const cleanups = [];
let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

function start(name, cmd, args, env) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { name, child, stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  started.push(out);
  return out;
}

/** an https request to Caddy, verified with its root certificate, from CLIENT_ADDRESS */
function request(ca, port, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((res, rej) => {
    const req = https.request(
      {
        host: 'localhost',
        port,
        path,
        method,
        ca,
        localAddress: CLIENT_ADDRESS,
        headers,
        servername: 'localhost',
      },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (text += d));
        r.on('end', () => res({ status: r.statusCode, headers: r.headers, text }));
      },
    );
    req.on('error', rej);
    if (body) req.end(body);
    else req.end();
  });
}

async function waitFor(what, probe, proc, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(
        `${proc.name} exited (${proc.child.exitCode}):\n${proc.stdout.slice(-2000)}\n${proc.stderr.slice(-2000)}`,
      );
    }
    try {
      if (await probe()) return;
    } catch (e) {
      last = e;
    }
    await sleep(300);
  }
  throw new Error(`${what} did not come up in ${timeoutMs} ms (${last?.message ?? 'no answer'})`);
}

async function run() {
  if (!existsSync(main))
    throw new Error(`${main} is missing: build first (npx nx run-many -t build --projects=api,web)`);
  const work = mkdtempSync(join(tmpdir(), 'https-check-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));

  // the app's own database
  const dbName = `https_check_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  const [appPort, httpsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const app = start('app', process.execPath, [main], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(appPort),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    ADMIN_PASSWORD: PASSWORD,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SECURE_COOKIES: 'true',
    TRUST_PROXY: '127.0.0.1', // Caddy's address, as compose sets Caddy's container address
    METRICS_TOKEN,
  });
  await waitFor('the app', async () => (await fetch(`http://127.0.0.1:${appPort}/api/health`)).ok, app);

  const caddy = start(
    'caddy',
    'caddy',
    ['run', '--config', join(root, 'deploy/Caddyfile'), '--adapter', 'caddyfile'],
    {
      PATH: process.env.PATH,
      HOME: work,
      XDG_DATA_HOME: join(work, 'data'),
      XDG_CONFIG_HOME: join(work, 'config'),
      SITE_ADDRESS: `https://localhost:${httpsPort}`,
      CADDY_TLS: 'internal',
      APP_UPSTREAM: `127.0.0.1:${appPort}`,
      // CI only: no admin endpoint, no system trust store, loopback ports
      CADDY_GLOBAL: [
        'admin off',
        'skip_install_trust',
        `http_port ${httpPort}`,
        `https_port ${httpsPort}`,
        'auto_https disable_redirects',
        'default_bind 127.0.0.1',
      ].join('\n'),
    },
  );
  const rootCert = join(work, 'data/caddy/pki/authorities/local/root.crt');
  await waitFor(
    'caddy',
    async () =>
      existsSync(rootCert) &&
      (await request(readFileSync(rootCert), httpsPort, '/api/health')).status === 200,
    caddy,
  );
  const ca = readFileSync(rootCert);

  const health = await request(ca, httpsPort, '/api/health');
  check(
    health.status === 200 && JSON.parse(health.text).db === 'up',
    'GET /api/health through https (certificate verified against Caddy’s root)',
    `${health.status} ${health.text}`,
  );
  check(
    /max-age=\d+/.test(health.headers['strict-transport-security'] ?? ''),
    'HSTS sent over https',
    JSON.stringify(health.headers),
  );
  const web = await request(ca, httpsPort, '/');
  check(
    web.status === 200 && /<html/i.test(web.text),
    'the web app is served through the proxy',
    `${web.status}`,
  );

  const login = await request(ca, httpsPort, '/api/auth/login', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Forwarded-For': '198.51.100.66',
      'User-Agent': 'https-check',
    },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  check(login.status === 200, 'sign-in through https', `${login.status} ${login.text}`);
  const cookie = [login.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('refresh_token='));
  check(
    !!cookie && /;\s*Secure/i.test(cookie) && /;\s*HttpOnly/i.test(cookie),
    'the refresh cookie is Secure and HttpOnly',
    cookie ?? 'no refresh_token cookie',
  );

  const metrics = await request(ca, httpsPort, '/api/metrics', {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  check(
    metrics.status === 200 &&
      /http_requests_total\{method="POST",route="\/api\/auth\/login",status="200"\} 1/.test(metrics.text),
    'GET /api/metrics with the token, counting the sign-in by route',
    `${metrics.status}`,
  );
  const noToken = await request(ca, httpsPort, '/api/metrics');
  check(noToken.status === 401, 'GET /api/metrics without the token is 401', `${noToken.status}`);

  // the audit entry of the sign-in records the client, not the proxy
  const c = new pg.Client({ connectionString: dbUrl.toString() });
  await c.connect();
  const audit = await c
    .query(`SELECT ip FROM audit_log WHERE event = 'login_ok' ORDER BY at DESC LIMIT 1`)
    .catch((e) => ({ rows: [], error: e }));
  await c.end();
  check(
    audit.rows[0]?.ip === CLIENT_ADDRESS,
    `the sign-in's audit entry records the client (${CLIENT_ADDRESS})`,
    JSON.stringify(audit.rows[0] ?? audit.error?.message),
  );

  await sleep(300); // the request lines are written when the responses finish
  const lines = app.stdout.split('\n').filter(Boolean);
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return null;
    }
  });
  check(
    lines.length > 5 && parsed.every((p) => p && typeof p === 'object'),
    `every stdout line of the app is one JSON object (${lines.length} lines)`,
    lines.find((_, i) => !parsed[i]),
  );
  const loginLine = parsed.find((p) => p?.route === '/api/auth/login');
  check(
    loginLine?.ip === CLIENT_ADDRESS,
    `the app logs the client address ${CLIENT_ADDRESS} from X-Forwarded-For (not the proxy's, not the forged one)`,
    JSON.stringify(loginLine),
  );
  check(
    !!loginLine &&
      typeof loginLine.reqId === 'string' &&
      loginLine.status === 200 &&
      typeof loginLine.ms === 'number' &&
      loginLine.method === 'POST',
    'the request line has reqId, method, route, status and ms',
    JSON.stringify(loginLine),
  );
  const metricsLine = parsed.find((p) => p?.route === '/api/metrics' && p.status === 200);
  check(!!metricsLine, 'the metrics request is logged too', '');
  check(
    !app.stdout.includes(PASSWORD) && !app.stdout.includes(METRICS_TOKEN),
    'no password or token in the log',
    '',
  );
  console.log(`\nexample request line: ${JSON.stringify(loginLine)}`);
}

async function cleanup() {
  for (const p of started.reverse()) {
    if (p.child.exitCode === null) {
      p.child.kill('SIGTERM');
      await Promise.race([new Promise((r) => p.child.once('exit', r)), sleep(5000)]);
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  }
  for (const f of cleanups.reverse()) {
    try {
      await f();
    } catch (e) {
      console.error(`cleanup: ${e.message}`);
    }
  }
}

try {
  await run();
} catch (e) {
  failures++;
  console.error(`FAIL ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await cleanup();
}
console.log(failures ? `\nhttps check: ${failures} failed` : '\nhttps check: all passed');
process.exit(failures ? 1 : 0);
