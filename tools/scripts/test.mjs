#!/usr/bin/env node
// npm test: every jest project (libs/domain, apps/api unit + integration, apps/web).
// Integration tests use TEST_DATABASE_URL / DATABASE_URL (a real PostgreSQL: a fresh database per
// test file) and fall back to an in-memory PGlite when neither is set.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('tmp', { recursive: true });
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
// The web project loads TypeScript as ES modules (Angular ships only ESM), the API and the domain
// as CommonJS. Jest remembers per worker process whether a file is ESM, whichever project asked
// first, so a web spec and an API test in one worker break each other ("Must use import to load
// ES Module: libs/domain/src/index.ts", depending on the order the files happen to run in). Each
// group therefore runs in its own jest process, one after the other; the results are added up.
const GROUPS = [
  { name: 'api-domain', projects: ['domain', 'api'] },
  { name: 'web', projects: ['web'] },
];
// Several checkouts on one small machine (worktrees): whole-suite runs take turns, so that they
// do not starve each other into timeouts. TEST_LOCK=off runs at once; a single run never waits.
const lockFile = process.env.TEST_LOCK ?? '/tmp/tenplusn-full-test.lock';
const wholeSuite = process.argv.length <= 2;
const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
let status = 0;
for (const group of GROUPS) {
  const resultsFile = `tmp/jest-results-${group.name}.json`;
  rmSync(resultsFile, { force: true });
  const jest = [
    'npx',
    'jest',
    '--config',
    'jest.config.ts',
    '--selectProjects',
    ...group.projects,
    '--passWithNoTests',
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ];
  const cmd = wholeSuite && lockFile !== 'off' && hasFlock ? ['flock', lockFile, ...jest] : jest;
  const run = spawnSync(cmd[0], cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: nodeOptions, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (run.status !== 0) status = run.status ?? 1;
  try {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests;
    totals.total += r.numTotalTests;
  } catch {
    console.error(`no jest results were written for ${group.projects.join(', ')}`);
    status ||= 1;
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.total === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(status);
