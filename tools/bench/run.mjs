#!/usr/bin/env node
// County-scale benchmark of the town office's figures (issue 6).
//
//   npm run bench                      # build if needed, generate once, measure
//   npm run bench -- --regenerate      # drop and regenerate the data set
//   npm run bench -- --build           # rebuild the API first
//   npm run bench -- --iterations 300  # requests per measured endpoint (default 200)
//   npm run bench -- --api /work/builds/before/main.js   # another build (as bench:routes' --api:
//                                      # `[KEY=VALUE …] script [argument …]`)
//   npm run bench -- --generate-only   # create and fill the database, print its size, stop
//   npm run bench -- --ports 3005      # the API's port (or BENCH_PORTS; else a free one)
//   npm run bench -- --separate-database --api dist/apps/api/main.js
//                                      # on a copy (<database>_run, dropped afterwards), so that
//                                      # a newer build's migrations leave the base as it was
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_tenplusn) is created
// when missing. The built API (dist/apps/api/main.js) is started on it: it applies the
// migrations itself, then the data set is generated in the database with generate_series
// (tools/bench/generate.sql), ANALYZEd (about 80 s and 960 MB on 2 cores), and every endpoint is called over HTTP, one request
// at a time, after a warm-up. Prints p50/p95/p99/max latency and checks the targets.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import {
  apiSpec,
  build,
  copyDatabase,
  dropDatabase,
  ensureDatabase,
  flag,
  portFor,
  option,
  refreshRollups,
  root,
} from './lib.mjs';

const ITERATIONS = Number(option('iterations', '200'));
const WARMUP = 20;
const BASE_URL =
  process.env.BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/bench_tenplusn';
let DB_URL = BASE_URL;
const ADMIN_PASSWORD = 'bench-admin-password';
const TARGETS = { county: 100, branch: 20 };

const log = (...a) => console.log('[bench]', ...a);
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

let stopping = false;

async function startApi(spec) {
  const port = await portFor(0);
  const child = spawn(process.execPath, [spec.script, ...spec.args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      PORT: String(port),
      JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
      ADMIN_PASSWORD,
      SEED_DEMO: 'false',
      WEB_ROOT: '/nonexistent',
      DB_POOL_SIZE: '10',
      LOG_LEVEL: 'silent',
      // an older build on a data set a newer one migrated
      ALLOW_NEWER_SCHEMA: 'true',
      ...spec.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`[bench] the API exited unexpectedly (code ${code}, signal ${signal})`);
  });
  // never leave the API behind, however the bench ends
  const stop = () => {
    stopping = true;
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 120_000) throw new Error('the API did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 300));
  }
  log(`API up on ${base} (migrations applied) in ${seconds(t0)}`);
  return { child, base };
}

async function ensureData(db) {
  const { rows } = await db.query(`SELECT (SELECT count(*) FROM branches WHERE code = 'B300')::int AS marker,
                                          (SELECT count(*) FROM cases)::int AS cases`);
  if (rows[0].marker === 1 && rows[0].cases >= 300_000) {
    log('data set present (use --regenerate to rebuild it)');
    // roll-ups a newer build's migration added: filled, analyzed and all-visible
    await refreshRollups(db, log);
    return;
  }
  if (rows[0].cases > 0) throw new Error('the bench database holds other data: run with --regenerate');
  const t0 = Date.now();
  log('generating the county data set in the database ...');
  await db.query(readFileSync(join(root, 'tools/bench/generate.sql'), 'utf8'));
  log(`generated in ${seconds(t0)}`);
  const t1 = Date.now();
  await db.query('VACUUM ANALYZE');
  log(`VACUUM ANALYZE in ${seconds(t1)}`);
  await refreshRollups(db, log, { recordOnly: true });
}

