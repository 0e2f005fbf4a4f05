import type { Case, CreateVisitResponse, StatsOverview } from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, TestApp } from './support/test-app';

/** The whole loop of the product through HTTP: a doorstep problem to a verified closure. */
describe('walking skeleton: visit → assign → start → resolve → close → figures', () => {
  let t: TestApp;
  let town: Town;

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
  });
  afterAll(() => t?.close());

  it('runs the whole loop and moves the closure rate', async () => {
    const staffToken = await login(t.http, town.staff.username);
    const memberToken = await login(t.http, town.memberA.username);
    const secretaryToken = await login(t.http, town.secretaryA.username);

    const before = await t.http.get('/api/stats/overview').set(bearer(staffToken)).expect(200);
    expect((before.body as StatsOverview).cases).toMatchObject({ received: 0, closed: 0, closureRate: null });

    // the member logs a visit with a problem heard on the doorstep
    const visit = await t.http
      .post('/api/visits')
      .set(bearer(memberToken))
      .send({
        clientId: randomUUID(),
        householdId: town.householdA.id,
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        method: 'in_person',
        activities: ['opinion', 'care'],
        notes: '老人身体还好',
        cases: [{ kind: 'problem', category: 'infrastructure', title: '门前路灯不亮' }],
      })
      .expect(201);
    const created = visit.body as CreateVisitResponse;
    expect(created.cases).toHaveLength(1);
    let c: Case = itemAt(created.cases, 0);
    expect(c).toMatchObject({ status: 'open', version: 1, kind: 'problem', branchId: town.branchA.id });
    expect(c.number).toMatch(new RegExp(`^${town.branchA.code}-\\d{4}-0001$`));
    expect(created.visit.caseIds).toEqual([c.id]);

    // the secretary assigns it with a due date
    const dueAt = new Date(Date.now() + 7 * 86400_000).toISOString();
    c = (
      await t.http
        .post(`/api/cases/${c.id}/assign`)
        .set(bearer(secretaryToken))
        .send({ assigneeId: town.memberA.id, dueAt, version: c.version })
        .expect(200)
    ).body;
    expect(c).toMatchObject({ status: 'assigned', assigneeId: town.memberA.id, version: 2, dueAt });

    // the member starts and resolves it
    c = (
      await t.http
        .post(`/api/cases/${c.id}/start`)
        .set(bearer(memberToken))
        .send({ version: c.version })
        .expect(200)
    ).body;
    expect(c).toMatchObject({ status: 'in_progress', version: 3 });
    c = (
      await t.http
        .post(`/api/cases/${c.id}/resolve`)
        .set(bearer(memberToken))
        .send({ resolution: '已联系电工更换灯泡', version: c.version })
        .expect(200)
    ).body;
    expect(c).toMatchObject({ status: 'resolved', resolution: '已联系电工更换灯泡', version: 4 });

    // the secretary calls the household back and closes it as satisfied
    c = (
      await t.http
        .post(`/api/cases/${c.id}/close`)
        .set(bearer(secretaryToken))
        .send({ satisfaction: 'satisfied', version: c.version })
        .expect(200)
    ).body;
    expect(c).toMatchObject({ status: 'closed', satisfaction: 'satisfied', version: 5 });
    expect(c.closedAt).not.toBeNull();

    // every step is on the timeline, oldest first
    const detail = await t.http.get(`/api/cases/${c.id}`).set(bearer(memberToken)).expect(200);
    expect((detail.body as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
      'created',
      'assign',
      'start',
      'resolve',
      'close',
    ]);

    // the secretary's list names the household and the assignee
    const list = await t.http.get('/api/cases').set(bearer(secretaryToken)).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: c.id,
        householdName: town.householdA.headName,
        assigneeName: town.memberA.displayName,
      }),
    ]);

    // the town office sees the closure rate change
    const after = (await t.http.get('/api/stats/overview').set(bearer(staffToken)).expect(200))
      .body as StatsOverview;
    expect(after.cases).toMatchObject({
      received: 1,
      problems: 1,
      closed: 1,
      closureRate: 1,
      onTimeRate: 1,
      satisfactionRate: 1,
      open: 0,
    });
    expect(after.visits.count).toBe(1);
  });
});
