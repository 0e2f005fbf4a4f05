#!/usr/bin/env node
// Throughput of the everyday routes under 16 connections (issue 15), in one run, side by side
// with GET /api/health on the same machine at the same moment: requests/s, p99 and the ratio to
// the health route, which takes out part of the noise of a shared machine.
//
//   npm run bench:routes                                # build if needed, generate once, measure
//   npm run bench:routes -- --regenerate                # drop and regenerate the data set
//   npm run bench:routes -- --build                     # rebuild the API first
//   npm run bench:routes -- --api tmp/before/main.js --api dist/apps/api/main.js
//                                                       # two builds side by side, route by route
//   npm run bench:routes -- --county                    # the county data set of npm run bench
//   options: --connections 16 --duration 8 --warmup 2 (seconds per line, build and round)
//            --rounds 1 (drive each line A B A B … this many times; figures over all rounds)
//
// BENCH_ROUTES_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_routes; with
// --county BENCH_DATABASE_URL, the database of npm run bench) is created when missing. Data set
// (tools/bench/generate.sql): 15 branches, 300 members, 15,000 households, 50,000 visits,
// 15,000 cases. Besides requests/s and p99 it reports the CPU time each request cost the API
// process and its PostgreSQL backends (Linux /proc, backends found by application_name): on a
// machine shared with other work that is the steadier figure. Every build is started on it (node <main.js>, production logging, background
// jobs off), all at once; each line is then driven against each build in turn. POST /api/visits
// sends one case per visit; afterwards the rows are counted (every acknowledged visit, its case
// and the case's event must be there, nothing else) and removed, so that runs compare.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { build, ensureDatabase, flag, freePort, option, options, root } from './lib.mjs';

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
const SIZE = COUNTY ? { branches: 300, members: 100 } : { branches: 15, members: 20 };
const ADMIN_PASSWORD = 'bench-admin-password';
const MARKER = 'bench-routes visit';

const log = (...a) => console.log('[bench:routes]', ...a);
const load1 = () => loadavg()[0];

function builds() {
  const given = options('api').map((p) => resolve(p));
  if (given.length) {
    for (const p of given) if (!existsSync(p)) throw new Error(`no such build: ${p}`);
    return given;
  }
  return [build(log)];
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

async function startApi(main, tag) {
  const port = await freePort();
  const dbUrl = new URL(DB_URL);
  // the API's own PostgreSQL backends are found by this name (their CPU is counted)
  dbUrl.searchParams.set('application_name', tag);
  const child = spawn(process.execPath, [main], {
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
    },
    // the request log is written as in production, and thrown away
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${main} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 120_000) throw new Error('the API did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 300));
  }
  return { child, base, port, tag, name: relative(root, main) || main };
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
    return;
  }
  if (rows[0].cases > 0) throw new Error('the bench database holds other data: run with --regenerate');
  const t0 = Date.now();
  log(`generating ${SIZE.branches} branches of ${SIZE.members} members in the database ...`);
  await db.query(`SET bench.branches = ${SIZE.branches}`);
  await db.query(`SET bench.members = ${SIZE.members}`);
  await db.query(readFileSync(join(root, 'tools/bench/generate.sql'), 'utf8'));
  await db.query('VACUUM ANALYZE');
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

/** CPU time (user + system) a process has used, in ms (Linux /proc), or 0 when it is gone */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU used so far by an API process and by its PostgreSQL backends (by application_name) */
async function cpuOf(db, api) {
  const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [api.tag]);
  const backends = new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
  return { api: cpuMs(api.child.pid), backends };
}
const cpuSince = (before, after) => ({
  api: after.api - before.api,
  db: [...after.backends].reduce((sum, [pid, ms]) => sum + ms - (before.backends.get(pid) ?? 0), 0),
});

