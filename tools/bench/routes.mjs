#!/usr/bin/env node
// Throughput of the everyday routes under 16 connections (issue 15), in one run, side by side
// with GET /api/health on the same machine at the same moment: requests/s, p99 and the ratio to
// the health route, which takes out part of the noise of a shared machine. Prints issue 15's
// table for every build (with CPU per request and the targets' verdict) and, with several
// builds, the lines side by side with the ratio last ÷ first: Markdown, ready for
// docs/performance.md.
//
//   npm run bench:routes                                # build if needed, generate once, measure
//   npm run bench:routes -- --regenerate                # drop and regenerate the data set
//   npm run bench:routes -- --build                     # rebuild the API first
//   npm run bench:routes -- --api /work/builds/before/main.js --api dist/apps/api/main.js
//                                                       # two builds side by side, route by route
//   npm run bench:routes -- --api 'API_WORKERS=2 dist/apps/api/main.js'
//                                                       # a build with its own environment
//   npm run bench:routes -- --api 'tools/cluster.mjs dist/apps/api/main.js'
//                                                       # a launcher script and its arguments
//   npm run bench:routes -- --county                    # the county data set of npm run bench
//   npm run bench:routes -- --county --only overview,branches
//                                                       # a few lines (+ health, for the ratio)
//   options: --connections 16 --duration 8 --warmup 2 (seconds per line, build and round)
//            --rounds 1 (drive each line A B A B … this many times; figures over all rounds)
//            --only health,visits,my-cases,my-households,open-cases,search,overview,branches,
//              past-overview,past-branches (last month: the monthly inspection)
//            --no-health (with --only: leave out the health line, and so the ratio)
//            --env KEY=VALUE (repeatable: for every build)
//            --ports 3005,3105 (or BENCH_PORTS: the builds' ports in order; else free ports)
//            --json out.json (the figures, the options and the load, as JSON)
//            --separate-databases (every build on its own copy of the data set, <database>_1 …,
//              at its own schema level; the base database is migrated by the first build only;
//              copies dropped at the end)
//
// --api (repeatable) is `[KEY=VALUE …] script [argument …]`: the KEY=VALUE words go into that
// build's environment (after the bench's own, so they can override them, e.g. DB_POOL_SIZE),
// the script is run with node. A launcher may start several processes (a Node cluster): the
// CPU counted is that of the whole process tree under it, plus the PostgreSQL backends whose
// application_name is the build's tag (set in DATABASE_URL; keep it when passing it on).
//
// BENCH_ROUTES_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_routes; with
// --county BENCH_DATABASE_URL, the database of npm run bench) is created when missing. Data set
// (tools/bench/generate.sql): 15 branches, 300 members, 15,000 households, 50,000 visits,
// 15,000 cases. Besides requests/s and p99 it reports the CPU time each request cost the API
// processes and their PostgreSQL backends (Linux /proc, backends found by application_name): on
// a machine shared with other work that is the steadier figure. Every build is started on it
// (production logging, background jobs off), all at once, in the order given: a newer build
// migrates the (shared, unless --separate-databases) database forward, and then its triggers
// weigh on every build's writes. After a migration the roll-ups of the bulk-generated data
// are rebuilt once (SELECT stats_refresh(), recorded in the table bench_state). Each line is then driven
// against each build in turn. POST /api/visits sends one case per visit; afterwards the rows
// are counted (every acknowledged visit, its case and the case's event must be there, nothing
// else) and removed, so that runs compare.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  apiSpec,
  build,
  copyDatabase,
  cpuMs,
  dbName,
  dropDatabase,
  ensureDatabase,
  flag,
  portFor,
  option,
  options,
  refreshRollups,
  root,
  treeCpu,
} from './lib.mjs';

