#!/usr/bin/env node
// What a long import or export costs everybody else on the embedded database (issue 15).
// PGlite is one PostgreSQL session inside the API process: every query of every request waits
// its turn. This drives an API that is already running (embedded or not) through three phases —
// idle, a real import of a big branch (XLSX), the XLSX export of that branch's households — and
// meanwhile times a sign-in (POST /api/auth/login) and GET /api/health, each every 100 ms (one
// at a time each: a probe that takes longer delays the next). Prints p50/p99/max per phase and
// the probes that did not answer 2xx (e.g. health's 503 when its database check times out).
//
//   npx nx build api
//   DATA_DIR=$(mktemp -d) PORT=3003 node dist/apps/api/main.js &          # embedded (no DATABASE_URL)
//   node tools/load/embedded-contention.mjs --url http://127.0.0.1:3003 --password demo1234
//
// Options: --households N (default 15000), --idle-ms (default 5000), --username (admin).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const base = new URL(option('url', 'http://127.0.0.1:3003'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
  throw new Error('--url must be on loopback');
const username = option('username', 'admin');
const password = option('password', 'demo1234');
const households = Number(option('households', '15000'));
const idleMs = Number(option('idle-ms', '5000'));

function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const credentials = JSON.stringify({ username, password });
const signIn = () =>
  request('POST', '/api/auth/login', { headers: { 'Content-Type': 'application/json' }, body: credentials });

/** Runs `probe` every 100 ms (one at a time) until stopped; returns the latencies and failures. */
function every100ms(probe) {
  const latencies = [];
  latencies.failed = {};
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await probe();
      const ms = performance.now() - t0;
      if (res.status >= 300) latencies.failed[res.status] = (latencies.failed[res.status] ?? 0) + 1;
      latencies.push(ms);
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - ms)));
    }
  })();
  return async () => {
    running = false;
    await done;
    return latencies;
  };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const failed = Object.entries(xs.failed).map(([status, n]) => `, ${n}× ${status}`);
  return `n=${s.length}, p50 ${pct(s, 50).toFixed(0)} ms, p99 ${pct(s, 99).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms${failed.join('')}`;
};

async function phase(name, work) {
  const stopLogin = every100ms(signIn);
  const stopHealth = every100ms(() => request('GET', '/api/health'));
  const t0 = performance.now();
  const detail = await work();
  const ms = performance.now() - t0;
  const [logins, health] = [await stopLogin(), await stopHealth()];
  console.log(
    `| ${name} | ${(ms / 1000).toFixed(1)} s ${detail} | ${summary(logins)} | ${summary(health)} |`,
  );
}

const login = await signIn();
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
const auth = { Authorization: `Bearer ${JSON.parse(login.body.toString()).accessToken}` };
const code = `EC${Date.now().toString(36).toUpperCase().slice(-6)}`;
const branch = await request('POST', '/api/branches', {
  headers: { ...auth, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: `${code}村党支部`, code, village: `${code}村` }),
});
if (branch.status !== 201) throw new Error(`branch: ${branch.status} ${branch.body}`);
const branchId = JSON.parse(branch.body.toString()).id;

const book = new ExcelJS.Workbook();
const sheet = book.addWorksheet('households');
sheet.addRow(['code', 'headName', 'phone', 'address', 'villageGroup', 'size', 'tags']);
for (let i = 0; i < households; i++)
  sheet.addRow([
    `${code}-${i + 1}`,
    '王建国',
    `138${String(i).padStart(8, '0')}`,
    `${i % 12}组${i}号`,
    `${i % 12}组`,
    3,
    '',
  ]);
const file = Buffer.from(await book.xlsx.writeBuffer());
const boundary = `----import${Date.now()}`;
const head = `--${boundary}\r\nContent-Disposition: form-data; name="branchId"\r\n\r\n${branchId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="households.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const form = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);

console.log(`| phase | operation | sign-in every 100 ms | /api/health every 100 ms |`);
console.log(`| --- | --- | --- | --- |`);
await phase('idle', async () => {
  await new Promise((r) => setTimeout(r, idleMs));
  return '(nothing else)';
});
await phase(`import ${households} households`, async () => {
  const res = await request('POST', '/api/households/import', {
    headers: {
      ...auth,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(form.length),
    },
    body: form,
  });
  if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return `(${(file.length / 1024).toFixed(0)} kB XLSX, created ${JSON.parse(res.body.toString()).created})`;
});
await phase('export of that branch (XLSX)', async () => {
  const res = await request(
    'GET',
    `/api/reports/not-visited-households.xlsx?notVisitedSince=2000-01-01&branchId=${branchId}`,
    {
      headers: auth,
    },
  );
  if (res.status !== 200) throw new Error(`export: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return `(${(res.body.length / 1024).toFixed(0)} kB)`;
});
