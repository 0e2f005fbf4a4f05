import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataDirLockedError } from '../src/database/data-dir-lock';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { SLOW_START } from './support/test-app';

/** npm start without DATABASE_URL: PGlite in this process, behind its socket server */
describe('the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'is reachable only through a Unix socket in a directory private to this user, gone after stop',
    async () => {
      const pg = await startEmbeddedPostgres(dataDir, 2);
      let socketDir = '';
      try {
        const url = new URL(pg.url);
        socketDir = url.searchParams.get('host') ?? '';
        // no TCP port: the socket server asks for no password, so a port would let any local process in
        expect(socketDir).toMatch(/^\//);
        expect(statSync(socketDir).mode & 0o777).toBe(0o700);
        expect(statSync(join(socketDir, '.s.PGSQL.5432')).isSocket()).toBe(true);
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        try {
          expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        } finally {
          await client.end();
        }
        // a second start on the same folder (another process, or this one) is refused
        await expect(startEmbeddedPostgres(dataDir, 2)).rejects.toThrow(DataDirLockedError);
      } finally {
        await pg.stop();
      }
      expect(existsSync(socketDir)).toBe(false);
      expect(existsSync(join(dataDir, 'app.lock'))).toBe(false);
      // PGlite's first start (initdb in WebAssembly) takes over a minute on a loaded 2-core machine
    },
    SLOW_START,
  );
});
