// Shared by the screenshot scripts (not run in CI): the built app on a fresh embedded demo
// database, Debian's Chromium, a signed-in page per viewport and user, and full-page shots.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
export const shots = join(here, 'screenshots');
const PASSWORD = 'demo1234';

export async function startDemoSession(prefix) {
  mkdirSync(shots, { recursive: true });
  const port = await new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), `tenplusn-${prefix}-`));
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: 'ignore' });
  // set once Chromium runs; close() may come first (the server never started)
  let browser = null;
  const close = async () => {
    await browser?.close();
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void close().then(() => process.exit(130)));
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240) {
      await close();
      throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch(chromiumLaunchOptions);
  const open = async (viewport, username, password = PASSWORD) => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${base}/login`);
    await page.fill('[data-testid=login-username]', username);
    await page.fill('[data-testid=login-password]', password);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  };
  const shot = async (page, name) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, name), fullPage: true });
    console.log(`  · ${name}`);
  };
  return { base, open, shot, close };
}
