#!/usr/bin/env node
// npm run e2e: the browser tests (@playwright/test; apps/web-e2e/playwright.config.mjs) in Debian's
// Chromium against the built app (`npm run build` first). E2E_DATABASE_URL: run on that
// PostgreSQL database (CI), else on a fresh embedded one. Extra arguments go to `playwright test`
// (e.g. `npm run e2e -- --project=phone`).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'apps/web-e2e/playwright.config.mjs', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  },
);
process.exit(run.status ?? 1);
