// The browser tests (npm run e2e): the built app (dist/) served by one `node dist/apps/api/main.js`
// started in global-setup.mjs, driven in Debian's Chromium. Two projects: a 360-px phone (the
// member's field work, offline, budgets) and a desktop (the whole journey across roles).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.mjs',
  // one server and one database: tests that count rows must not interleave
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  outputDir: '../../tmp/e2e-results',
  reporter: [['list']],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: 'phone',
      testMatch: /tests\/field\/.*\.spec\.mjs$/,
      use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
    },
    {
      name: 'desktop',
      testMatch: /tests\/desktop\/.*\.spec\.mjs$/,
      use: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
    },
  ],
});
