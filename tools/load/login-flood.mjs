#!/usr/bin/env node
// Wrong-password flood against POST /api/auth/login (issue 10): C concurrent clients send wrong
// passwords for D seconds while a real user signs in with the right password now and then from
// another address. Loopback only, bounded, stops by itself.
//
//   npx nx build api
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/load_login ADMIN_PASSWORD=real-admin-pw-1 \
//     JWT_SECRET=load-test-secret-at-least-32-characters PORT=3107 LOG_LEVEL=silent \
//     node dist/apps/api/main.js &
//   node tools/load/login-flood.mjs --url http://127.0.0.1:3107 --password real-admin-pw-1 --pid $!
//
// Client addresses are set with X-Forwarded-For, which the API believes from loopback (the
// default TRUST_PROXY), so one machine can play several clients.
//
// Options (all bounded):
//   --url U            the API, loopback only (default http://127.0.0.1:3000)
//   --user NAME        the real user, also the attackers' target (default admin)
//   --password P       the real user's password (default demo1234)
//   --concurrency C    attacking clients (default 32, max 256)
//   --duration S       seconds of flood (default 10, max 120)
//   --from one|many    attackers share one address (one) or each has its own (many; default one)
//   --spray            attackers try a different username each time instead of --user
//   --pid P            the API's process id: prints the CPU it used during the flood (Linux /proc)
//   --json             print the summary as JSON only
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bounded, flag, option, target } from './cli.mjs';

const base = target();
const USER = option('user', 'admin');
const PASSWORD = option('password', 'demo1234');
const CONCURRENCY = bounded('concurrency', 32, 1, 256);
const DURATION_S = bounded('duration', 10, 1, 120);
const FROM = option('from', 'one');
if (!['one', 'many'].includes(FROM)) throw new Error('--from must be one or many');
const SPRAY = flag('spray');
const PID = option('pid', null);
const JSON_ONLY = flag('json');
const log = (...a) => {
  if (!JSON_ONLY) console.log('[login-flood]', ...a);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });

function login(username, password, address) {
  const payload = Buffer.from(JSON.stringify({ username, password }));
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': payload.length,
    'X-Forwarded-For': address,
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || 80,
        path: '/api/auth/login',
        method: 'POST',
        headers,
        agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 'error', ms: performance.now() - started }));
    req.end(payload);
  });
}

const cpuSeconds = () => {
  if (!PID) return null;
  const fields = readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (100 Hz)
};
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};
const summary = (xs) => ({ n: xs.length, p50: pct(xs, 50), p90: pct(xs, 90), max: pct(xs, 100) });

const REAL_ADDRESS = '192.0.2.10';
async function realUser(untilMs, every = 500) {
  const ms = [];
  const statuses = {};
  while (performance.now() < untilMs) {
    const r = await login(USER, PASSWORD, REAL_ADDRESS);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    ms.push(r.ms);
    await new Promise((res) => setTimeout(res, every));
  }
  return { ...summary(ms), statuses };
}

async function main() {
  log(
    `warming up, then ${DURATION_S} s of ${CONCURRENCY} clients (${FROM} address${FROM === 'one' ? '' : 'es'}${SPRAY ? ', spraying usernames' : ''}) against ${base.href}`,
  );
  const first = await login(USER, PASSWORD, REAL_ADDRESS);
  if (first.status !== 200)
    throw new Error(
      `the real user cannot sign in before the flood (status ${first.status}): check --user/--password`,
    );
  const before = await realUser(performance.now() + 3000, 250);

  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const until = t0 + DURATION_S * 1000;
  const counts = {};
  let sent = 0;
  const attacker = async (i) => {
    const address = FROM === 'one' ? '203.0.113.7' : `203.0.${113 + Math.floor(i / 250)}.${(i % 250) + 1}`;
    let n = 0;
    while (performance.now() < until) {
      const username = SPRAY ? `spray_${i}_${n}` : USER;
      const r = await login(username, `wrong-password-${i}-${n++}`, address);
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      sent++;
    }
  };
  const [during] = await Promise.all([
    realUser(until),
    ...Array.from({ length: CONCURRENCY }, (_, i) => attacker(i)),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds();
  const result = {
    concurrency: CONCURRENCY,
    durationSeconds: Math.round(seconds * 10) / 10,
    from: FROM,
    spray: SPRAY,
    attackRequests: sent,
    attackStatuses: counts,
    realUserBefore: before,
    realUserDuring: during,
    apiCpuCores: cpu0 === null ? null : Math.round(((cpu1 - cpu0) / seconds) * 100) / 100,
  };
  if (JSON_ONLY) console.log(JSON.stringify(result));
  else {
    log(`attack: ${sent} requests in ${result.durationSeconds} s:`, JSON.stringify(counts));
    log(
      `real user before: p50 ${before.p50} ms, p90 ${before.p90} ms, max ${before.max} ms (${before.n} sign-ins)`,
    );
    log(
      `real user during: p50 ${during.p50} ms, p90 ${during.p90} ms, max ${during.max} ms, answers ${JSON.stringify(during.statuses)}`,
    );
    if (result.apiCpuCores !== null) log(`API process CPU during the flood: ${result.apiCpuCores} cores`);
  }
  agent.destroy();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
