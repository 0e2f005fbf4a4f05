#!/usr/bin/env node
// Latency of the case lists over HTTP (docs/workflow.md), one request at a time after a warm-up,
// against a running API (loopback only), e.g. on the 300k-case scratch database:
//
//   node tools/load/case-lists.mjs --url http://127.0.0.1:3160 --member g3_m7 --secretary g3_sj \
//     --password demo1234 --iterations 100
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const base = new URL(option('url', 'http://127.0.0.1:3000'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname) || base.protocol !== 'http:') {
  throw new Error(`refusing ${base.href}: loopback http only`);
}
const ITERATIONS = Math.min(1000, Math.max(1, Number(option('iterations', '100'))));
const WARMUP = 10;
const PASSWORD = option('password', 'demo1234');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, body, token) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { Accept: 'application/json' };
  if (payload)
    Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
  if (token) headers.Authorization = `Bearer ${token}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || 80, path, method, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function login(username) {
  const res = await call('POST', '/api/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.accessToken;
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];

async function main() {
  const member = await login(option('member', 'dy_lw_01'));
  const secretary = await login(option('secretary', 'sj_lw'));
  const lists = [
    ['member: my tasks', member, '/api/cases?assigneeId=me&status=assigned,in_progress&sort=dueAt'],
    ['member: all my cases', member, '/api/cases'],
    ['secretary: open, oldest first', secretary, '/api/cases?status=open&sort=createdAt'],
    ['secretary: open, newest first', secretary, '/api/cases?status=open'],
    ['secretary: overdue', secretary, '/api/cases?overdue=true&sort=dueAt'],
    ['secretary: resolved, awaiting follow-up', secretary, '/api/cases?status=resolved&sort=updatedAt'],
    ['secretary: whole branch', secretary, '/api/cases'],
  ];
  console.log(`| list | total | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |`);
  for (const [name, token, path] of lists) {
    let total = 0;
    const times = [];
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const res = await call('GET', path, undefined, token);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      total = res.body.total;
      if (i >= WARMUP) times.push(res.ms);
    }
    times.sort((a, b) => a - b);
    const f = (x) => `${x.toFixed(1)} ms`;
    console.log(
      `| ${name} \`${path.replace('/api/cases', '') || '(default)'}\` | ${total} | ${f(pct(times, 50))} | ${f(pct(times, 99))} | ${f(times[times.length - 1])} |`,
    );
  }
  agent.destroy();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  agent.destroy();
  process.exitCode = 1;
});
