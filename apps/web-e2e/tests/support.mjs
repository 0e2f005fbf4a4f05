// Shared by the browser tests: the server's address, signing in, screenshots, the axe check,
// the console watch and the transferred-bytes measurement.
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PASSWORD = 'demo1234';
export const shots = resolve(fileURLToPath(new URL('.', import.meta.url)), '../screenshots');
mkdirSync(shots, { recursive: true });

/** set by global-setup.mjs */
export const base = () => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run through `npm run e2e`');
  return url;
};

export async function login(page, username, origin = base()) {
  await page.goto(`${origin}/login`);
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A token for checks through the API (what the server holds, not what the page shows). */
export async function apiToken(username) {
  const res = await fetch(`${base()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = await res.json();
  if (!body.accessToken) throw new Error(`cannot sign in ${username}: ${JSON.stringify(body)}`);
  return body;
}

export async function shot(page, name) {
  // let ng-zorro's fade-ins settle
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/**
 * axe on the page as it is now: serious and critical violations fail the test, with the rule,
 * the help text and the first nodes, so the failure says what to fix. knownRules: rules a page
 * is known to break still, named where the page is checked, each with who fixes it.
 */
export async function expectAccessible(page, name, knownRules = []) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .filter((v) => !knownRules.includes(v.id))
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')})`,
    );
  // E2E_AXE_REPORT=1: list every page's violations and go on (to see them all in one run)
  if (process.env.E2E_AXE_REPORT) {
    if (bad.length) console.log(`axe on ${name}:\n  ${bad.join('\n  ')}`);
    return;
  }
  expect(bad, `axe on ${name}`).toEqual([]);
}

/** Console errors and page errors of a page, except the ones a test expects. */
export function watchConsole(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Bytes of JavaScript on the wire (compressed body plus headers, as Chromium's network stack
 * counts them) for one load of url with the HTTP cache off, until the network is idle and
 * `settled` has resolved.
 */
export async function transferredScriptBytes(page, url, settled = async () => undefined) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // a first load: nothing from the service worker's caches either
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  const scripts = new Map();
  const sentAt = new Map();
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => sentAt.set(e.requestId, e.wallTime * 1000));
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script')
      scripts.set(e.requestId, { url: e.response.url, at: sentAt.get(e.requestId), bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const script = scripts.get(e.requestId);
    if (!script) return;
    script.bytes = e.encodedDataLength;
    bytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await settled();
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.setBypassServiceWorker', { bypass: false });
  await cdp.detach();
  // each script: its address, when it was asked for (epoch ms) and its bytes on the wire
  return { bytes, files: scripts.size, scripts: [...scripts.values()] };
}

/**
 * A switchable path to the server: a TCP proxy on its own port. Turned off, nothing reaches the
 * server (connections are refused), for the page and its service worker alike; the browser's
 * own offline switch (context.setOffline) is used with it so the page also knows it is offline.
 */
export async function switchableServer() {
  const { createServer, connect } = await import('node:net');
  const target = Number(new URL(base()).port);
  const sockets = new Set();
  let online = true;
  const server = createServer((client) => {
    if (!online) return client.destroy();
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    async setOnline(context, value) {
      online = value;
      if (!value) for (const s of sockets) s.destroy();
      await context.setOffline(!value);
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Resolves once a service worker controls the page (it installs on the first visit). */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

/** open a page, wait for what it shows once loaded, screenshot it, run axe */
export async function check(page, name, path, ready) {
  if (path) await page.goto(`${base()}${path}`);
  await page.waitForLoadState('networkidle');
  if (ready) await page.locator(ready).first().waitFor();
  await shot(page, `axe-${name}`);
  await expectAccessible(page, name);
}

/** the first case of this user's view, for /cases/:id */
export async function firstCaseId(username) {
  const { accessToken } = await apiToken(username);
  const page = await fetch(`${base()}/api/cases?pageSize=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  }).then((r) => r.json());
  return page.items[0]?.id;
}

/** a household this user may open */
export async function firstHouseholdId(username) {
  const { accessToken } = await apiToken(username);
  const page = await fetch(`${base()}/api/households?pageSize=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  }).then((r) => r.json());
  return page.items[0]?.id;
}

/** every page of a branch secretary: [name, path, what shows once it is loaded] */
export async function secretaryPages(username) {
  const caseId = await firstCaseId(username);
  const householdId = await firstHouseholdId(username);
  return [
    ['secretary-triage', '/branch', '[data-testid=triage-open]'],
    ['secretary-case-desk', '/branch/cases', '[data-testid=case-row]'],
    ['secretary-visit', '/branch/visit', '[data-testid=visit-submit]'],
    ['secretary-figures', '/branch/figures', '[data-testid=town-figures]'],
    ['secretary-assessment', '/assessment', '[data-testid=period-select]'],
    ['secretary-follow-up', '/assessment/follow-up', '[data-testid=not-visited]'],
    ['secretary-member-activity', '/assessment/members', '[data-testid=member-row]'],
    ['secretary-board', '/board', '[data-testid=board-sheet]'],
    ['secretary-roster', '/households/roster', '[data-testid=roster-members]'],
    ['secretary-households', '/households', '[data-testid=hh-row]'],
    ['secretary-household', `/households/${householdId}`, '[data-testid=hh-contacts]'],
    ['secretary-import', '/households/import', '[data-testid=import-template]'],
    ['secretary-users', '/users', '[data-testid=user-row]'],
    ['secretary-inbox', '/inbox', '[data-testid=inbox-list], [data-testid=inbox-empty]'],
    ['secretary-case', `/cases/${caseId}`, '[data-testid=case-detail]'],
    ['secretary-password', '/account/password', '[data-testid=password-form]'],
  ];
}
