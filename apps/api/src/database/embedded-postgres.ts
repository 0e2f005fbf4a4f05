import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite in-process, exposed on a loopback port by its socket server so that `pg` and
 * TypeORM talk to it exactly as to a real PostgreSQL. For a first run and a test run on a
 * machine without PostgreSQL; production runs on PostgreSQL (DATABASE_URL).
 */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** PGlite takes no lock of its own: two processes on one directory would silently diverge. */
function takeLock(dataDir: string): () => void {
  const lockFile = join(dataDir, 'app.lock');
  const tryCreate = (): boolean => {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch {
      return false;
    }
  };
  if (!tryCreate()) {
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid) {
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) {
      throw new Error(
        `the data directory ${dataDir} is in use by process ${holder}; stop it first or set DATA_DIR to another folder`,
      );
    }
    unlinkSync(lockFile); // a stale lock from a process that died
    if (!tryCreate()) throw new Error(`cannot lock the data directory ${dataDir}`);
  }
  return () => {
    try {
      unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
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
  const options = { extensions: { pgcrypto } };
  let release = (): void => undefined;
  let db: PGlite;
  if (dataDir) {
    const pgDir = join(dataDir, 'pglite');
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    release = takeLock(dataDir);
    db = await PGliteClass.create(pgDir, options);
  } else {
    db = await PGliteClass.create(options);
  }
  const server: PGLiteSocketServer = new Server({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      release();
    },
  };
}
