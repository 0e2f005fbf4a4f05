// What the benchmarks (run.mjs, routes.mjs) share: their options, the bench database, the
// build of the API and a free port.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * The port of the i-th build (from 0): --ports 3005,3105 (or BENCH_PORTS), in order, so that a
 * shared machine's port plan holds; a free port from the system otherwise.
 */
const portList = (option('ports', '') || process.env.BENCH_PORTS || '')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean)
  .map(Number);
export async function portFor(i) {
  if (!portList.length) return freePort();
  const port = portList[i];
  if (port === undefined) throw new Error(`--ports: ${portList.length} ports for more builds`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--ports: bad port ${port}`);
  return port;
}

/**
 * One build to start, from `--api` (repeatable): `[KEY=VALUE …] script [argument …]`, split on
 * spaces. The leading KEY=VALUE words are added to that build's environment; the script (a
 * build's main.js or a launcher) is run with node, with the arguments after it. Every
 * `--env KEY=VALUE` is added to every build. The label is `--api` as given.
 */
export function apiSpec(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const env = {};
  for (const w of options('env')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
    if (!m) throw new Error(`--env ${w}: KEY=VALUE expected`);
    env[m[1]] = m[2];
  }
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const w = words.shift();
    const eq = w.indexOf('=');
    env[w.slice(0, eq)] = w.slice(eq + 1);
  }
  if (!words.length) throw new Error(`--api ${text}: no script`);
  const script = resolve(words.shift());
  if (!existsSync(script)) throw new Error(`no such build: ${script}`);
  return { env, script, args: words, label: text.trim() };
}

/** parent pid and CPU time (user + system, ms) of a process (Linux /proc), or null when gone */
function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[1] is the parent's pid, [11] and [12] user and system time in clock ticks
    return { ppid: Number(fields[1]), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS };
  } catch {
    return null;
  }
}
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time of a process in ms, or 0 when it is gone */
export const cpuMs = (pid) => procStat(pid)?.ms ?? 0;

/** CPU time of a process and all its descendants (a cluster's workers), in ms by pid */
export function treeCpu(rootPid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = procStat(entry);
    if (s) stats.set(Number(entry), s);
  }
  const tree = new Map();
  const visit = (pid) => {
    const s = stats.get(pid);
    if (!s || tree.has(pid)) return;
    tree.set(pid, s.ms);
    for (const [child, c] of stats) if (c.ppid === pid) visit(child);
  };
  visit(rootPid);
  return tree;
}

/**
 * Fills the roll-ups after a newer build migrated a bulk-generated data set forward: when the
 * newest migration differs from the one recorded at the last refresh (table bench_state, the
 * bench's own), SELECT stats_refresh() rebuilds every roll-up, the stats_* tables are
 * VACUUM ANALYZEd, and the migration is recorded. Returns true when it refreshed.
 */
export async function refreshRollups(db, log, { recordOnly = false } = {}) {
  await db.query('CREATE TABLE IF NOT EXISTS bench_state (key text PRIMARY KEY, value text NOT NULL)');
  const { rows } = await db.query(
    `SELECT (SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1) AS newest,
            (SELECT value FROM bench_state WHERE key = 'refreshed_at_migration') AS refreshed`,
  );
  const { newest, refreshed } = rows[0];
  if (newest === refreshed) return false;
  const t0 = Date.now();
  if (recordOnly) {
    // just generated: generate.sql ended with stats_refresh()
    await db.query(
      `INSERT INTO bench_state VALUES ('refreshed_at_migration', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [newest],
    );
    return false;
  }
  const { rows: fn } = await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'stats_refresh'`);
  if (fn.length) await db.query('SELECT stats_refresh()');
  const { rows: tables } = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'stats\\_%'`,
  );
  for (const t of tables) await db.query(`VACUUM ANALYZE "${t.tablename}"`);
  await db.query(
    `INSERT INTO bench_state VALUES ('refreshed_at_migration', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [newest],
  );
  log(
    `roll-ups rebuilt for migration ${newest} (was ${refreshed ?? 'unrecorded'}): stats_refresh() and ` +
      `VACUUM ANALYZE of ${tables.length} stats_* tables in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return true;
}

export const dbName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));
const withDb = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * A copy of the data set, <database>_<suffix> (CREATE DATABASE … TEMPLATE; the base must have no
 * other sessions), so that a build runs at its own schema level and leaves the base as it was:
 * a newer build's migrations (triggers on visits and cases) would otherwise stay and weigh on an
 * older build's writes. Returns its URL.
 */
export async function copyDatabase(url, suffix, log) {
  const name = `${dbName(url)}_${suffix}`;
  const admin = new pg.Client({ connectionString: withDb(url, 'postgres') });
  await admin.connect();
  try {
    const t0 = Date.now();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${dbName(url)}`);
    log(`copied ${dbName(url)} to ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await admin.end();
  }
  return withDb(url, name);
}
export async function dropDatabase(url) {
  const admin = new pg.Client({ connectionString: withDb(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName(url)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
