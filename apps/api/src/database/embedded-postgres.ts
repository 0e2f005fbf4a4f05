import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';

/**
 * PGlite in-process, exposed by its socket server so that `pg` and TypeORM talk to it exactly as
 * to a real PostgreSQL. For a first run and a test run on a machine without PostgreSQL;
 * production runs on PostgreSQL (DATABASE_URL).
 *
 * The socket server asks for no password (it answers every start-up with "authentication ok"),
 * so it must not be reachable by anybody else: it listens on a Unix socket in a directory of
 * its own that only this process's user may enter (0700), never on a TCP port, where any local
 * process, of any user, could connect. (On Windows, which has no such sockets for `pg`, it
 * falls back to a loopback port.)
 */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** A new directory only this user can enter, short enough for a socket path (≤ 107 bytes). */
function privateSocketDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenplusn-pg-'));
  chmodSync(dir, 0o700); // mkdtemp makes it 0700 already; say it, whatever the platform's default
  if ((statSync(dir).mode & 0o077) !== 0) throw new Error(`cannot make ${dir} private`);
  return dir;
}

/**
 * @param dataDir folder for the database files, or null for a throw-away in-memory database (tests)
 * @param maxConnections at least the pool size: the socket server refuses connections beyond it
 */
export async function startEmbeddedPostgres(
  dataDir: string | null,
  maxConnections = 16,
): Promise<EmbeddedPostgres> {
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer: Server } = await import('@electric-sql/pglite-socket');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  // pg_trgm: the trigram indexes of `q` search (migration SearchTrigram)
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const options = { extensions: { pgcrypto, pg_trgm } };
  let release = (): void => undefined;
  let db: PGlite;
  if (dataDir) {
    const pgDir = join(dataDir, 'pglite');
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
    try {
      db = await PGliteClass.create(pgDir, options);
    } catch (e) {
      release();
      throw e;
    }
  } else {
    db = await PGliteClass.create(options);
  }
  const socketDir = process.platform === 'win32' ? null : privateSocketDir();
  let server: PGLiteSocketServer;
  let url: string;
  try {
    if (socketDir) {
      // pg connects to <host>/.s.PGSQL.<port> when the host parameter is a directory (it wins over
      // the URL's host name, which only keeps the URL parseable)
      server = new Server({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections });
      url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`;
    } else {
      server = new Server({ db, host: '127.0.0.1', port: 0, maxConnections });
      url = '';
    }
    await server.start();
    if (!socketDir) url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  } catch (e) {
    await db.close();
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    release();
    throw e;
  }
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
      release();
    },
  };
}
