import type { ApiError, Case, CreateVisitResponse } from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { CaseEntity, CaseEventEntity } from '../src/cases/case.entity';
import { VisitEntity } from '../src/visits/visit.entity';
import { createCase, createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, SLOW_START, TestApp } from './support/test-app';

/**
 * Races. They are only meaningful on a real PostgreSQL (TEST_DATABASE_URL): there every batch
 * of requests is sent at once. PGlite serves one session for all connections and does not
 * survive interleaved concurrent requests (see docs/workflow.md), so without
 * TEST_DATABASE_URL the same requests are sent one after the other and the same assertions
 * prove the sequential outcome only.
 */
describe('workflow under concurrency', () => {
  let t: TestApp;
  let town: Town;
  let secretaryToken: string;
  let memberToken: string;
  /** n requests at once on PostgreSQL, one after the other on PGlite */
  async function together<T>(n: number, send: (i: number) => PromiseLike<T>): Promise<T[]> {
    if (t.database.kind === 'postgres') return Promise.all(Array.from({ length: n }, (_, i) => send(i)));
    const answers: T[] = [];
    for (let i = 0; i < n; i++) answers.push(await send(i));
    return answers;
  }

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    secretaryToken = await login(t.http, town.secretaryA.username);
    memberToken = await login(t.http, town.memberA.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  it('runs on the database it says (races need TEST_DATABASE_URL → PostgreSQL)', async () => {
    const { version } = itemAt(await t.db.query<{ version: string }[]>('SELECT version()'), 0);
    expect(version).toMatch(/PostgreSQL/);
    expect(t.database.kind).toBe(process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite');
  });

  it('20 concurrent assigns on one version: exactly one wins, 19 are STALE_VERSION, one event', async () => {
    const c = await createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA.id,
    });
    const dueAt = new Date(Date.now() + 3 * 86400_000).toISOString();
    const assignees = [town.memberA, town.memberA2, town.secretaryA];
    const answers = await together(20, (i) =>
      t.http
        .post(`/api/cases/${c.id}/assign`)
        .set(bearer(secretaryToken))
        .send({ assigneeId: itemAt(assignees, i % assignees.length).id, dueAt, version: 1 }),
    );
    const ok = answers.filter((r) => r.status === 200);
    const stale = answers.filter((r) => r.status === 409 && (r.body as ApiError).code === 'STALE_VERSION');
    expect(ok).toHaveLength(1);
    expect(stale).toHaveLength(19);
    const winner = itemAt(ok, 0).body as Case;
    expect(winner).toMatchObject({ status: 'assigned', version: 2 });

    const row = await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
    expect(row).toMatchObject({ version: 2, status: 'assigned', assigneeId: winner.assigneeId });
    const events = await t.db.getRepository(CaseEventEntity).findBy({ caseId: c.id, type: 'assign' });
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(town.secretaryA.id);
  });

  it('30 concurrent replays of one clientId store one visit; every answer has the same ids', async () => {
    const clientId = randomUUID();
    const body = {
      clientId,
      householdId: town.householdA.id,
      visitedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      method: 'in_person',
      activities: ['opinion'],
      notes: '离线队列重发',
      cases: [
        { kind: 'problem', category: 'infrastructure', title: '桥面破损' },
        { kind: 'suggestion', category: 'environment', title: '增设垃圾桶' },
      ],
    };
    const answers = await together(30, () => t.http.post('/api/visits').set(bearer(memberToken)).send(body));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(29);

    const bodies = answers.map((r) => r.body as CreateVisitResponse);
    const visitIds = new Set(bodies.map((b) => b.visit.id));
    expect(visitIds.size).toBe(1);
    const caseIdSets = new Set(bodies.map((b) => JSON.stringify(b.cases.map((c) => c.id))));
    expect(caseIdSets.size).toBe(1);
    expect(new Set(bodies.map((b) => JSON.stringify(b.visit.caseIds))).size).toBe(1);
    expect(bodies[0]?.cases).toHaveLength(2);

    const visits = await t.db.getRepository(VisitEntity).findBy({ memberId: town.memberA.id, clientId });
    expect(visits).toHaveLength(1);
    const cases = await t.db.getRepository(CaseEntity).findBy({ visitId: itemAt(visits, 0).id });
    expect(cases).toHaveLength(2);
    const created = await t.db
      .getRepository(CaseEventEntity)
      .createQueryBuilder('e')
      .where('e.case_id IN (:...ids)', { ids: cases.map((c) => c.id) })
      .getCount();
    expect(created).toBe(2);
  });

  it('concurrent case creation in one branch gets unique consecutive numbers', async () => {
    const before = await t.db.getRepository(CaseEntity).countBy({ branchId: town.branchB.id });
    expect(before).toBe(0);
    const memberB = await login(t.http, town.memberB.username);
    const secretaryB = await login(t.http, town.secretaryB.username);
    const answers = await together(24, (i) =>
      i % 3 === 0
        ? t.http
            .post('/api/visits')
            .set(bearer(i % 2 ? memberB : secretaryB))
            .send({
              householdId: town.householdB.id,
              visitedAt: new Date().toISOString(),
              method: 'phone',
              activities: ['care'],
              cases: [
                { kind: 'problem', category: 'health_elderly', title: `看病难 ${i}` },
                { kind: 'problem', category: 'dispute', title: `邻里纠纷 ${i}` },
              ],
            })
        : t.http
            .post('/api/cases')
            .set(bearer(i % 2 ? memberB : secretaryB))
            .send({
              kind: 'problem',
              category: 'other',
              title: `问题 ${i}`,
              householdId: town.householdB.id,
            }),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const rows = await t.db.getRepository(CaseEntity).findBy({ branchId: town.branchB.id });
    expect(rows).toHaveLength(8 * 2 + 16);
    const year = itemAt(rows, 0).number.split('-')[1];
    const numbers = rows.map((r) => r.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 32 }, (_, i) => `${town.branchB.code}-${year}-${String(i + 1).padStart(4, '0')}`),
    );
  });
});
