import type { CaseDetail, CreateVisitResponse, HouseholdDetail, Page, VisitListItem } from '@tenplusn/domain';
import { createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, TestApp } from './support/test-app';

/**
 * The desk's history fields through HTTP: a household's contact history (ended contacts too),
 * visit rows with the visitor's name, and a case that names its household (phone masked by
 * the household rules) and the visit it was raised on.
 */
describe('household history and case origin', () => {
  let t: TestApp;
  let town: Town;
  const tokens: Record<'staff' | 'secretaryA' | 'secretaryB' | 'memberA' | 'memberA2', string> = {
    staff: '',
    secretaryA: '',
    secretaryB: '',
    memberA: '',
    memberA2: '',
  };
  const as = (who: keyof typeof tokens) => bearer(tokens[who]);
  let visit: CreateVisitResponse;

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
      tokens[who] = await login(t.http, town[who].username);
    }
    // memberA is the core contact of householdA; the secretary logs a visit there too
    const res = await t.http
      .post('/api/visits')
      .set(as('memberA'))
      .send({
        householdId: town.householdA.id,
        visitedAt: new Date(Date.now() - 3600_000).toISOString(),
        method: 'in_person',
        activities: ['policy'],
        notes: '老人说路灯坏了',
        cases: [{ kind: 'problem', category: 'infrastructure', title: '门口路灯不亮' }],
      })
      .expect(201);
    visit = res.body as CreateVisitResponse;
    await t.http
      .post('/api/visits')
      .set(as('secretaryA'))
      .send({
        householdId: town.householdA.id,
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        method: 'phone',
        activities: ['policy'],
      })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('lists a household’s visits newest first with who made them', async () => {
    const page = (
      await t.http
        .get('/api/visits')
        .query({ householdId: town.householdA.id })
        .set(as('secretaryA'))
        .expect(200)
    ).body as Page<VisitListItem>;
    expect(page.total).toBe(2);
    expect(page.items.map((v) => [v.memberId, v.memberName, v.method])).toEqual([
      [town.secretaryA.id, town.secretaryA.displayName, 'phone'],
      [town.memberA.id, town.memberA.displayName, 'in_person'],
    ]);
    expect(page.items[1]).toMatchObject({ notes: '老人说路灯坏了', caseIds: [visit.cases[0]?.id] });
  });

  it('keeps who looked after a household and since when, ended contacts included', async () => {
    // the core contact moves from memberA to memberA2: memberA's period ends
    await t.http
      .put(`/api/households/${town.householdA.id}/contacts/${town.memberA2.id}`)
      .set(as('secretaryA'))
      .send({ kind: 'core' })
      .expect(200);
    const detail = (await t.http.get(`/api/households/${town.householdA.id}`).set(as('staff')).expect(200))
      .body as HouseholdDetail;
    expect(detail.contacts.map((c) => c.memberId)).toEqual([town.memberA2.id]);
    const history = detail.contactHistory ?? [];
    expect(history.map((c) => [c.memberId, c.kind, c.until === null])).toEqual([
      [town.memberA2.id, 'core', true],
      [town.memberA.id, 'core', false],
    ]);
    expect(history[1]?.memberName).toBe(town.memberA.displayName);
    expect(Date.parse(itemAt(history, 1).until!)).toBeGreaterThanOrEqual(
      Date.parse(itemAt(history, 1).since),
    );
    // the household of another branch stays out of scope
    await t.http.get(`/api/households/${town.householdA.id}`).set(as('secretaryB')).expect(404);
  });

  it('names the visit a case was raised on and the household phone by the masking rules', async () => {
    const id = itemAt(visit.cases, 0).id;
    const forSecretary = (await t.http.get(`/api/cases/${id}`).set(as('secretaryA')).expect(200))
      .body as CaseDetail;
    expect(forSecretary).toMatchObject({
      householdName: town.householdA.headName,
      householdCode: town.householdA.code,
      householdPhone: town.householdA.phone,
      visit: {
        id: visit.visit.id,
        method: 'in_person',
        memberId: town.memberA.id,
        memberName: town.memberA.displayName,
        notes: '老人说路灯坏了',
      },
    });
    // memberA raised it but is no longer a contact of the household: the phone is masked
    const forMember = (await t.http.get(`/api/cases/${id}`).set(as('memberA')).expect(200))
      .body as CaseDetail;
    expect(forMember.householdPhone).toBe('138****5678');
    // a case raised on its own has no visit
    const own = await t.http
      .post('/api/cases')
      .set(as('secretaryA'))
      .send({
        kind: 'suggestion',
        category: 'other',
        title: '建议多开展政策宣讲',
        householdId: town.householdA.id,
      })
      .expect(201);
    const plain = (
      await t.http
        .get(`/api/cases/${(own.body as { id: string }).id}`)
        .set(as('staff'))
        .expect(200)
    ).body as CaseDetail;
    expect(plain.visit).toBeNull();
    expect(plain.householdPhone).toBe(town.householdA.phone);
  });
});
