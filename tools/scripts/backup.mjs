#!/usr/bin/env node
// npm run backup -- <file>    dump the database the app would use
// npm run restore -- <file>   load a dump into an EMPTY database (a non-empty one is refused)
//
// The database is chosen as the app chooses it: DATABASE_URL (PostgreSQL: pg_dump's custom
// format, restored with pg_restore; the client tools must be at least the server's version),
// or else the embedded PGlite database in DATA_DIR (default ./data: PGlite's own dump of its
// data directory, a gzipped tar; the app must be stopped, as it holds the directory).
// Plain Node + runtime dependencies only (pg, @electric-sql/pglite): it runs in the image too.
// Exit codes: 0 done, 1 failed, 2 refused (usage, non-empty target, wrong kind of dump).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const [mode, fileArg] = process.argv.slice(2);

class Refused extends Error {}

function usage() {
  return new Refused(
    `usage: npm run ${mode === 'restore' ? 'restore' : 'backup'} -- <file>\n` +
      '  DATABASE_URL set: PostgreSQL (pg_dump custom format); unset: the embedded database in DATA_DIR',
  );
}

/** libpq environment from a postgres:// URL: the password never appears on a command line */
function pgEnv(url) {
  const u = new URL(url);
  const env = { ...process.env };
  delete env.DATABASE_URL;
  env.PGHOST = decodeURIComponent(u.hostname) || 'localhost';
  env.PGPORT = u.port || '5432';
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, '')) || env.PGUSER || 'postgres';
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error && r.error.code === 'ENOENT') {
    throw new Error(
      `${cmd} not found: install the PostgreSQL client tools (postgresql-client) of the server's version`,
    );
  }
  if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status}):\n${(r.stderr ?? '').trim()}`);
  if (r.stderr?.trim()) process.stderr.write(r.stderr);
}

/** tables, sequences, views or types of our own in the target: then it is not empty */
async function pgObjectCount(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r','p','S','v','m') AND n.nspname NOT IN ('pg_catalog','information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
    );
    return r.rows[0].n;
  } finally {
    await client.end();
  }
}

const isPgDump = (head) => head.subarray(0, 5).toString('latin1') === 'PGDMP';
const isGzip = (head) => head[0] === 0x1f && head[1] === 0x8b;
const isTar = (head) => head.length > 262 && head.subarray(257, 262).toString('latin1') === 'ustar';

function head(file) {
  const buf = readFileSync(file);
  return buf.subarray(0, 512);
}

// ------------------------------------------------------------------ embedded (PGlite)
function embeddedDirs() {
  const dataDir = resolve(process.env.DATA_DIR?.trim() || 'data');
  return { dataDir, pgDir: join(dataDir, 'pglite') };
}

/** the app holds DATA_DIR/app.lock while it runs (see embedded-postgres.ts) */
function refuseWhileAppRuns(dataDir) {
  const lock = join(dataDir, 'app.lock');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').trim());
  try {
    if (Number.isInteger(pid) && pid > 0) {
      process.kill(pid, 0);
      throw new Refused(
        `the app (process ${pid}) is using ${dataDir}: stop it first, then back up or restore`,
      );
    }
  } catch (e) {
    if (e instanceof Refused) throw e;
    // a stale lock of a process that is gone: fine
  }
}

async function openPglite(pgDir, extra = {}) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return PGlite.create(pgDir, { extensions: { pgcrypto, pg_trgm }, ...extra });
}

async function backupEmbedded(file) {
  const { dataDir, pgDir } = embeddedDirs();
  if (!existsSync(join(pgDir, 'PG_VERSION'))) throw new Refused(`no embedded database in ${dataDir}`);
  refuseWhileAppRuns(dataDir);
  const db = await openPglite(pgDir);
  try {
    const dump = await db.dumpDataDir('gzip');
    writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  return `embedded database in ${dataDir}`;
}

async function restoreEmbedded(file) {
  const { dataDir, pgDir } = embeddedDirs();
  const h = head(file);
  if (isPgDump(h)) {
    throw new Refused(
      'this is a PostgreSQL dump: set DATABASE_URL to the (empty) PostgreSQL database to restore it into',
    );
  }
  if (!isGzip(h) && !isTar(h)) throw new Refused(`${file} is not a backup made by npm run backup`);
  refuseWhileAppRuns(dataDir);
  if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
    throw new Refused(
      `${pgDir} already holds a database: restore into an empty DATA_DIR (or move it away first)`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const { Blob } = await import('node:buffer');
  const blob = new Blob([readFileSync(file)], {
    type: isGzip(h) ? 'application/x-gzip' : 'application/x-tar',
  });
  const db = await openPglite(pgDir, { loadDataDir: blob });
  try {
    await db.query('SELECT 1');
  } finally {
    await db.close();
  }
  return `embedded database in ${dataDir}`;
}

// ------------------------------------------------------------------ PostgreSQL
async function backupPostgres(file, url) {
  const env = pgEnv(url);
  const tmp = join(dirname(file), `.${basename(file)}.partial`);
  try {
    run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`], env);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return `PostgreSQL database ${env.PGDATABASE} on ${env.PGHOST}:${env.PGPORT}`;
}

async function restorePostgres(file, url) {
  const env = pgEnv(url);
  const h = head(file);
  if (!isPgDump(h)) {
    throw new Refused(
      isGzip(h) || isTar(h)
        ? 'this is a backup of the embedded database: unset DATABASE_URL and set DATA_DIR to an empty folder to restore it'
        : `${file} is not a backup made by npm run backup`,
    );
  }
  const objects = await pgObjectCount(url);
  if (objects > 0) {
    throw new Refused(
      `the database ${env.PGDATABASE} is not empty (${objects} tables/sequences/views): restore into a new, empty database`,
    );
  }
  run(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${env.PGDATABASE}`,
      file,
    ],
    env,
  );
  return `PostgreSQL database ${env.PGDATABASE} on ${env.PGHOST}:${env.PGPORT}`;
}

function writeAtomically(file, data) {
  const tmp = join(dirname(file), `.${basename(file)}.partial`);
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, file);
}

async function main() {
  if ((mode !== 'backup' && mode !== 'restore') || !fileArg) throw usage();
  const file = resolve(fileArg);
  const url = process.env.DATABASE_URL?.trim() || null;
  const started = Date.now();
  if (mode === 'backup') {
    if (!existsSync(dirname(file))) throw new Refused(`the folder ${dirname(file)} does not exist`);
    const what = url ? await backupPostgres(file, url) : await backupEmbedded(file);
    console.log(
      `backup of the ${what} written to ${file} (${statSync(file).size} bytes, ${Date.now() - started} ms)`,
    );
  } else {
    if (!existsSync(file)) throw new Refused(`no such file: ${file}`);
    const what = url ? await restorePostgres(file, url) : await restoreEmbedded(file);
    console.log(
      `${file} restored into the ${what} (${Date.now() - started} ms); start the app to apply newer migrations`,
    );
  }
}

main().catch((e) => {
  console.error(`${mode ?? 'backup'}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof Refused ? 2 : 1);
});
