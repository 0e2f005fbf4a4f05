import { createTestApp, SLOW_START, TestApp } from './support/test-app';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, SLOW_START);
  afterAll(() => t?.close());

  it('bring an empty database to exactly the schema the entities describe', async () => {
    const pending = await t.db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied and none is pending', async () => {
    expect(await t.db.showMigrations()).toBe(false);
  });

  it('create the first staff account on an empty database', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'admin-password-123' })
      .expect(200);
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'staff', branchId: null });
  });
});