const bounded = (name, fallback, min, max) => {
  const v = Number(option(name, String(fallback)));
  if (!Number.isFinite(v) || v < min || v > max)
    throw new Error(`--${name} must be between ${min} and ${max}`);
  return v;
};
const COUNTY = flag('county');
const CONNECTIONS = bounded('connections', 16, 1, 256);
const DURATION_S = bounded('duration', 8, 1, 120);
const WARMUP_S = bounded('warmup', 2, 0, 60);
// with several builds, the lines are driven round by round, A B A B …, so that the noise of a
// shared machine falls on every build alike; figures are over all rounds together
const ROUNDS = bounded('rounds', 1, 1, 20);
const DB_URL = COUNTY
  ? process.env.BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/bench_tenplusn'
  : process.env.BENCH_ROUTES_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/bench_routes';
// --only a,b: those lines, and health for the ratio unless --no-health
const LINE_KEYS = [
  'health',
  'visits',
  'my-cases',
  'my-households',
  'open-cases',
  'search',
  'overview',
  'branches',
  'past-overview',
  'past-branches',
];
const only = option('only', '')
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean);
for (const k of only)
  if (!LINE_KEYS.includes(k)) throw new Error(`--only ${k}: one of ${LINE_KEYS.join(', ')}`);
const SIZE = COUNTY ? { branches: 300, members: 100 } : { branches: 15, members: 20 };
const ADMIN_PASSWORD = 'bench-admin-password';
const MARKER = 'bench-routes visit';

const log = (...a) => console.log('[bench:routes]', ...a);
const load1 = () => loadavg()[0];

function builds() {
  const given = options('api').map(apiSpec);
  if (given.length) return given;
  const main = build(log);
  return [{ ...apiSpec(main), label: relative(root, main) }];
}

const children = new Set();
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    process.exit(130);
  });

async function startApi(spec, tag, url, port) {
  const dbUrl = new URL(url);
  // the API's own PostgreSQL backends are found by this name (their CPU is counted)
  dbUrl.searchParams.set('application_name', tag);
  const child = spawn(process.execPath, [spec.script, ...spec.args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      DATABASE_URL: dbUrl.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
      ADMIN_PASSWORD,
      SEED_DEMO: 'false',
      WEB_ROOT: '/nonexistent',
      DB_POOL_SIZE: '10',
      AUTO_FREEZE: 'false',
      INBOX_SWEEP_MINUTES: '0',
      // an older build beside a newer one: the newer one's (additive) migrations are applied
      ALLOW_NEWER_SCHEMA: 'true',
      // the build's own (--api 'KEY=VALUE … main.js', --env KEY=VALUE)
      ...spec.env,
    },
    // the request log is written as in production, and thrown away
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${spec.label} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 120_000) throw new Error('the API did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 300));
  }
  return { child, base, port, tag, name: spec.label };
}

/** SIGTERM, and the exit awaited (its port and database connections are free afterwards) */
async function stopApi(api) {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  const exited = new Promise((ok) => api.child.once('exit', ok));
  api.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000))]);
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
}

