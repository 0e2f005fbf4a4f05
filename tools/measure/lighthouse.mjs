#!/usr/bin/env node
// Lighthouse (mobile: its default emulated phone and simulated slow 4G) on the login page and on
// a member's home, in Debian's Chromium. The member's home needs a session: one Chromium with a
// debugging port is shared — Lighthouse audits the login page first, then Playwright signs the
// member in through that same browser and Lighthouse audits the home with storage kept.
// Usage: node tools/measure/lighthouse.mjs <base url> [member username] → prints the scores,
// writes the JSON reports to tmp/lighthouse/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../apps/web-e2e/chromium.mjs';

const [base = 'http://127.0.0.1:3000', member = 'dy_lw_01'] = process.argv.slice(2);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const port = 9300 + Math.floor(Math.random() * 500);
const profile = mkdtempSync(join(tmpdir(), 'lh-profile-'));
mkdirSync('tmp/lighthouse', { recursive: true });
const browser = spawn(
  CHROME,
  [
    ...CHROMIUM_ARGS,
    `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank',
  ],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 2000));

function audit(name, url) {
  const out = `tmp/lighthouse/${name}.json`;
  const run = spawnSync(
    'npx',
    ['lighthouse', url, `--port=${port}`, '--disable-storage-reset', '--output=json', `--output-path=${out}`, '--quiet',
      '--only-categories=performance,accessibility,best-practices,seo'],
    { stdio: 'inherit', env: { ...process.env, CHROME_PATH: CHROME } },
  );
  if (run.status !== 0) throw new Error(`lighthouse failed on ${url}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const scores = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
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
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await cdp.contexts()[0].newPage();
  await page.goto(`${base}/login`);
  await page.fill('[data-testid=login-username]', member);
  await page.fill('[data-testid=login-password]', process.env.DEMO_PASSWORD ?? 'demo1234');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  // a cold load of the home, as after the first sign-in: the session (cookie, marker) stays,
  // the service worker, its caches and the HTTP cache go
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    for (const k of await caches.keys()) await caches.delete(k);
  });
  const session = await page.context().newCDPSession(page);
  await session.send('Network.clearBrowserCache');
  await page.close();
  await cdp.close();
  audit('member-home', `${base}/field/households`);
} finally {
  browser.kill('SIGKILL');
  rmSync(profile, { recursive: true, force: true });
}
