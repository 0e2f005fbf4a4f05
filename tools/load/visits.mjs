#!/usr/bin/env node
// Write load on POST /api/visits (issue 5): members of the demo town log visits with cases,
// concurrently, against an API that is already running on a real PostgreSQL.
//
//   npm run build            # or: npx nx build api
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/load_visits SEED_DEMO=true ADMIN_PASSWORD=demo1234 \
//     JWT_SECRET=load-test-secret-at-least-32-characters PORT=3105 node dist/apps/api/main.js &
//   node tools/load/visits.mjs --url http://127.0.0.1:3105 --branches lw --concurrency 16 --count 3000
//
// Options (all bounded):
//   --url U           the API, loopback only (default http://127.0.0.1:3000)
//   --branches a,b    demo branch codes whose members log in (default lw); members dy_<code>_01..NN
//   --members N       members per branch (default 6, the demo town has 6)
//   --password P      (default demo1234)
//   --concurrency C   requests in flight (default 16, max 256)
//   --count N         stop after N requests (default 2000, max 200000)
//   --duration S      stop after S seconds (default 60, max 600)
//   --cases K         cases per visit (default 1, max 20)
//   --replay F        fraction of requests that resend an earlier clientId (default 0.05): each
//                     must answer 200 with the first visit, never a second row
//   --json            print the summary as JSON only
//
// Prints visits/s (new visits acknowledged with 201), requests/s, latency p50/p90/p99/max,
// and the answers by status. Exits 1 if any request failed or a replay was not a replay.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { bounded, flag, jsonClient, option, target } from './cli.mjs';

const base = target();
const BRANCHES = option('branches', 'lw')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
const MEMBERS = bounded('members', 6, 1, 99);
const PASSWORD = option('password', 'demo1234');
const CONCURRENCY = bounded('concurrency', 16, 1, 256);
const COUNT = bounded('count', 2000, 1, 200_000);
const DURATION_S = bounded('duration', 60, 1, 600);
const CASES = bounded('cases', 1, 0, 20);
const REPLAY = bounded('replay', 0.05, 0, 0.9);
const JSON_ONLY = flag('json');
const log = (...a) => {
  if (!JSON_ONLY) console.log('[load]', ...a);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });

const call = jsonClient(base, agent);

async function signIn() {
  const members = [];
  for (const code of BRANCHES) {
    for (let i = 1; i <= MEMBERS; i++) {
      const username = `dy_${code}_${String(i).padStart(2, '0')}`;
      const res = await call('POST', '/api/auth/login', { username, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      const token = res.body.accessToken;
      const hh = await call('GET', '/api/households?pageSize=100', undefined, token);
      if (hh.status !== 200 || !hh.body.items.length)
        throw new Error(`households of ${username}: ${hh.status}`);
      members.push({ username, token, households: hh.body.items.map((h) => h.id), sent: [] });
    }
  }
  return members;
}

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const KINDS = ['suggestion', 'problem'];
const CATEGORIES = ['infrastructure', 'environment', 'industry', 'employment', 'health_elderly', 'other'];
const ACTIVITIES = ['policy', 'help', 'opinion', 'safety', 'care'];

function newVisit(member) {
  return {
    clientId: randomUUID(),
    householdId: pick(member.households),
    visitedAt: new Date(Date.now() - Math.floor(Math.random() * 3600_000)).toISOString(),
    method: pick(['in_person', 'in_person', 'phone']),
    activities: [pick(ACTIVITIES)],
    notes: '压测走访记录',
    cases: Array.from({ length: CASES }, (_, i) => ({
      kind: pick(KINDS),
      category: pick(CATEGORIES),
      title: `压测问题 ${i + 1}`,
      description: '由负载测试生成',
    })),
  };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)] * 10) / 10;
}

async function main() {
  const health = await call('GET', '/api/health');
  if (health.status !== 200) throw new Error(`the API at ${base.href} is not healthy: ${health.status}`);
  log(`signing in ${BRANCHES.length * MEMBERS} members of ${BRANCHES.join(', ')}`);
  const members = await signIn();

  const byStatus = {};
  const latencies = [];
  const problems = [];
  let issued = 0;
  let created = 0;
  let replays = 0;
  let casesCreated = 0;
  const deadline = performance.now() + DURATION_S * 1000;
  const started = performance.now();

  async function worker() {
    while (issued < COUNT && performance.now() < deadline) {
      issued++;
      const member = pick(members);
      const replay = member.sent.length > 0 && Math.random() < REPLAY;
      const sent = replay ? pick(member.sent) : { body: newVisit(member), visitId: null };
      let res;
      try {
        res = await call('POST', '/api/visits', sent.body, member.token);
      } catch (err) {
        byStatus.error = (byStatus.error ?? 0) + 1;
        problems.push(String(err));
        continue;
      }
      latencies.push(res.ms);
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      if (res.status === 201 && !replay) {
        created++;
        casesCreated += res.body.cases.length;
        sent.visitId = res.body.visit.id;
        member.sent.push(sent);
        if (member.sent.length > 50) member.sent.shift();
      } else if (res.status === 200 && replay && res.body.visit.id === sent.visitId) {
        replays++;
      } else {
        problems.push(
          `${replay ? 'replay' : 'new'} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const summary = {
    url: base.origin,
    branches: BRANCHES,
    members: members.length,
    concurrency: CONCURRENCY,
    casesPerVisit: CASES,
    requests: latencies.length + (byStatus.error ?? 0),
    seconds: Math.round(seconds * 100) / 100,
    visitsCreated: created,
    casesCreated,
    replaysAnswered: replays,
    visitsPerSecond: Math.round((created / seconds) * 10) / 10,
    requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    byStatus,
    problems: problems.length,
  };
  if (JSON_ONLY) console.log(JSON.stringify(summary));
  else {
    log(
      `${summary.requests} requests in ${summary.seconds} s: ${summary.visitsPerSecond} visits/s ` +
        `(${created} visits, ${casesCreated} cases, ${replays} replays), ${summary.requestsPerSecond} req/s`,
    );
    log(
      `latency ms p50 ${summary.latencyMs.p50}  p90 ${summary.latencyMs.p90}  p99 ${summary.latencyMs.p99}  max ${summary.latencyMs.max}`,
    );
    log('answers', JSON.stringify(byStatus));
    for (const p of problems.slice(0, 10)) log('problem:', p);
  }
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((err) => {
  console.error('[load]', err instanceof Error ? err.message : err);
  agent.destroy();
  process.exitCode = 1;
});