async function ensureData(db) {
  const last = `B${String(SIZE.branches).padStart(3, '0')}`;
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM branches)::int AS branches,
            (SELECT count(*) FROM branches WHERE code = $1)::int AS marker,
            (SELECT count(*) FROM cases)::int AS cases`,
    [last],
  );
  if (rows[0].marker === 1 && rows[0].branches === SIZE.branches && rows[0].cases >= SIZE.branches * 1000) {
    log('data set present (use --regenerate to rebuild it)');
    // a build that migrated the data set forward may have added roll-ups to fill
    await refreshRollups(db, log);
    return;
  }
  if (rows[0].cases > 0) throw new Error('the bench database holds other data: run with --regenerate');
  const t0 = Date.now();
  log(`generating ${SIZE.branches} branches of ${SIZE.members} members in the database ...`);
  await db.query(`SET bench.branches = ${SIZE.branches}`);
  await db.query(`SET bench.members = ${SIZE.members}`);
  await db.query(readFileSync(join(root, 'tools/bench/generate.sql'), 'utf8'));
  await db.query('VACUUM ANALYZE');
  await refreshRollups(db, log, { recordOnly: true });
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// a fresh keep-alive agent per line: a socket left idle while another build is driven would be
// closed by the server (keepAliveTimeout) just as it is reused ("socket hang up")
let agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + 4 });
const freshAgent = () => {
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + 4 });
};

/** One request; resolves with the status, the body text and the elapsed milliseconds. */
function call(base, method, path, { token, body } = {}) {
  const url = new URL(base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { accept: 'application/json' };
  if (payload)
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
  if (token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      res.on('error', fail);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', fail);
    if (payload) req.write(payload);
    req.end();
  });
}

async function signIn(base, username) {
  const r = await call(base, 'POST', '/api/auth/login', { body: { username, password: ADMIN_PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return JSON.parse(r.text).accessToken;
}

/**
 * CPU used so far by an API's processes (the tree under the one the bench started: a
 * cluster's workers too) and by its PostgreSQL backends (by application_name), in ms by pid
 */
async function cpuOf(db, api) {
  const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [api.tag]);
  const backends = new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
  return { api: treeCpu(api.child.pid), backends };
}
/** CPU since `before`; a process started meanwhile counts from 0 */
const grown = (before, after) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
const cpuSince = (before, after) => ({
  api: grown(before.api, after.api),
  db: grown(before.backends, after.backends),
});

const percentile = (sorted, p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
    : NaN;

/**
 * CONNECTIONS workers, each one request at a time on its own keep-alive socket, for WARMUP_S
 * then DURATION_S seconds; the answers that arrive in the second part are counted.
 */
async function drive(db, api, request, expect) {
  const base = api.base;
  freshAgent();
  const start = performance.now();
  const from = start + WARMUP_S * 1000;
  const until = from + DURATION_S * 1000;
  // the CPU of the counted part: from the end of the warm-up to the last answer
  // set by a timer callback: typed by a cast, or the checker narrows it to null for good
  let cpuStart = /** @type {Promise<{ api: Map<number, number>, backends: Map<number, number> }> | null} */ (
    null
  );
  let doneSinceCpuStart = 0;
  const cpuTimer = setTimeout(() => {
    cpuStart = cpuOf(db, api).then((c) => {
      doneSinceCpuStart = 0;
      return c;
    });
  }, WARMUP_S * 1000);
  const times = [];
  const statuses = {};
  const problems = [];
  const acknowledged = [];
  async function worker(w) {
    for (let i = 0; ; i++) {
      const now = performance.now();
      if (now >= until) return;
      const { method, path, token, body } = request(w, i);
      let r;
      try {
        r = await call(base, method, path, { token, body });
      } catch (e) {
        statuses.error = (statuses.error ?? 0) + 1;
        problems.push(String(e));
        continue;
      }
      doneSinceCpuStart++;
      // the answers that arrive within the counted seconds: requests/s is completions per
      // second, and a request slower than the counted part (county figures) is counted too
      const end = now + r.ms;
      const counted = end >= from && end <= until;
      if (r.status !== expect) problems.push(`${method} ${path} → ${r.status} ${r.text.slice(0, 200)}`);
      else if (method === 'POST') acknowledged.push(JSON.parse(r.text).visit.id);
      if (counted) {
        times.push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  clearTimeout(cpuTimer);
  const cpu = cpuStart ? cpuSince(await cpuStart, await cpuOf(db, api)) : { api: NaN, db: NaN };
  return { times, statuses, problems, acknowledged, load: load1(), cpu, cpuRequests: doneSinceCpuStart };
}

/** The rounds of one line and build together. */
function summarize(runs) {
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const cpuRequests = runs.reduce((n, r) => n + r.cpuRequests, 0);
  return {
    apiCpu: runs.reduce((ms, r) => ms + r.cpu.api, 0) / cpuRequests,
    dbCpu: runs.reduce((ms, r) => ms + r.cpu.db, 0) / cpuRequests,
    rps: times.length / (DURATION_S * runs.length),
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    problems: runs.flatMap((r) => r.problems),
    load: runs.reduce((s, r) => s + r.load, 0) / runs.length,
  };
}

/** Every acknowledged visit is there with its one case and that case's event; then they go. */
async function countAndRemoveVisits(db, acknowledged) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM visits WHERE notes = $1)::int AS visits,
            (SELECT count(*) FROM visits WHERE notes = $1 AND id = ANY($2::uuid[]))::int AS acknowledged,
            (SELECT count(*) FROM cases c JOIN visits v ON v.id = c.visit_id WHERE v.notes = $1)::int AS cases,
            (SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id JOIN visits v ON v.id = c.visit_id
              WHERE v.notes = $1 AND e.type = 'created')::int AS events`,
    [MARKER, acknowledged],
  );
  const n = acknowledged.length;
  const ok =
    rows[0].acknowledged === n && rows[0].visits === n && rows[0].cases === n && rows[0].events === n;
  await removeVisits(db);
  return { ok, ...rows[0], n };
}

