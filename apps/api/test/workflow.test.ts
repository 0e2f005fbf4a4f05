import {
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  TEXT_LIMITS,
  type ApiError,
  type Case,
  type CaseAction,
  type CaseDetail,
  type CaseEvent,
  type CaseStatus,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { CaseEntity, CaseEventEntity } from '../src/cases/case.entity';
import type { UserEntity } from '../src/users/user.entity';
import { createCase, createUser, login, Town } from './support/factories';
import { bearer, itemAt, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

/**
 * The case workflow through HTTP: every action against every status, with its role, person,
 * scope, status and version rules (the table lives in libs/domain: CASE_TRANSITIONS).
 */
describe('case workflow', () => {
  let t: TestApp;
  let town: Town;
  const tokens = new Map<string, string>();
  const auth = (u: UserEntity) => bearer(tokens.get(u.id));
  const future = () => new Date(Date.now() + 7 * 86400_000).toISOString();

  beforeAll(async () => {
    ({ t, town } = await startTown(tokens));
  }, SLOW_START);
  afterAll(() => t?.close());

  /** A case of branch A raised by memberA; assigned to memberA unless said otherwise. */
  const caseIn = (status: CaseStatus, over: Partial<CaseEntity> = {}) =>
    createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA.id,
      status,
      assigneeId: status === 'open' ? null : town.memberA.id,
      dueAt: status === 'open' ? null : new Date(Date.now() + 86400_000),
      version: 3,
      ...over,
    });

  const bodyFor = (action: CaseAction, version: number): Record<string, unknown> => {
    switch (action) {
      case 'assign':
        return { assigneeId: town.memberA.id, dueAt: future(), version };
      case 'start':
        return { version };
      case 'resolve':
        return { resolution: '已修好', version };
      case 'close':
        return { satisfaction: 'satisfied', version };
      case 'pause':
        return { reason: 'waiting_household', version };
      case 'resume':
        return { version };
      default:
        return { reason: '原因', version };
    }
  };

  /** The user who may perform the action on a caseIn(...) case. */
  const rightActor = (action: CaseAction): UserEntity => {
    const who = CASE_TRANSITIONS[action].who;
    return who === 'assignee' ? town.memberA : who === 'staff' ? town.staff : town.secretaryA;
  };

  /** What else the case must be for the action besides its status: paused to resume, escalated to deescalate. */
  const readyFor = (action: CaseAction): Partial<CaseEntity> => ({
    ...(action === 'resume' ? { paused: true, pausedAt: new Date() } : {}),
    ...(CASE_TRANSITIONS[action].escalated ? { escalated: true } : {}),
  });

  const act = (who: UserEntity, id: string, action: CaseAction, body: Record<string, unknown>) =>
    t.http.post(`/api/cases/${id}/${action}`).set(auth(who)).send(body);

  const eventsOf = (caseId: string) =>
    t.db.getRepository(CaseEventEntity).find({ where: { caseId }, order: { at: 'ASC' } });

  describe('status rules: every action from every status', () => {
    const rows = CASE_ACTIONS.flatMap((action) =>
      CASE_STATUSES.map((status) => ({
        action,
        status,
        allowed: CASE_TRANSITIONS[action].from.includes(status),
      })),
    );

    it.each(rows)('$action from $status (allowed: $allowed)', async ({ action, status, allowed }) => {
      const c = await caseIn(status, {
        ...(status === 'open' && CASE_TRANSITIONS[action].who === 'assignee'
          ? { assigneeId: town.memberA.id }
          : {}),
        ...readyFor(action),
      });
      const res = await act(rightActor(action), c.id, action, bodyFor(action, 3));
      const events = await eventsOf(c.id);
      if (allowed) {
        expect(res.status).toBe(200);
        const body = res.body as Case;
        expect(body.version).toBe(4);
        expect(body.status).toBe(CASE_TRANSITIONS[action].to ?? status);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          type: action,
          actorId: rightActor(action).id,
          fromStatus: status,
          toStatus: body.status,
        });
      } else {
        expect(res.status).toBe(409);
        expect((res.body as ApiError).code).toBe('INVALID_TRANSITION');
        expect(events).toHaveLength(0);
        const row = await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
        expect(row).toMatchObject({ status, version: 3 });
      }
    });
  });

  describe('version rule: a stale version is refused and changes nothing', () => {
    const rows = CASE_ACTIONS.map((action) => ({ action, status: itemAt(CASE_TRANSITIONS[action].from, 0) }));
    it.each(rows)('$action from $status with an old version', async ({ action, status }) => {
      const c = await caseIn(status, readyFor(action));
      for (const version of [2, 4]) {
        const res = await act(rightActor(action), c.id, action, bodyFor(action, version));
        expect(res.status).toBe(409);
        expect((res.body as ApiError).code).toBe('STALE_VERSION');
      }
      expect(await eventsOf(c.id)).toHaveLength(0);
      expect(await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id })).toMatchObject({
        status,
        version: 3,
      });
    });
  });

  describe('role, person and scope rules', () => {
    type Who = 'staff' | 'secretaryA' | 'secretaryB' | 'memberA' | 'memberA2' | 'memberB';
    // the case is raised by memberA2 and assigned to memberA (so memberA2 sees it but is not the assignee)
    const rows: { action: CaseAction; who: Who; status: number; why: string }[] = [
      { action: 'assign', who: 'memberA', status: 403, why: 'a member may never assign' },
      { action: 'close', who: 'memberA', status: 403, why: 'a member may never close' },
      { action: 'reopen', who: 'memberA', status: 403, why: 'a member may never reopen' },
      { action: 'reject', who: 'memberA', status: 403, why: 'a member may never reject' },
      { action: 'escalate', who: 'memberA', status: 403, why: 'a member may never escalate' },
      { action: 'escalate', who: 'staff', status: 403, why: 'staff do not escalate to themselves' },
      { action: 'start', who: 'memberA2', status: 403, why: 'the raiser is not the assignee' },
      { action: 'resolve', who: 'memberA2', status: 403, why: 'the raiser is not the assignee' },
      { action: 'start', who: 'secretaryA', status: 403, why: 'the secretary is not the assignee' },
      { action: 'resolve', who: 'staff', status: 403, why: 'staff are not the assignee' },
      { action: 'assign', who: 'secretaryB', status: 404, why: 'another branch: out of scope' },
      { action: 'escalate', who: 'secretaryB', status: 404, why: 'another branch: out of scope' },
      { action: 'start', who: 'memberB', status: 404, why: 'another branch: out of scope' },
      { action: 'assign', who: 'staff', status: 200, why: 'staff may assign any case' },
      { action: 'reject', who: 'staff', status: 200, why: 'staff may reject any case' },
      { action: 'escalate', who: 'secretaryA', status: 200, why: 'the branch secretary escalates' },
      { action: 'deescalate', who: 'secretaryA', status: 403, why: 'only the town hands a case back' },
      { action: 'deescalate', who: 'memberA', status: 403, why: 'a member may never hand back' },
      { action: 'deescalate', who: 'secretaryB', status: 403, why: 'the role comes first: no secretary may' },
      { action: 'deescalate', who: 'staff', status: 200, why: 'town staff hand it back' },
    ];

    it.each(rows)('$action by $who → $status ($why)', async ({ action, who, status }) => {
      const c = await caseIn('assigned', { raisedById: town.memberA2.id, ...readyFor(action) });
      const actor = town[who];
      const res = await act(actor, c.id, action, bodyFor(action, 3));
      expect(res.status).toBe(status);
      if (status !== 200) {
        expect((res.body as ApiError).code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
        expect(await eventsOf(c.id)).toHaveLength(0);
      }
    });

    it('start and resolve by the assignee, who may be the secretary or a staff user', async () => {
      for (const assignee of [town.secretaryA, town.staff]) {
        const c = await caseIn('assigned', { assigneeId: assignee.id });
        const started = await act(assignee, c.id, 'start', { version: 3 }).expect(200);
        expect((started.body as Case).status).toBe('in_progress');
        const resolved = await act(assignee, c.id, 'resolve', { resolution: '已办', version: 4 }).expect(200);
        expect(resolved.body as Case).toMatchObject({ status: 'resolved', resolution: '已办', version: 5 });
      }
    });

    it('answers 404 for a case that does not exist and 400 for a malformed id', async () => {
      const missing = await act(town.staff, randomUUID(), 'assign', bodyFor('assign', 1));
      expect(missing.status).toBe(404);
      expect((missing.body as ApiError).code).toBe('NOT_FOUND');
      const malformed = await act(town.staff, 'not-a-uuid', 'assign', bodyFor('assign', 1));
      expect(malformed.status).toBe(400);
    });

    it('a member outside the case sees 404 on the detail, a member who raised it 200', async () => {
      const c = await caseIn('open', { raisedById: town.memberA2.id });
      await t.http.get(`/api/cases/${c.id}`).set(auth(town.memberA)).expect(404);
      await t.http.get(`/api/cases/${c.id}`).set(auth(town.memberA2)).expect(200);
      await t.http.get(`/api/cases/${c.id}`).set(auth(town.secretaryB)).expect(404);
      await t.http.get(`/api/cases/${c.id}`).set(auth(town.staff)).expect(200);
    });
  });

  describe('assign and reassign', () => {
    it('assigns with a due date, then reassigns from assigned and from in progress', async () => {
      const c = await caseIn('open', { version: 1 });
      const dueAt = future();
      const a = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueAt,
        note: '尽快',
        version: 1,
      }).expect(200);
      expect(a.body as Case).toMatchObject({
        status: 'assigned',
        assigneeId: town.memberA.id,
        dueAt,
        version: 2,
      });

      const r1 = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA2.id,
        dueAt,
        version: 2,
      }).expect(200);
      expect(r1.body as Case).toMatchObject({ status: 'assigned', assigneeId: town.memberA2.id, version: 3 });
      // the previous assignee lost the case: memberA raised it, so sees it, but may not start it
      await act(town.memberA, c.id, 'start', { version: 3 }).expect(403);
      await act(town.memberA2, c.id, 'start', { version: 3 }).expect(200);

      const r2 = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.secretaryA.id,
        dueAt,
        version: 4,
      }).expect(200);
      expect(r2.body as Case).toMatchObject({
        status: 'assigned',
        assigneeId: town.secretaryA.id,
        version: 5,
      });

      const events = await eventsOf(c.id);
      expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
        ['assign', 'open', 'assigned'],
        ['assign', 'assigned', 'assigned'],
        ['start', 'assigned', 'in_progress'],
        ['assign', 'in_progress', 'assigned'],
      ]);
      expect(events[0]?.note).toBe('尽快');
    });

    it('refuses a due date in the past, an assignee of another branch, an inactive or unknown one', async () => {
      const c = await caseIn('open', { version: 1 });
      const inactive = await createUser(t.db, { role: 'member', branchId: town.branchA.id, active: false });
      const bad: Record<string, unknown>[] = [
        { assigneeId: town.memberA.id, dueAt: new Date(Date.now() - 60_000).toISOString() },
        { assigneeId: town.memberA.id, dueAt: 'tomorrow' },
        // (no due date at all is the priority's default in working days: working-days.test.ts)
        { dueAt: future() },
        { assigneeId: town.memberB.id, dueAt: future() },
        { assigneeId: town.secretaryB.id, dueAt: future() },
        { assigneeId: inactive.id, dueAt: future() },
        { assigneeId: randomUUID(), dueAt: future() },
        { assigneeId: 'me', dueAt: future() },
      ];
      for (const body of bad) {
        const res = await act(town.secretaryA, c.id, 'assign', { ...body, version: 1 });
        expect([res.status, (res.body as ApiError).code, body]).toEqual([400, 'VALIDATION_FAILED', body]);
      }
      expect(await eventsOf(c.id)).toHaveLength(0);
    });

    it('refuses a version that is not a positive integer', async () => {
      const c = await caseIn('open', { version: 1 });
      for (const version of ['1', 0, 1.5, null]) {
        await act(town.secretaryA, c.id, 'assign', {
          assigneeId: town.memberA.id,
          dueAt: future(),
          version,
        }).expect(400);
      }
      await act(town.secretaryA, c.id, 'assign', { assigneeId: town.memberA.id, dueAt: future() }).expect(
        400,
      );
      // far beyond int4: stale, never a database error
      const huge = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueAt: future(),
        version: 2 ** 40,
      });
      expect(huge.status).toBe(409);
    });
  });

  describe('resolve, close, reopen, reject', () => {
    it('resolve needs a resolution text', async () => {
      const c = await caseIn('in_progress');
      await act(town.memberA, c.id, 'resolve', { version: 3 }).expect(400);
      await act(town.memberA, c.id, 'resolve', { resolution: '   ', version: 3 }).expect(400);
      expect(await eventsOf(c.id)).toHaveLength(0);
    });

    it('close needs a satisfaction; unsatisfied is refused (that is a reopen)', async () => {
      const c = await caseIn('resolved', { resolution: '已修' });
      for (const body of [
        { version: 3 },
        { satisfaction: 'unsatisfied', version: 3 },
        { satisfaction: '', version: 3 },
      ]) {
        const res = await act(town.secretaryA, c.id, 'close', body);
        expect(res.status).toBe(400);
        expect((res.body as ApiError).code).toBe('VALIDATION_FAILED');
      }
      const closed = await act(town.secretaryA, c.id, 'close', {
        satisfaction: 'basically_satisfied',
        note: '回访：基本满意',
        version: 3,
      }).expect(200);
      const body = closed.body as Case;
      expect(body).toMatchObject({ status: 'closed', satisfaction: 'basically_satisfied', version: 4 });
      expect(body.closedAt).not.toBeNull();
      expect((await eventsOf(c.id))[0]).toMatchObject({ type: 'close', note: '回访：基本满意' });
    });

    it('reopen takes a resolved case back to in progress with the reason on the timeline', async () => {
      const c = await caseIn('resolved', { resolution: '已修' });
      await act(town.secretaryA, c.id, 'reopen', { version: 3 }).expect(400);
      const reopened = await act(town.secretaryA, c.id, 'reopen', {
        reason: '回访：仍未解决',
        version: 3,
      }).expect(200);
      expect(reopened.body as Case).toMatchObject({
        status: 'in_progress',
        assigneeId: town.memberA.id,
        closedAt: null,
        satisfaction: null,
        version: 4,
      });
      // the assignee works on it again
      await act(town.memberA, c.id, 'resolve', { resolution: '换了新灯', version: 4 }).expect(200);
      const events = await eventsOf(c.id);
      expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.note])).toEqual([
        ['reopen', 'resolved', 'in_progress', '回访：仍未解决'],
        ['resolve', 'in_progress', 'resolved', '换了新灯'],
      ]);
    });

    it('reject needs a reason', async () => {
      const c = await caseIn('open');
      for (const body of [
        { version: 3 },
        { reason: '', version: 3 },
        { reason: '  ', version: 3 },
        { reason: 'a\u0000b', version: 3 },
      ]) {
        const res = await act(town.secretaryA, c.id, 'reject', body);
        expect(res.status).toBe(400);
      }
      const rejected = await act(town.secretaryA, c.id, 'reject', { reason: '重复', version: 3 }).expect(200);
      expect(rejected.body as Case).toMatchObject({ status: 'rejected', version: 4 });
      expect((await eventsOf(c.id)).map((e) => e.note)).toEqual(['重复']);
    });

    it('unknown body fields are refused', async () => {
      const c = await caseIn('open');
      await act(town.secretaryA, c.id, 'reject', { reason: 'x', version: 3, status: 'closed' }).expect(400);
    });
  });

  describe('escalate', () => {
    it('sets escalated and keeps the status; then town staff own triage', async () => {
      const c = await caseIn('open', { version: 1 });
      await act(town.secretaryA, c.id, 'escalate', { version: 1 }).expect(400);
      const esc = await act(town.secretaryA, c.id, 'escalate', { reason: '需镇里协调', version: 1 }).expect(
        200,
      );
      expect(esc.body as Case).toMatchObject({ status: 'open', escalated: true, version: 2 });

      // once escalated: not again, and the secretary may no longer assign or reject
      const again = await act(town.secretaryA, c.id, 'escalate', { reason: '再次', version: 2 });
      expect([again.status, (again.body as ApiError).code]).toEqual([409, 'INVALID_TRANSITION']);
      await act(town.secretaryA, c.id, 'assign', bodyFor('assign', 2)).expect(403);
      await act(town.secretaryA, c.id, 'reject', bodyFor('reject', 2)).expect(403);

      // staff assign it (to a staff user here)
      const assigned = await act(town.staff, c.id, 'assign', {
        assigneeId: town.staff.id,
        dueAt: future(),
        version: 2,
      }).expect(200);
      expect(assigned.body as Case).toMatchObject({
        status: 'assigned',
        escalated: true,
        assigneeId: town.staff.id,
        version: 3,
      });

      const list = await t.http.get('/api/cases?escalated=true').set(auth(town.staff)).expect(200);
      expect((list.body as { items: Case[] }).items.map((x) => x.id)).toContain(c.id);
    });
  });

  describe('deescalate (交回支部)', () => {
    it('staff hand an escalated case back: escalated false, same status, the reason on the timeline', async () => {
      const c = await caseIn('open', { version: 1 });
      await act(town.secretaryA, c.id, 'escalate', { reason: '需镇里协调', version: 1 }).expect(200);
      // a reason is required, within the step note's limit
      await act(town.staff, c.id, 'deescalate', { version: 2 }).expect(400);
      await act(town.staff, c.id, 'deescalate', { reason: '  ', version: 2 }).expect(400);
      await act(town.staff, c.id, 'deescalate', {
        reason: 'x'.repeat(TEXT_LIMITS.stepNote + 1),
        version: 2,
      }).expect(400);
      const back = await act(town.staff, c.id, 'deescalate', { reason: '村里可以处理', version: 2 }).expect(
        200,
      );
      expect(back.body as Case).toMatchObject({ status: 'open', escalated: false, version: 3 });
      expect((await eventsOf(c.id)).map((e) => [e.type, e.note, e.fromStatus, e.toStatus])).toEqual([
        ['escalate', '需镇里协调', 'open', 'open'],
        ['deescalate', '村里可以处理', 'open', 'open'],
      ]);
      const detail = (await t.http.get(`/api/cases/${c.id}`).set(auth(town.secretaryA)).expect(200))
        .body as CaseDetail;
      expect(detail.events.map((e) => [e.type, e.actorName])).toEqual([
        ['escalate', town.secretaryA.displayName],
        ['deescalate', town.staff.displayName],
      ]);

      // not twice; and the branch owns triage again: the secretary assigns (or escalates anew)
      const again = await act(town.staff, c.id, 'deescalate', { reason: '再次', version: 3 });
      expect([again.status, (again.body as ApiError).code]).toEqual([409, 'INVALID_TRANSITION']);
      await act(town.secretaryA, c.id, 'assign', bodyFor('assign', 3)).expect(200);
      const list = await t.http.get('/api/cases?escalated=true').set(auth(town.staff)).expect(200);
      expect((list.body as { items: Case[] }).items.map((x) => x.id)).not.toContain(c.id);
    });

    it('goes on while paused and keeps the clock stopped', async () => {
      const c = await caseIn('in_progress', { escalated: true, paused: true, pausedAt: new Date() });
      const back = await act(town.staff, c.id, 'deescalate', { reason: '村里可以处理', version: 3 }).expect(
        200,
      );
      expect(back.body as Case).toMatchObject({ status: 'in_progress', escalated: false, paused: true });
    });
  });

  describe('timeline and comments', () => {
    it('lists events oldest first with the actor names; comments add an event and keep the version', async () => {
      const named = {
        member: await createUser(t.db, { role: 'member', branchId: town.branchA.id, displayName: '李党员' }),
        secretary: await createUser(t.db, {
          role: 'secretary',
          branchId: town.branchA.id,
          displayName: '张书记',
        }),
      };
      const memberToken = await login(t.http, named.member.username);
      const secToken = await login(t.http, named.secretary.username);

      const created = await t.http
        .post('/api/cases')
        .set(bearer(memberToken))
        .send({
          kind: 'suggestion',
          category: 'environment',
          title: '垃圾桶太少',
          householdId: town.householdA.id,
        })
        .expect(201);
      let c = created.body as Case;
      expect(c).toMatchObject({ status: 'open', version: 1, raisedById: named.member.id });

      const comment = await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(bearer(memberToken))
        .send({ body: '村民很着急' })
        .expect(201);
      expect(comment.body as CaseEvent).toMatchObject({
        type: 'comment',
        actorId: named.member.id,
        actorName: '李党员',
        note: '村民很着急',
        fromStatus: null,
        toStatus: null,
      });

      c = (
        await t.http
          .post(`/api/cases/${c.id}/assign`)
          .set(bearer(secToken))
          .send({ assigneeId: named.member.id, dueAt: future(), version: 1 })
          .expect(200)
      ).body as Case;
      expect(c.version).toBe(2); // the comment did not raise the version
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(bearer(secToken))
        .send({ body: '已联系环卫' })
        .expect(201);
      c = (
        await t.http
          .post(`/api/cases/${c.id}/start`)
          .set(bearer(memberToken))
          .send({ version: 2 })
          .expect(200)
      ).body as Case;

      const detail = (await t.http.get(`/api/cases/${c.id}`).set(bearer(memberToken)).expect(200))
        .body as CaseDetail;
      expect(detail.events.map((e) => [e.type, e.actorName, e.fromStatus, e.toStatus])).toEqual([
        ['created', '李党员', null, 'open'],
        ['comment', '李党员', null, null],
        ['assign', '张书记', 'open', 'assigned'],
        ['comment', '张书记', null, null],
        ['start', '李党员', 'assigned', 'in_progress'],
      ]);
      const times = detail.events.map((e) => Date.parse(e.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(detail).toMatchObject({ version: 3, assigneeName: '李党员', raisedByName: '李党员' });
    });

    it('comments: empty bodies are refused, out-of-scope cases are 404', async () => {
      const c = await caseIn('open', { raisedById: town.memberA2.id });
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(auth(town.secretaryA))
        .send({ body: ' ' })
        .expect(400);
      await t.http.post(`/api/cases/${c.id}/comments`).set(auth(town.secretaryA)).send({}).expect(400);
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(auth(town.secretaryA))
        .send({ body: 'a\u0000b' })
        .expect(400);
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(auth(town.memberA))
        .send({ body: 'x' })
        .expect(404);
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(auth(town.secretaryB))
        .send({ body: 'x' })
        .expect(404);
      await t.http
        .post(`/api/cases/${c.id}/comments`)
        .set(auth(town.staff))
        .send({ body: '镇里关注' })
        .expect(201);
      expect(await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id })).toMatchObject({
        version: 3,
      });
    });
  });
});
