#!/usr/bin/env node
// Transferred JavaScript (bytes on the wire, after compression, as Chromium's network stack
// counts them) for the first load of a page in a fresh browser profile, through DevTools.
// Usage: node tools/measure/transferred-js.mjs <base url> [user:path ...]
//   e.g. node tools/measure/transferred-js.mjs http://127.0.0.1:3000 -:/login dy_lw_01:/field/households admin:/town
// "-" is no user (the login page); a user signs in through the API first, in a context whose
// cache is then cleared, so the page itself is a first load with a session.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../apps/web-e2e/chromium.mjs';

const [base, ...targets] = process.argv.slice(2);
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo1234';
const browser = await chromium.launch(chromiumLaunchOptions);

export async function measure(page, url) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // a first load: nothing from the service worker's caches either (the sign-in installed it)
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  const types = new Map();
  const bytes = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(url, { waitUntil: 'networkidle' });
  let js = 0;
  let all = 0;
  const files = [];
  for (const [id, n] of bytes) {
    all += n;
    const t = types.get(id);
    if (t?.type === 'Script') {
      js += n;
      files.push([t.url.split('/').pop(), n]);
    }
  }
  await cdp.detach();
  return { js, all, files };
}

for (const target of targets) {
  const [user, path] = target.split(':');
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  if (user !== '-') {
    await page.goto(`${base}/login`);
    await page.fill('[data-testid=login-username]', user);
    await page.fill('[data-testid=login-password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('about:blank');
  }
  const r = await measure(page, `${base}${path}`);
  console.log(
    `${target}: JS ${(r.js / 1024).toFixed(1)} KB transferred in ${r.files.length} files; all ${(r.all / 1024).toFixed(1)} KB`,
  );
  if (process.env.VERBOSE)
    for (const [f, n] of r.files.sort((a, b) => b[1] - a[1])) console.log(`   ${f} ${(n / 1024).toFixed(1)}`);
  await context.close();
}
await browser.close();