/**
 * Removes the bench's visits with their cases and events, then vacuums what that left dead:
 * without it the next lines read tens of thousands of dead index entries (a member's cases took
 * 8.7 ms of execution instead of 0.7 ms before autovacuum came round).
 */
async function removeVisits(db) {
  await db.query('BEGIN');
  await db.query(
    `DELETE FROM case_events WHERE case_id IN (SELECT c.id FROM cases c JOIN visits v ON v.id = c.visit_id WHERE v.notes = $1)`,
    [MARKER],
  );
  await db.query(`DELETE FROM cases WHERE visit_id IN (SELECT id FROM visits WHERE notes = $1)`, [MARKER]);
  await db.query(`DELETE FROM visits WHERE notes = $1`, [MARKER]);
  await db.query('COMMIT');
  // the statistics collector counts the dead rows a moment after the commit
  await new Promise((r) => setTimeout(r, 1000));
  const { rows } = await db.query(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name FROM pg_stat_user_tables WHERE n_dead_tup > 500`,
  );
  for (const { name } of rows) await db.query(`VACUUM ANALYZE ${name}`);
}

const fmt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const ratioText = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const cpuText = (r) => `${r.apiCpu.toFixed(2)} + ${r.dbCpu.toFixed(2)} = ${(r.apiCpu + r.dbCpu).toFixed(2)}`;
/** an argument as a shell would need it, for the command printed above the tables */
const quote = (a) => (/^[\w./:=,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * Issue 15's targets, line by line: visits at least 1,000/s with p99 under 100 ms (and nothing
 * lost: the rows are counted); every list at half the health route's requests/s or better; the
 * town overview and the branch table with p99 under 100 ms.
 */
function verdict(target, r) {
  if (r.problems.length) {
    const status = / → (\d{3}) /.exec(r.problems[0])?.[1];
    return `FAILED (${r.problems.length} errors${status ? `, e.g. ${status}` : ''})`;
  }
  const missed = [];
  if (target === 'visits') {
    if (!(r.rps >= 1000)) missed.push('< 1,000/s');
    if (!(r.p99 < 100)) missed.push('p99 ≥ 100 ms');
  } else if (target === 'list') {
    if (!Number.isFinite(r.ratio)) return '? (no health line)';
    if (!(r.ratio >= 0.5)) missed.push('< 0.5 × health');
  } else if (target === 'figures') {
    if (!(r.p99 < 100)) missed.push('p99 ≥ 100 ms');
  } else return '—';
  return missed.length ? `missed: ${missed.join(', ')}` : 'met';
}

/** Shanghai calendar month 'YYYY-MM-01', k months from now's month. */
function monthStart(k) {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + k, 1));
  return d.toISOString().slice(0, 10);
}

async function main() {
  const t0 = Date.now();
  await ensureDatabase(DB_URL, log);
  const specs = builds();
  const ports = [];
  for (const i of specs.keys()) ports.push(await portFor(i));
  let urls = specs.map(() => DB_URL);
  const separate = flag('separate-databases') || flag('separate-database');
  if (separate) {
    // the data set in the base database, migrated by the first build, then one copy per build
    const first = await startApi(specs[0], 'bench-routes-prepare', DB_URL, ports[0]);
    const base = new pg.Client({ connectionString: DB_URL });
    await base.connect();
    try {
      await ensureData(base);
    } finally {
      await base.end();
      await stopApi(first);
    }
    urls = [];
    for (const i of specs.keys()) urls.push(await copyDatabase(DB_URL, String(i + 1), log));
  }
  const apis = [];
  const dbs = [];
  try {
    for (const [i, spec] of specs.entries()) {
      log(`starting ${spec.label} on ${dbName(urls[i])}`);
      apis.push(await startApi(spec, `bench-routes-${i + 1}`, urls[i], ports[i]));
    }
    for (const url of urls) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      dbs.push(client);
    }
    const db = dbs[0];
    if (separate) {
      for (const [i, d] of dbs.entries()) {
        await refreshRollups(d, log);
        const { rows } = await d.query(
          'SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1',
        );
        log(`${apis[i].name} runs on ${dbName(urls[i])}, newest migration ${rows[0]?.name}`);
      }
    } else await ensureData(db);
    const { rows: size } = await db.query(`SELECT (SELECT count(*) FROM branches)::int AS branches,
        (SELECT count(*) FROM users WHERE role = 'member')::int AS members,
        (SELECT count(*) FROM households)::int AS households,
        (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM cases)::int AS cases`);
    const n = size[0];
    log(
      `data: ${n.branches} branches, ${n.members} members, ${n.households} households, ${n.visits} visits, ${n.cases} cases`,
    );
    // what an interrupted run left
    for (const d of dbs) await removeVisits(d);

    // who signs in: members 1 and 2 of the first 15 branches (active), their secretaries, the admin
    const branches = Array.from({ length: Math.min(15, SIZE.branches) }, (_, i) => i + 1);
    const pad = (x) => String(x).padStart(3, '0');
    const memberNames = branches.flatMap((b) => [`m${pad(b)}_001`, `m${pad(b)}_002`]);
    const { rows: homes } = await db.query(
      `SELECT u.username, array_agg(hc.household_id) AS households
         FROM users u JOIN household_contacts hc ON hc.member_id = u.id AND hc.ended_at IS NULL
         JOIN households h ON h.id = hc.household_id AND h.active
        WHERE u.username = ANY($1) GROUP BY u.username`,
      [memberNames],
    );
    const householdsOf = new Map(homes.map((r) => [r.username, r.households]));
    const tokens = [];
    for (const api of apis) {
      const members = [];
      for (const u of memberNames)
        members.push({ token: await signIn(api.base, u), households: householdsOf.get(u) });
      const secretaries = [];
      for (const b of branches)
        secretaries.push({ token: await signIn(api.base, `sec${pad(b)}`), branch: b });
      tokens.push({ members, secretaries, staff: await signIn(api.base, 'admin') });
    }

    const from = monthStart(-12);
    const to = monthStart(1);
    const get = (path, who) => (t) => (w) => ({ method: 'GET', path, token: who(t, w) });
    const member = (t, w) => t.members[w % t.members.length].token;
    const secretary = (t, w) => t.secretaries[w % t.secretaries.length].token;
    const staff = (t) => t.staff;
    // [key, label, group of issue 15's table, request, expected status, target]
    const allLines = [
      ['health', '`/api/health` (baseline)', 'health', get('/api/health', () => undefined), 200, null],
      [
        'visits',
        '`POST /api/visits` (one case each)',
        'visits',
        (t) => (w) => {
          const m = t.members[w % t.members.length];
          return {
            method: 'POST',
            path: '/api/visits',
            token: m.token,
            body: {
              clientId: randomUUID(),
              householdId: m.households[Math.floor(Math.random() * m.households.length)],
              visitedAt: new Date(Date.now() - 60_000).toISOString(),
              method: 'in_person',
              activities: ['policy'],
              notes: MARKER,
              cases: [
                { kind: 'problem', category: 'infrastructure', title: '路灯不亮', description: '压测' },
              ],
            },
          };
        },
        201,
        'visits',
      ],
      ['my-cases', 'member: my cases', 'member', get('/api/cases', member), 200, 'list'],
      [
        'my-households',
        'member: my households',
        'member',
        get('/api/households?contactMemberId=me', member),
        200,
        'list',
      ],
      [
        'open-cases',
        'secretary: open cases',
        'secretary',
        get('/api/cases?status=open&sort=createdAt', secretary),
        200,
        'list',
      ],
      [
        'search',
        'secretary: household search',
        'secretary',
        get(`/api/households?q=${encodeURIComponent('-12')}`, secretary),
        200,
        'list',
      ],
      [
        'overview',
        `staff: town overview (13 months, ${from.slice(0, 7)} – ${monthStart(0).slice(0, 7)})`,
        'staff',
        get(`/api/stats/overview?from=${from}&to=${to}`, staff),
        200,
        'figures',
      ],
      [
        'branches',
        'staff: branch table (current month)',
        'staff',
        get('/api/stats/branches', staff),
        200,
        'figures',
      ],
      // the monthly inspection: last month, whose households and members were visited again since
      [
        'past-overview',
        `staff: last month's overview (${monthStart(-1).slice(0, 7)})`,
        'past',
        get(`/api/stats/overview?from=${monthStart(-1)}&to=${monthStart(0)}`, staff),
        200,
        'figures',
      ],
      [
        'past-branches',
        "staff: last month's branch table",
        'past',
        get(`/api/stats/branches?from=${monthStart(-1)}&to=${monthStart(0)}`, staff),
        200,
        'figures',
      ],
    ];
    // --only a,b: those lines, and health for the ratio unless --no-health
    const lines = only.length
      ? allLines.filter(([key]) => only.includes(key) || (key === 'health' && !flag('no-health')))
      : allLines;

    const results = lines.map(() => []);
    const loadBefore = loadavg();
    let failed = false;
    for (const [li, [, label, , request, expect]] of lines.entries()) {
      const runs = apis.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [ai, api] of apis.entries()) {
          const r = await drive(db, api, request(tokens[ai]), expect);
          runs[ai].push(r);
          if (ROUNDS > 1)
            log(
              `${label} [${api.name}] round ${round + 1}: ${(r.times.length / DURATION_S).toFixed(0)} req/s, load ${r.load.toFixed(1)}`,
            );
          if (expect === 201) {
            const c = await countAndRemoveVisits(dbs[ai], r.acknowledged);
            const note = c.ok
              ? `nothing lost: ${c.n} acknowledged = ${c.visits} visits, ${c.cases} cases, ${c.events} events`
              : `ROWS DO NOT MATCH: ${c.n} acknowledged, ${c.acknowledged} of them found, ${c.visits} visits, ${c.cases} cases, ${c.events} events`;
            if (!c.ok) {
              failed = true;
              r.problems.push(note);
            }
            log(`${label} [${api.name}] round ${round + 1}: ${note}`);
          }
        }
      }
      for (const [ai, api] of apis.entries()) {
        const r = summarize(runs[ai]);
        results[li][ai] = r;
        let note = '';
        if (r.problems.length) {
          failed = true;
          note += `, ${r.problems.length} failures, e.g. ${r.problems[0]}`;
        }
        log(
          `${label} [${api.name}]: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
            `CPU ${r.apiCpu.toFixed(2)} + ${r.dbCpu.toFixed(2)} ms/request, load ${r.load.toFixed(1)}${note}`,
        );
      }
    }
    const loadAfter = loadavg();

    // the ratio to the health route of the same build in the same run, and the targets
    const healthAt = lines.findIndex(([key]) => key === 'health');
    for (const [li, [, , , , , target]] of lines.entries())
      for (const [ai] of apis.entries()) {
        const r = results[li][ai];
        r.ratio = healthAt >= 0 ? r.rps / results[healthAt][ai].rps : NaN;
        r.verdict = verdict(target, r);
      }

    const la = (l) => l.map((x) => x.toFixed(1)).join(' ');
    const command = `npm run bench:routes${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map(quote).join(' ')}` : ''}`;
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    console.log(`\n${when} UTC, \`${command}\``);
    console.log(
      `${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s counted per line, build and round (${ROUNDS} round(s)); ` +
        `${n.branches} branches, ${n.members} members, ${n.households} households, ${n.visits} visits, ${n.cases} cases. ` +
        `${cpus().length} CPUs; load average before ${la(loadBefore)}, after ${la(loadAfter)} (1, 5, 15 min).`,
    );
    // issue 15's table, one per build
    for (const [ai, api] of apis.entries()) {
      console.log(`\n\`${api.name}\`:\n`);
      console.log(
        '| route | requests/s | p99 ms | ÷ `/api/health` | CPU ms per request: API + PostgreSQL | targets |',
      );
      console.log('| --- | ---: | ---: | ---: | ---: | --- |');
      const groups = [...new Set(lines.map(([, , group]) => group))];
      for (const group of groups) {
        const members = [...lines.entries()].filter(([, [, , g]]) => g === group);
        const rs = members.map(([li]) => results[li][ai]);
        const labels = members.map(([, [, label]]) => label);
        // "member: my cases / my households": the common prefix once
        const prefix = /^[a-z]+: /.exec(labels[0])?.[0] ?? '';
        const label =
          prefix && labels.every((l) => l.startsWith(prefix))
            ? prefix + labels.map((l) => l.slice(prefix.length)).join(' / ')
            : labels.join(' / ');
        const join = (f) => rs.map(f).join(' / ');
        console.log(
          `| ${[label, join((r) => fmt(r.rps)), join((r) => fmt(r.p99)), join((r) => ratioText(r.ratio)), join(cpuText), join((r) => r.verdict)].join(' | ')} |`,
        );
      }
    }
    // several builds: every line side by side, last ÷ first
    if (apis.length > 1) {
      const names = apis.map((a) => `\`${a.name}\``).join(' → ');
      console.log(`\nSide by side, ${names} (× = last ÷ first):\n`);
      console.log('| route | requests/s | p99 ms | ÷ `/api/health` | CPU ms per request | targets |');
      console.log('| --- | ---: | ---: | ---: | ---: | --- |');
      const times = (a, b) => (Number.isFinite(a / b) ? ` (×${(a / b).toFixed(2)})` : '');
      for (const [li, [, label]] of lines.entries()) {
        const rs = results[li];
        const first = rs[0];
        const last = rs[rs.length - 1];
        const arrow = (f) => rs.map(f).join(' → ');
        const cpu = (r) => (r.apiCpu + r.dbCpu).toFixed(2);
        console.log(
          `| ${[
            label,
            arrow((r) => fmt(r.rps)) + times(last.rps, first.rps),
            arrow((r) => fmt(r.p99)) + times(last.p99, first.p99),
            arrow((r) => ratioText(r.ratio)),
            arrow(cpu) + times(last.apiCpu + last.dbCpu, first.apiCpu + first.dbCpu),
            arrow((r) => r.verdict.replace(/^missed:.*/, 'missed').replace(/^FAILED.*/, 'FAILED')),
          ].join(' | ')} |`,
        );
      }
    }
    const jsonFile = option('json', '');
    if (jsonFile) {
      writeFileSync(
        jsonFile,
        JSON.stringify(
          {
            at: new Date().toISOString(),
            command,
            connections: CONNECTIONS,
            warmupSeconds: WARMUP_S,
            durationSeconds: DURATION_S,
            rounds: ROUNDS,
            data: n,
            cpus: cpus().length,
            loadBefore,
            loadAfter,
            builds: apis.map((api, ai) => ({
              name: api.name,
              lines: lines.map(([key, label], li) => {
                const { problems, ...r } = results[li][ai];
                return { key, label, ...r, failures: problems.length, problems: problems.slice(0, 5) };
              }),
            })),
          },
          null,
          2,
        ) + '\n',
      );
      log(`figures written to ${jsonFile}`);
    }
    log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (failed) process.exitCode = 1;
  } finally {
    for (const d of dbs) await d.end();
    agent.destroy();
    for (const api of apis) await stopApi(api);
    if (separate) for (const url of urls) await dropDatabase(url);
  }
}

main().catch((e) => {
  console.error('[bench:routes] failed:', e);
  process.exit(1);
});