const percentile = (sorted, p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
    : NaN;

/**
 * CONNECTIONS workers, each one request at a time on its own keep-alive socket, for WARMUP_S
 * then DURATION_S seconds; only the second part is counted.
 */
async function drive(db, api, request, expect) {
  const base = api.base;
  freshAgent();
  const start = performance.now();
  const from = start + WARMUP_S * 1000;
  const until = from + DURATION_S * 1000;
  // the CPU of the counted part: from the end of the warm-up to the last answer
  // set by a timer callback: typed by a cast, or the checker narrows it to null for good
  let cpuStart = /** @type {Promise<{ api: number, backends: Map<number, number> }> | null} */ (null);
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
      const counted = now >= from && now + r.ms <= until;
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
  await db.query('BEGIN');
  await db.query(
    `DELETE FROM case_events WHERE case_id IN (SELECT c.id FROM cases c JOIN visits v ON v.id = c.visit_id WHERE v.notes = $1)`,
    [MARKER],
  );
  await db.query(`DELETE FROM cases WHERE visit_id IN (SELECT id FROM visits WHERE notes = $1)`, [MARKER]);
  await db.query(`DELETE FROM visits WHERE notes = $1`, [MARKER]);
  await db.query('COMMIT');
  return { ok, ...rows[0], n };
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
  const mains = builds();
  log(`starting ${mains.length} build(s) on ${new URL(DB_URL).pathname.slice(1)}`);
  const apis = [];
  for (const [i, m] of mains.entries()) apis.push(await startApi(m, `bench-routes-${i + 1}`));
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  try {
    await ensureData(db);
    const { rows: size } = await db.query(`SELECT (SELECT count(*) FROM branches)::int AS branches,
        (SELECT count(*) FROM users WHERE role = 'member')::int AS members,
        (SELECT count(*) FROM households)::int AS households,
        (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM cases)::int AS cases`);
    const n = size[0];
    log(
      `data: ${n.branches} branches, ${n.members} members, ${n.households} households, ${n.visits} visits, ${n.cases} cases`,
    );
    await db.query(
      `DELETE FROM case_events WHERE case_id IN (SELECT c.id FROM cases c JOIN visits v ON v.id = c.visit_id WHERE v.notes = $1)`,
      [MARKER],
    );
    await db.query(`DELETE FROM cases WHERE visit_id IN (SELECT id FROM visits WHERE notes = $1)`, [MARKER]);
    await db.query(`DELETE FROM visits WHERE notes = $1`, [MARKER]);

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
    const lines = [
      ['`/api/health` (baseline)', get('/api/health', () => undefined), 200],
      [
        '`POST /api/visits` (one case each)',
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
      ],
      ['member: my cases', get('/api/cases', member), 200],
      ['member: my households', get('/api/households?contactMemberId=me', member), 200],
      ['secretary: open cases', get('/api/cases?status=open&sort=createdAt', secretary), 200],
      ['secretary: household search', get(`/api/households?q=${encodeURIComponent('-12')}`, secretary), 200],
      [
        `staff: town overview (13 months, ${from.slice(0, 7)} – ${monthStart(0).slice(0, 7)})`,
        get(`/api/stats/overview?from=${from}&to=${to}`, staff),
        200,
      ],
      ['staff: branch table (current month)', get('/api/stats/branches', staff), 200],
    ];

    const results = lines.map(() => []);
    const loadBefore = loadavg();
    let failed = false;
    for (const [li, [label, request, expect]] of lines.entries()) {
      const runs = apis.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [ai, api] of apis.entries()) {
          const r = await drive(db, api, request(tokens[ai]), expect);
          runs[ai].push(r);
          if (expect === 201) {
            const c = await countAndRemoveVisits(db, r.acknowledged);
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

    const la = (l) => l.map((x) => x.toFixed(1)).join(' ');
    console.log(
      `\n${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s counted per line, build and round (${ROUNDS} round(s)); ` +
        `${n.branches} branches, ${n.members} members, ${n.households} households, ${n.visits} visits, ${n.cases} cases.`,
    );
    console.log(
      `${cpus().length} CPUs; load average before ${la(loadBefore)}, after ${la(loadAfter)} (1, 5, 15 min).`,
    );
    const fmt = (x) => Math.round(x).toLocaleString('en-US');
    // one table per build
    for (const [ai, api] of apis.entries()) {
      console.log(`\n${api.name}:`);
      console.log('| route | requests/s | p99 ms | ÷ health | CPU ms per request: API + PostgreSQL | load |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
      for (const [li, [label]] of lines.entries()) {
        const r = results[li][ai];
        const ratio = r.rps / results[0][ai].rps;
        const cpu = `${r.apiCpu.toFixed(2)} + ${r.dbCpu.toFixed(2)} = ${(r.apiCpu + r.dbCpu).toFixed(2)}`;
        console.log(
          `| ${[label, fmt(r.rps), r.p99.toFixed(0), ratio.toFixed(2), cpu, r.load.toFixed(1)].join(' | ')} |`,
        );
      }
    }
    log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (failed) process.exitCode = 1;
  } finally {
    await db.end();
    agent.destroy();
    for (const api of apis) api.child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error('[bench:routes] failed:', e);
  process.exit(1);
});
