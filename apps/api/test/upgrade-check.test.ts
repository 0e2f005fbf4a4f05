import { prepareDatabase } from '../src/database/bootstrap';
import { createTestApp, SLOW_START, TestApp } from './support/test-app';

const quiet = { log: () => undefined, warn: () => undefined } as never;

describe('start-up refuses a database migrated by a newer release (rollback safety)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, SLOW_START);
  afterAll(() => t?.close());

  it('starts again on its own database (all migrations known)', async () => {
    await expect(prepareDatabase(t.db, t.config, quiet)).resolves.toBeUndefined();
  });

  it('stops with a message naming the unknown migration and the way back', async () => {
    await t.db.query(`INSERT INTO migrations ("timestamp", name) VALUES ($1, $2)`, [
      9999999999999,
      'FutureFeature9999999999999',
    ]);
    try {
      await expect(prepareDatabase(t.db, t.config, quiet)).rejects.toThrow(
        /newer version of the app \(unknown migration: FutureFeature9999999999999\).*restore the backup/,
      );
      // an operator who knows the newer migrations only added to the schema may start anyway
      const warnings: string[] = [];
      const logger = { log: () => undefined, warn: (m: string) => warnings.push(m) } as never;
      await prepareDatabase(t.db, { ...t.config, allowNewerSchema: true }, logger);
      expect(warnings.join()).toContain('FutureFeature9999999999999');
    } finally {
      await t.db.query(`DELETE FROM migrations WHERE name = 'FutureFeature9999999999999'`);
    }
  });
});
