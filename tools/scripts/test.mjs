#!/usr/bin/env node
// npm test: every jest project (libs/domain, apps/api unit + integration, apps/web) in one run.
// Integration tests use TEST_DATABASE_URL / DATABASE_URL (a real PostgreSQL: a fresh database per
// test file) and fall back to an in-memory PGlite when neither is set.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('tmp', { recursive: true });
const resultsFile = 'tmp/jest-results.json';
const nodeOptions = [
  process.env.NODE_OPTIONS ?? '',
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
]
  .join(' ')
  .trim();
const db = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
console.log(
  db
    ? `integration tests on PostgreSQL: ${db.replace(/\/\/[^@]*@/, '//')}`
    : 'integration tests on embedded PGlite (set TEST_DATABASE_URL for PostgreSQL)',
);
const jest = [
  'npx',
  'jest',
  '--config',
  'jest.config.ts',
  '--json',
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
];
// Several checkouts on one small machine (worktrees): whole-suite runs take turns, so that they
// do not starve each other into timeouts. TEST_LOCK=off runs at once; a single run never waits.
const lockFile = process.env.TEST_LOCK ?? '/tmp/tenplusn-full-test.lock';
const wholeSuite = process.argv.length <= 2;
const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
const cmd = wholeSuite && lockFile !== 'off' && hasFlock ? ['flock', lockFile, ...jest] : jest;
const run = spawnSync(cmd[0], cmd.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
try {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) {
    console.error('no test ran');
    process.exit(1);
  }
} catch {
  console.error('no jest results were written');
}
process.exit(run.status ?? 1);
