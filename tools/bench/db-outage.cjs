#!/usr/bin/env node
// How the built API (dist/apps/api/main.js, default DB_* limits unless set) behaves when its
// database breaks: it runs on PostgreSQL through a proxy that this script breaks
// (apps/api/test/support/breakable-proxy.ts) and times the answers.
//   createdb -h 127.0.0.1 -U postgres outage && npx nx build api && \
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/outage PORT=3003 node tools/bench/db-outage.cjs
require('@swc-node/register');
const { spawn } = require('node:child_process');
const { startBreakableProxy } = require('../../apps/api/test/support/breakable-proxy.ts');

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('set DATABASE_URL to an empty or scratch PostgreSQL database');
const port = process.env.PORT || '3003';
const base = `http://127.0.0.1:${port}`;
const password = 'outage-password-1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function timed(fn) {
  const t0 = Date.now();
  const r = await fn();
  const body = await r.text();
  return `${r.status} in ${Date.now() - t0} ms ${r.status === 200 ? '' : body}`;
}

(async () => {
  const proxy = await startBreakableProxy(databaseUrl);
  const app = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: {
      ...process.env,
      PORT: port,
      DATABASE_URL: proxy.url,
      ADMIN_PASSWORD: password,
      JWT_SECRET: 'outage-secret-'.padEnd(40, 'x'),
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      WEB_ROOT: '/nonexistent',
      AUTO_FREEZE: 'false',
      INBOX_SWEEP_MINUTES: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let up = false;
    for (let i = 0; i < 240 && !up; i++) {
      up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await sleep(500);
    }
    if (!up) throw new Error('the app did not start');
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const { accessToken } = await login.json();
    const branches = () =>
      fetch(`${base}/api/branches`, { headers: { authorization: `Bearer ${accessToken}` } });
    const health = () => fetch(`${base}/api/health`);
    console.log(`up:          health ${await timed(health)}; GET /api/branches ${await timed(branches)}`);

    proxy.blackhole();
    console.log('blackholed (open connections carry nothing, new ones are never answered):');
    console.log(`  GET /api/branches on a pooled connection: ${await timed(branches)}`);
    console.log(`  health: ${await timed(health)}`);
    console.log(`  GET /api/branches on a new connection: ${await timed(branches)}`);
    await proxy.heal();
    let t0 = Date.now();
    let failed = 0;
    while ((await branches()).status !== 200) failed++;
    console.log(
      `healed:      GET /api/branches 200 again after ${Date.now() - t0} ms (${failed} failed tries)`,
    );

    await proxy.refuse();
    console.log(`refused:     health ${await timed(health)}; GET /api/branches ${await timed(branches)}`);
    await proxy.heal();
    t0 = Date.now();
    while ((await health()).status !== 200) await sleep(50);
    console.log(`back:        health 200 after ${Date.now() - t0} ms`);
  } finally {
    app.kill('SIGTERM');
    await proxy.stop();
    setTimeout(() => process.exit(0), 1000);
  }
})();