async function sizes(db) {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM branches)::int AS branches,
      (SELECT count(*) FROM households)::int AS households,
      (SELECT count(*) FROM users WHERE role = 'member')::int AS members,
      (SELECT count(*) FROM household_contacts)::int AS contacts,
      (SELECT count(*) FROM visits)::int AS visits,
      (SELECT count(*) FROM cases)::int AS cases`);
  return rows[0];
}

async function login(base, username) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: ADMIN_PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return (await r.json()).accessToken;
}

/** peak resident memory of a process in MB (Linux), or '?' */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : '?';
  } catch {
    return '?';
  }
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(base, token, path) {
  const call = async () => {
    const t0 = process.hrtime.bigint();
    const r = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.text();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!r.ok) throw new Error(`${path}: ${r.status} ${body}`);
    // the API's own time for the figures (Server-Timing), without network, auth and JSON
    const server = /figures;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '');
    return { ms, body, server: server ? Number(server[1]) : null };
  };
  for (let i = 0; i < WARMUP; i++) await call();
  const times = [];
  const serverTimes = [];
  let sample = '';
  for (let i = 0; i < ITERATIONS; i++) {
    const { ms, body, server } = await call();
    times.push(ms);
    if (server !== null) serverTimes.push(server);
    sample = body;
  }
  times.sort((a, b) => a - b);
  serverTimes.sort((a, b) => a - b);
  return {
    server50: serverTimes.length ? percentile(serverTimes, 50) : null,
    server99: serverTimes.length ? percentile(serverTimes, 99) : null,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    sample,
  };
}

async function main() {
  const t0 = Date.now();
  await ensureDatabase(BASE_URL, log);
  if (flag('separate-database') || flag('separate-databases')) {
    // the generated data set must be there; a copy keeps the base at its schema level
    const base = new pg.Client({ connectionString: BASE_URL });
    await base.connect();
    const { rows } = await base.query(`SELECT to_regclass('cases') IS NOT NULL AS ok`);
    const ready =
      rows[0].ok && (await base.query('SELECT count(*)::int AS n FROM cases')).rows[0].n >= 300_000;
    await base.end();
    if (!ready) throw new Error('--separate-database: generate the data set first (--generate-only)');
    DB_URL = await copyDatabase(BASE_URL, 'run', log);
  }
  const given = option('api', '');
  const built = given ? '' : build(log);
  const spec = given ? apiSpec(given) : { ...apiSpec(built), label: relative(root, built) };
  log(`API: ${spec.label}`);
  const api = await startApi(spec);
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  try {
    await ensureData(db);
    const n = await sizes(db);
    const { rows: dbSize } = await db.query(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
    );
    log(`database size ${dbSize[0].size}`);
    if (flag('generate-only')) {
      log(`data: ${JSON.stringify(n)}; total ${seconds(t0)}`);
      return;
    }
    log(
      `data: ${n.branches} branches, ${n.households} households, ${n.members} members, ` +
        `${n.contacts} contacts, ${n.visits} visits, ${n.cases} cases`,
    );
    const { rows } = await db.query(`SELECT id, code FROM branches WHERE code = 'B150'`);
    const branchId = rows[0].id;
    const staff = await login(api.base, 'admin');
    const secretary = await login(api.base, 'sec150');
    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86400_000).toISOString();
    const cases = [
      // [scope, label, token, path]; scope 'floor' has no target: the cost of any signed-in request
      ['floor', 'GET /api/auth/me (no figures)', staff, '/api/auth/me'],
      ['county', 'overview (current month)', staff, '/api/stats/overview'],
      ['county', 'branch table, 300 rows (current month)', staff, '/api/stats/branches'],
      ['trend', 'county trend, 12 months', staff, `/api/stats/trend?from=${yearAgo}`],
      [
        'branch',
        'overview, staff ?branchId (current month)',
        staff,
        `/api/stats/overview?branchId=${branchId}`,
      ],
      ['branch', 'overview, secretary (current month)', secretary, '/api/stats/overview'],
      ['trend', 'branch trend, secretary, 12 months', secretary, `/api/stats/trend?from=${yearAgo}`],
    ];
    const results = [];
    const loadBefore = loadavg();
    for (const [scope, label, token, path] of cases) {
      const r = await measure(api.base, token, path);
      const target = TARGETS[scope];
      results.push({ scope, label, ...r, target, ok: target === undefined || r.p99 < target });
      log(`${scope.padEnd(6)} ${label.padEnd(44)} p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`);
    }
    const loadAfter = loadavg();
    const overview = JSON.parse(results.find((r) => r.label.startsWith('overview')).sample);
    console.log('\nCounty overview of the current month (sanity check):');
    console.log(JSON.stringify(overview));
    console.log(
      `\n${ITERATIONS} sequential requests per line after ${WARMUP} warm-up requests, HTTP, keep-alive.`,
    );
    const la = (l) => l.map((x) => x.toFixed(1)).join(' ');
    console.log(`${cpus().length} CPUs; load average before ${la(loadBefore)}, after ${la(loadAfter)}.`);
    console.log(
      '"figures" = the API\'s own time computing the answer (Server-Timing), without network, auth and JSON.',
    );
    console.log(
      '| scope  | request                                      |  p50 ms |  p95 ms |  p99 ms |  max ms | target p99      | figures p50 / p99 ms |',
    );
    console.log(
      '| ------ | -------------------------------------------- | ------: | ------: | ------: | ------: | --------------- | -------------------: |',
    );
    for (const r of results) {
      const f = (x) => x.toFixed(1).padStart(7);
      const target = r.target === undefined ? '—' : `< ${r.target} ms ${r.ok ? 'ok' : 'MISSED'}`;
      const server = r.server50 === null ? '—' : `${r.server50.toFixed(1)} / ${r.server99.toFixed(1)}`;
      console.log(
        `| ${r.scope.padEnd(6)} | ${r.label.padEnd(44)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} | ${target.padEnd(15)} | ${server.padStart(20)} |`,
      );
    }
    // a 100,000-row export, streamed: time, size and the API's peak memory (VmHWM) around it
    const exportFrom = new Date(now.getTime() - 122 * 86400_000).toISOString();
    const { rows: exportCount } = await db.query(
      'SELECT count(*)::int AS n FROM cases WHERE created_at >= $1',
      [exportFrom],
    );
    console.log(
      `\nStreamed export of the ${exportCount[0].n} cases received since ${exportFrom.slice(0, 10)} (staff):`,
    );
    console.log('| file | rows | size MB | seconds | API peak RSS before → after (MB) |');
    console.log('| ---- | ---: | ------: | ------: | -------------------------------- |');
    for (const ext of ['csv', 'xlsx']) {
      const before = peakRss(api.child.pid);
      const t1 = Date.now();
      const r = await fetch(`${api.base}/api/reports/cases.${ext}?from=${exportFrom}`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      if (!r.ok) throw new Error(`export ${ext}: ${r.status}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of r.body) {
        bytes += chunk.length;
        if (ext === 'csv') for (const b of chunk) if (b === 10) lines++;
      }
      const secs = (Date.now() - t1) / 1000;
      const after = peakRss(api.child.pid);
      console.log(
        `| ${ext} | ${ext === 'csv' ? lines - 1 : exportCount[0].n} | ${(bytes / 1e6).toFixed(1)} | ${secs.toFixed(1)} | ${before} → ${after} |`,
      );
    }
    log(`total ${seconds(t0)}`);
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await db.end();
    stopping = true;
    api.child.kill('SIGTERM');
    if (DB_URL !== BASE_URL) {
      await new Promise((ok) => (api.child.exitCode === null ? api.child.once('exit', ok) : ok(null)));
      await dropDatabase(DB_URL);
    }
  }
}

main().catch((e) => {
  console.error('[bench] failed:', e);
  process.exit(1);
});
