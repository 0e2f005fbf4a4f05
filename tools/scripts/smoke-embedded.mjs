#!/usr/bin/env node
// Smoke test of the newcomer's path: the built app on a fresh embedded database (PGlite)
// seeds the demo town, serves the web app at / and the API at /api, and the demo accounts work.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'tenplusn-smoke-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
delete env.DATABASE_URL;
const t0 = Date.now();
const server = spawn(process.execPath, ['dist/apps/api/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (d) => (log += d));
server.stderr.on('data', (d) => (log += d));

const fail = (msg) => {
  console.error(`FAIL smoke: ${msg}\n--- server log ---\n${log.slice(-4000)}`);
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
};

try {
  let healthy = false;
  for (let i = 0; i < 120 && !healthy; i++) {
    await new Promise((r) => setTimeout(r, 500));
    healthy = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
  }
  if (!healthy) fail('the server did not become healthy within 60 s');
  const firstPageMs = Date.now() - t0;
  const page = await fetch(`${base}/`);
  const html = await page.text();
  if (!page.ok || !html.includes('<app-root')) fail(`GET / did not serve the web app (${page.status})`);
  const deep = await fetch(`${base}/cases/some-deep-link`);
  if (!deep.ok || !(await deep.text()).includes('<app-root')) fail('a deep link did not serve the web app');
  const unknownApi = await fetch(`${base}/api/does-not-exist`);
  if (unknownApi.status !== 404 || (await unknownApi.json()).code !== 'NOT_FOUND')
    fail('an unknown /api path is not a JSON 404');
  if (!log.includes('demonstration only')) fail('the start-up log does not warn about the demo accounts');
  for (const username of ['admin', 'sj_lw', 'dy_lw_01']) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo1234' }),
    });
    if (res.status !== 200) fail(`demo login ${username}: ${res.status}`);
    if (username === 'admin') {
      const { accessToken } = await res.json();
      const from = new Date(Date.now() - 365 * 86400_000).toISOString();
      const stats = await fetch(
        `${base}/api/stats/overview?from=${from}&to=${new Date(Date.now() + 86400_000).toISOString()}`,
        {
          headers: { authorization: `Bearer ${accessToken}` },
        },
      ).then((r) => r.json());
      const problemsSolved = await fetch(`${base}/api/cases?kind=problem&status=closed&pageSize=1`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((r) => r.json());
      if (!(stats.cases.suggestions > 280))
        fail(`demo town has ${stats.cases.suggestions} suggestions, want > 280`);
      if (!(problemsSolved.total > 200))
        fail(`demo town has ${problemsSolved.total} solved problems, want > 200`);
      const branches = await fetch(`${base}/api/branches`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((r) => r.json());
      if (branches.length < 10) fail(`demo town has ${branches.length} branches, want >= 10`);
      console.log(
        `demo town: ${branches.length} branches, ${stats.cases.received} cases in the last year, ${stats.cases.suggestions} suggestions, ${problemsSolved.total} problems solved, closure rate ${stats.cases.closureRate}`,
      );
    }
  }
  console.log(`PASS smoke: embedded start to healthy in ${firstPageMs} ms (cold, empty data dir)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
