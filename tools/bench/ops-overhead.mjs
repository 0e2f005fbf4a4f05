#!/usr/bin/env node
// What request logging and metrics cost: GET /api/health throughput of the built app in
// several set-ups, alternating, on loopback. A bounded loop: CONCURRENCY keep-alive clients for
// SECONDS per run, ROUNDS rounds. Prints requests/s per set-up (median of the rounds).
//   node tools/bench/ops-overhead.mjs                       (this build: silent vs JSON logs)
//   BASELINE=/path/to/old/dist/apps/api/main.js node tools/bench/ops-overhead.mjs
// Needs PostgreSQL (BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';

const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const current = resolve(import.meta.dirname, '../../dist/apps/api/main.js');

const setups = [
  ...(process.env.BASELINE
    ? [{ name: 'before (no request log, no metrics)', main: process.env.BASELINE, env: {} }]
    : []),
  { name: 'metrics, logs off (LOG_LEVEL=silent)', main: current, env: { LOG_LEVEL: 'silent' } },
  { name: 'metrics + JSON request log (production)', main: current, env: { NODE_ENV: 'production' } },
];

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
/** CPU time (user + system, ms) the process has used: less sensitive to a busy machine than req/s */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function load(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  let errors = 0;
  const one = () =>
    new Promise((res) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent }, (r) => {
        r.resume();
        r.on('end', () => {
          if (r.statusCode === 200) done++;
          else errors++;
          res();
        });
      });
      req.on('error', () => {
        errors++;
        res();
      });
    });
  const worker = async () => {
    while (Date.now() < until) await one();
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { rps: (done / (Date.now() - t0)) * 1000, done, errors };
}

async function main() {
  const db = `bench_ops_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(serverUrl);
  url.pathname = `/${db}`;
  const results = Object.fromEntries(setups.map((s) => [s.name, []]));
  const cpu = Object.fromEntries(setups.map((s) => [s.name, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of setups) {
        const port = await freePort();
        const out = openSync('/dev/null', 'w'); // the log lines are written, to nowhere
        const child = spawn(process.execPath, [s.main], {
          stdio: ['ignore', out, 'inherit'],
          env: {
            PATH: process.env.PATH,
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: url.toString(),
            ADMIN_PASSWORD: 'bench-password-123',
            JWT_SECRET: 'x'.repeat(40),
            WEB_ROOT: '/nonexistent',
            ...s.env,
          },
        });
        try {
          for (let i = 0; i < 200; i++) {
            try {
              if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
            } catch {
              /* not up yet */
            }
            await sleep(250);
          }
          await load(port); // warm-up would skew nothing important; keep a short one
          const c0 = cpuMs(child.pid);
          const r = await load(port);
          const perRequest = (cpuMs(child.pid) - c0) / r.done;
          results[s.name].push(r.rps);
          cpu[s.name].push(perRequest);
          console.log(
            `round ${round + 1}  ${s.name.padEnd(42)} ${r.rps.toFixed(0)} req/s, ${perRequest.toFixed(3)} ms CPU/request${r.errors ? ` (${r.errors} errors)` : ''}`,
          );
        } finally {
          child.kill('SIGTERM');
          await new Promise((r) => child.once('exit', r));
        }
      }
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
  console.log(
    `\nGET /api/health, ${CONCURRENCY} keep-alive clients, ${SECONDS} s per run, median of ${ROUNDS}:`,
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(results[setups[0].name]);
  const baseCpu = median(cpu[setups[0].name]);
  for (const s of setups) {
    const m = median(results[s.name]);
    const c = median(cpu[s.name]);
    console.log(
      `  ${s.name.padEnd(42)} ${m.toFixed(0).padStart(6)} req/s (${(((m - base) / base) * 100).toFixed(1)}%)  ` +
        `${c.toFixed(3)} ms CPU/request (${(((c - baseCpu) / baseCpu) * 100).toFixed(1)}%)`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
