import { DataSource, QueryFailedError } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { queryPrepared } from '../src/database/prepared';
import { createTestDatabase, TestDatabase } from './support/test-database';

const SQL = 'SELECT $1::int + 1 AS n, pg_backend_pid() AS pid';

const connect = (url: string, poolSize: number) =>
  new DataSource({ type: 'postgres', url, extra: { max: poolSize } }).initialize();

/** every connection of the pool busy at once, so that each one runs the statement */
const onEveryConnection = (db: DataSource, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      queryPrepared<{ n: number; pid: number }>(db, 'plus_one', `${SQL}, pg_sleep(0.05)`, [i]),
    ),
  );

describe('queryPrepared: hot statements prepared once per connection', () => {
  let database: TestDatabase;
  let db: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await connect(database.url, 3);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('answers like DataSource.query, and the statement stays prepared on its connection', async () => {
    const rows = await onEveryConnection(db, 3);
    expect(rows.map(([r]) => r?.n)).toEqual([1, 2, 3]);
    const again = await queryPrepared<{ name: string }>(
      db,
      'listed',
      `SELECT name FROM pg_prepared_statements WHERE statement LIKE $1`,
      ['SELECT $1::int + 1%'],
    );
    expect(again).toHaveLength(1);
    expect(again[0]?.name).toMatch(/^plus_one_[0-9a-f]{12}$/);
  });

  it('throws a database error as QueryFailedError (the error filter maps its code)', async () => {
    const failure = queryPrepared(db, 'bad_uuid', 'SELECT $1::uuid', ['not-a-uuid']);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '22P02' } });
  });

  it('works on the embedded database, whose connections share one session', async () => {
    const embedded = await startEmbeddedPostgres(null, 4);
    const edb = await connect(embedded.url, 3);
    try {
      // the second connection's PREPARE is refused there (already exists): the session's copy serves it
      const rows = await onEveryConnection(edb, 3);
      expect(rows.map(([r]) => r?.n)).toEqual([1, 2, 3]);
      expect(new Set(rows.map(([r]) => r?.pid)).size).toBe(1);
      expect((await onEveryConnection(edb, 3)).map(([r]) => r?.n)).toEqual([1, 2, 3]);
      // one copy in the session, however many connections ran it
      const copies = await edb.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'plus_one_%'`,
      );
      expect(copies[0]?.n).toBe(1);
    } finally {
      await edb.destroy();
      await embedded.stop();
    }
  }, 60_000);
});

describe('queryPrepared after a migration changed the columns of a prepared statement', () => {
  let database: TestDatabase;
  let db: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await connect(database.url, 1);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('answers with the new columns (PostgreSQL refuses the old statement), and prepares it afresh', async () => {
    await db.query(`CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1)`);
    const read = () =>
      queryPrepared<Record<string, unknown>>(db, 'things', 'SELECT * FROM things WHERE id = $1', [1]);
    expect(await read()).toEqual([{ id: 1 }]);
    await db.query(`ALTER TABLE things ADD COLUMN name text DEFAULT 'x'`);
    expect(await read()).toEqual([{ id: 1, name: 'x' }]);
    expect(await read()).toEqual([{ id: 1, name: 'x' }]);
    const prepared = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'things_%'`,
    );
    expect(prepared[0]?.n).toBe(1);
  });
});
