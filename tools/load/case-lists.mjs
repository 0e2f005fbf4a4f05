#!/usr/bin/env node
// Latency of the case lists over HTTP (docs/workflow.md), one request at a time after a warm-up,
// against a running API (loopback only), e.g. on the 300k-case scratch database:
//
//   node tools/load/case-lists.mjs --url http://127.0.0.1:3160 --member g3_m7 --secretary g3_sj \
//     --password demo1234 --iterations 100
import http from 'node:http';
import { jsonClient, option, target } from './cli.mjs';

const base = target();
const ITERATIONS = Math.min(1000, Math.max(1, Number(option('iterations', '100'))));
const WARMUP = 10;
const PASSWORD = option('password', 'demo1234');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const call = jsonClient(base, agent);

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
