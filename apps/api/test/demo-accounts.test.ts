import type { LoginResponse, UserSummary } from '@tenplusn/domain';
import { verifyPassword } from '../src/auth/password';
import { DEMO_PASSWORD } from '../src/config/app-config';
import { DemoAccounts1796021000000 } from '../src/database/migrations/1796021000000-demo-accounts';
import { UserEntity } from '../src/users/user.entity';
import { createUser, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/**
 * The demo town fenced off: on a real database (DATABASE_URL) with SEED_DEMO=true, no demo
 * account shares the admin's password, demo accounts are marked, and login and /api/auth/me
 * say so (the web shows 演示数据).
 */
describe('demo accounts', () => {
  describe('SEED_DEMO=true on a real database with ADMIN_PASSWORD', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SEED_DEMO: 'true' });
    }, SLOW_START);
    afterAll(() => t?.close());

    const users = () => t.db.getRepository(UserEntity).find({ order: { username: 'ASC' } });

    it("gives no demo member, secretary or staff account the admin's password", async () => {
      const all = await users();
      const demo = all.filter((u) => u.username !== 'admin');
      expect(demo.filter((u) => u.role === 'member').length).toBeGreaterThan(10);
      expect(demo.filter((u) => u.role === 'secretary').length).toBeGreaterThan(1);
      // every distinct hash is checked (the seed shares one hash; argon2 is slow)
      const hashes = [...new Set(demo.map((u) => u.passwordHash))];
      for (const hash of hashes) {
        expect(await verifyPassword(hash, TEST_ADMIN_PASSWORD)).toBe(false);
        expect(await verifyPassword(hash, DEMO_PASSWORD)).toBe(true);
      }
      const admin = all.find((u) => u.username === 'admin')!;
      expect(await verifyPassword(admin.passwordHash, TEST_ADMIN_PASSWORD)).toBe(true);
      // and through the front door: a demo secretary with the admin's password is refused
      await t.http
        .post('/api/auth/login')
        .send({ username: 'sj_lw', password: TEST_ADMIN_PASSWORD })
        .expect(401);
    });

    it('marks every demo account, and not the admin whose password is real', async () => {
      const all = await users();
      expect(all.filter((u) => !u.isDemo).map((u) => u.username)).toEqual(['admin']);
    });

    it('says in login and /api/auth/me whether the account is a demo account and the data the demo town', async () => {
      const member = await t.http
        .post('/api/auth/login')
        .send({ username: 'dy_lw_01', password: DEMO_PASSWORD })
        .expect(200);
      expect((member.body as LoginResponse).user).toMatchObject({
        role: 'member',
        demo: true,
        demoData: true,
      });
      const me = await t.http
        .get('/api/auth/me')
        .set(bearer((member.body as LoginResponse).accessToken))
        .expect(200);
      expect(me.body as UserSummary).toMatchObject({ username: 'dy_lw_01', demo: true, demoData: true });

      const admin = await t.http
        .post('/api/auth/login')
        .send({ username: 'admin', password: TEST_ADMIN_PASSWORD })
        .expect(200);
      expect((admin.body as LoginResponse).user).toMatchObject({ demo: false, demoData: true });
      // the user list marks them too (staff see which accounts are demo accounts)
      const list = await t.http
        .get('/api/users?q=sj_lw')
        .set(bearer((admin.body as LoginResponse).accessToken))
        .expect(200);
      expect((list.body as { items: UserSummary[] }).items).toEqual([
        expect.objectContaining({ username: 'sj_lw', demo: true }),
      ]);
    });

    it('marks, on upgrade, the accounts the demo seed wrote before the marker existed (not one whose password changed)', async () => {
      const repo = t.db.getRepository(UserEntity);
      const changed = await repo.findOneByOrFail({ username: 'dy_lw_02' });
      await repo.update(
        { id: changed.id },
        { passwordHash: (await repo.findOneByOrFail({ username: 'admin' })).passwordHash },
      );
      const runner = t.db.createQueryRunner();
      try {
        const migration = new DemoAccounts1796021000000();
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      const all = await users();
      expect(all.filter((u) => !u.isDemo).map((u) => u.username)).toEqual(['admin', 'dy_lw_02']);
      expect(all.filter((u) => u.isDemo).length).toBeGreaterThan(50);
    });
  });

  describe('a real town (no demo data)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    }, SLOW_START);
    afterAll(() => t?.close());

    it('answers demo: false and demoData: false', async () => {
      const staff = await createUser(t.db, { role: 'staff' });
      const res = await t.http
        .post('/api/auth/login')
        .send({ username: staff.username, password: PASSWORD })
        .expect(200);
      expect((res.body as LoginResponse).user).toMatchObject({ demo: false, demoData: false });
      const admin = await t.http
        .post('/api/auth/login')
        .send({ username: 'admin', password: TEST_ADMIN_PASSWORD })
        .expect(200);
      expect((admin.body as LoginResponse).user).toMatchObject({ demo: false, demoData: false });
    });
  });

  describe('embedded demo mode (the admin keeps the public demo password)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SEED_DEMO: 'true', ADMIN_PASSWORD: DEMO_PASSWORD });
    }, SLOW_START);
    afterAll(() => t?.close());

    it('marks the admin as a demo account too', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .send({ username: 'admin', password: DEMO_PASSWORD })
        .expect(200);
      expect((res.body as LoginResponse).user).toMatchObject({ demo: true, demoData: true });
    });
  });
});
