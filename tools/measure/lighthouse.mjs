#!/usr/bin/env node
// Lighthouse (mobile: its default emulated phone and simulated slow 4G) in Debian's Chromium on the
// login page and on signed-in pages. A signed-in page needs a session: one Chromium with a
// debugging port is shared — Lighthouse audits the login page first, then for each
// `user:path`, Playwright signs that user in through the same browser (the previous session's
// storage cleared) and Lighthouse audits the page with storage kept.
// Usage: node tools/measure/lighthouse.mjs <base url> [user:path ...]
//   (default: dy_lw_01:/field/households admin:/town) → prints the scores and the main metrics,
// writes the JSON reports to tmp/lighthouse/. DEMO_PASSWORD: the users' password (demo1234).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../apps/web-e2e/chromium.mjs';

const [base = 'http://127.0.0.1:3000', ...rest] = process.argv.slice(2);
const targets = (rest.length ? rest : ['dy_lw_01:/field/households', 'admin:/town']).map((t) => {
  const [user, path] = t.split(':');
  return { user, path };
});
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const port = 9300 + Math.floor(Math.random() * 500);
const profile = mkdtempSync(join(tmpdir(), 'lh-profile-'));
mkdirSync('tmp/lighthouse', { recursive: true });
const browser = spawn(
  CHROME,
  [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 2000));

function audit(name, url) {
  const out = `tmp/lighthouse/${name}.json`;
  const run = spawnSync(
    'npx',
    [
      'lighthouse',
      url,
      `--port=${port}`,
      '--disable-storage-reset',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      '--only-categories=performance,accessibility,best-practices,seo',
    ],
    { stdio: 'inherit', env: { ...process.env, CHROME_PATH: CHROME } },
  );
  if (run.status !== 0) throw new Error(`lighthouse failed on ${url}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const scores = Object.fromEntries(
    Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]),
  );
  const a = report.audits;
  const metrics = {
    FCP: a['first-contentful-paint'].displayValue,
    LCP: a['largest-contentful-paint'].displayValue,
    TBT: a['total-blocking-time'].displayValue,
    CLS: a['cumulative-layout-shift'].displayValue,
    transfer: a['total-byte-weight'].displayValue,
  };
  console.log(`${name} ${report.finalDisplayedUrl}: ${JSON.stringify(scores)} ${JSON.stringify(metrics)}`);
}

try {
  audit('login', `${base}/login`);
  for (const { user, path } of targets) {
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const page = await cdp.contexts()[0].newPage();
    const session = await page.context().newCDPSession(page);
    // the previous user's session, service worker and caches go
    await session.send('Storage.clearDataForOrigin', { origin: new URL(base).origin, storageTypes: 'all' });
    await page.goto(`${base}/login`);
    await page.fill('[data-testid=login-username]', user);
    await page.fill('[data-testid=login-password]', process.env.DEMO_PASSWORD ?? 'demo1234');
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // a cold load of the page, as after the first sign-in: the session (cookie, marker) stays,
    // the service worker, its caches and the HTTP cache go
    await page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    });
    await session.send('Network.clearBrowserCache');
    await page.close();
    await cdp.close();
    audit(`${user}${path.replaceAll('/', '-')}`, `${base}${path}`);
  }
} finally {
  const exited = new Promise((r) => browser.once('exit', r));
  browser.kill('SIGKILL');
  await exited;
  // its helper processes may still be writing the profile for a moment
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
