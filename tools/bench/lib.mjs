// What the benchmarks (run.mjs, routes.mjs) share: their options, the bench database, the
// build of the API and a free port.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
export const flag = (name) => args.includes(`--${name}`);
export const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
/** every value of a repeated option (--api a --api b) */
export const options = (name) =>
  args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));

/** Creates the database of `url` when missing; drops and recreates it with --regenerate. */
export async function ensureDatabase(url, log) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (flag('regenerate') && rowCount) {
      log(`dropping ${name}`);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    if (!rowCount || flag('regenerate')) {
      log(`creating database ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
}

/** dist/apps/api/main.js, built first when missing or with --build */
export function build(log) {
  const main = join(root, 'dist/apps/api/main.js');
  if (existsSync(main) && !flag('build')) return main;
  log('building the API (nx build api)');
  const r = spawnSync('npx', ['nx', 'build', 'api'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (r.status !== 0) throw new Error('build failed');
  return main;
}

export const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
