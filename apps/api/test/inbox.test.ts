import {
  CN_2026_CALENDAR,
  workingCalendar,
  workingDayDeadline,
  type ApiError,
  type Case,
  type InboxPage,
  type InboxType,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { CaseEntity } from '../src/cases/case.entity';
import { InboxService } from '../src/inbox/inbox.service';
import type { UserEntity } from '../src/users/user.entity';
import { createCase, createUser, login, Town } from './support/factories';
import { bearer, itemAt, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

/**
 * The inbox through HTTP: the items each case step creates, the scheduled sweep (due soon,
 * overdue, waiting for triage), one unread item per case and type, and read / read all.
 */
describe('inbox', () => {
  let t: TestApp;
  let town: Town;
  let staff2: UserEntity;
  const tokens = new Map<string, string>();
  const auth = (u: UserEntity) => bearer(tokens.get(u.id));
  const DAY = 86_400_000;

  beforeAll(async () => {
    ({ t, town } = await startTown(tokens));
    staff2 = await createUser(t.db, { role: 'staff' });
    tokens.set(staff2.id, await login(t.http, staff2.username));
  }, SLOW_START);
  afterAll(() => t?.close());

  const caseIn = (over: Partial<CaseEntity> = {}) =>
    createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA2.id,
      status: 'open',
      assigneeId: null,
      dueAt: null,
      version: 1,
      ...over,
    });
  const act = (who: UserEntity, id: string, action: string, body: object) =>
    t.http.post(`/api/cases/${id}/${action}`).set(auth(who)).send(body).expect(200);
  const inbox = async (who: UserEntity, query: Record<string, string> = {}) =>
    (
      await t.http
        .get('/api/inbox')
        .query({ pageSize: '100', ...query })
        .set(auth(who))
        .expect(200)
    ).body as InboxPage;
  const itemsFor = async (who: UserEntity, caseId: string) =>
    (await inbox(who)).items.filter((i) => i.caseId === caseId);
  const typesFor = async (who: UserEntity, caseId: string): Promise<InboxType[]> =>
    (await itemsFor(who, caseId)).map((i) => i.type).sort();
  const clear = () => t.db.query('UPDATE inbox_items SET read_at = now() WHERE read_at IS NULL');

  describe('items made when a step happens', () => {
    it('assign → assigned_to_you for the assignee, with the case number and title', async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      const items = await itemsFor(town.memberA, c.id);
      expect(items).toEqual([
        {
          id: expect.any(String),
          type: 'assigned_to_you',
          caseId: c.id,
          title: `${c.number} ${c.title}`,
          at: expect.any(String),
          read: false,
        },
      ]);
      // nobody else hears of it, and not the one who assigned it
      expect(await itemsFor(town.secretaryA, c.id)).toEqual([]);
      expect(await itemsFor(town.memberA2, c.id)).toEqual([]);
      // without NOTIFY_WEBHOOK_URL nothing is queued for delivery
      expect(await t.db.query('SELECT id FROM notify_deliveries')).toEqual([]);
    });

    it('no item for assigning a case to oneself', async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.secretaryA.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      expect(await itemsFor(town.secretaryA, c.id)).toEqual([]);
    });

    it('resolve → awaiting_verification for the branch secretary; reopen → reopened for the assignee', async () => {
      const c = await caseIn({
        status: 'in_progress',
        assigneeId: town.memberA.id,
        dueAt: new Date(Date.now() + 5 * DAY),
      });
      await act(town.memberA, c.id, 'resolve', { resolution: '已修', version: 1 });
      expect(await typesFor(town.secretaryA, c.id)).toEqual(['awaiting_verification']);
      expect(await itemsFor(town.secretaryB, c.id)).toEqual([]);
      await act(town.secretaryA, c.id, 'reopen', { reason: '群众不满意', version: 2 });
      expect(await typesFor(town.memberA, c.id)).toEqual(['reopened']);
      // reopened, it waits for verification no more: that item is gone from the unread list
      expect(
        (await inbox(town.secretaryA, { unread: 'true' })).items.filter((i) => i.caseId === c.id),
      ).toEqual([]);
    });

    it('escalate → escalated for every staff user', async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'escalate', { reason: '需要镇里协调', version: 1 });
      expect(await typesFor(town.staff, c.id)).toEqual(['escalated']);
      expect(await typesFor(staff2, c.id)).toEqual(['escalated']);
      expect(await itemsFor(town.memberA, c.id)).toEqual([]);
    });

    it('deescalate → deescalated for the branch secretary; the staff items about it are read', async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'escalate', { reason: '需要镇里协调', version: 1 });
      // the sweep's "waiting for triage" item of a staff user (the case is the town's to triage)
      await t.db.query(
        `INSERT INTO inbox_items (user_id, type, case_id, title, ref) VALUES ($1, 'awaiting_triage', $2, 't', 'open')`,
        [staff2.id, c.id],
      );
      expect(await typesFor(staff2, c.id)).toEqual(['awaiting_triage', 'escalated']);
      await act(town.staff, c.id, 'deescalate', { reason: '村里可以处理', version: 2 }).expect(200);
      expect(await typesFor(town.secretaryA, c.id)).toEqual(['deescalated']);
      expect(await itemsFor(town.secretaryB, c.id)).toEqual([]);
      // neither "escalated" nor the staff's triage item says anything true any more
      for (const s of [town.staff, staff2]) {
        expect((await inbox(s, { unread: 'true' })).items.filter((i) => i.caseId === c.id)).toEqual([]);
      }
      // escalated anew: the secretary's "handed back" item is read in turn
      await act(town.secretaryA, c.id, 'escalate', { reason: '还是需要镇里', version: 3 }).expect(200);
      expect(
        (await inbox(town.secretaryA, { unread: 'true' })).items.filter((i) => i.caseId === c.id),
      ).toEqual([]);
    });

    it('keeps one unread item per case and type, and makes a new one once it is read', async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 6,
        version: 2,
      });
      const first = itemAt(await itemsFor(town.memberA, c.id), 0);
      expect(await itemsFor(town.memberA, c.id)).toHaveLength(1);
      await t.http.post(`/api/inbox/${first.id}/read`).set(auth(town.memberA)).expect(204);
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 7,
        version: 3,
      });
      const items = await itemsFor(town.memberA, c.id);
      expect(items.map((i) => i.read)).toEqual([false, true]);
    });
  });

  describe('read, read all and the unread count', () => {
    it('lists newest first, filters unread, counts unread, and marks read', async () => {
      await clear();
      const a = await caseIn();
      const b = await caseIn();
      await act(town.secretaryA, a.id, 'assign', {
        assigneeId: town.memberA2.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      await act(town.secretaryA, b.id, 'assign', {
        assigneeId: town.memberA2.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      let page = await inbox(town.memberA2, { unread: 'true' });
      expect(page.unread).toBe(2);
      expect(page.total).toBe(2);
      expect(page.items.map((i) => i.caseId)).toEqual([b.id, a.id]);
      await t.http.post(`/api/inbox/${page.items[1]?.id}/read`).set(auth(town.memberA2)).expect(204);
      // reading twice is no error
      await t.http.post(`/api/inbox/${page.items[1]?.id}/read`).set(auth(town.memberA2)).expect(204);
      page = await inbox(town.memberA2, { unread: 'true' });
      expect(page).toMatchObject({ unread: 1, total: 1 });
      const all = await inbox(town.memberA2);
      expect(all.unread).toBe(1);
      expect(all.total).toBeGreaterThanOrEqual(2);
      await t.http.post('/api/inbox/read-all').set(auth(town.memberA2)).expect(204);
      expect((await inbox(town.memberA2)).unread).toBe(0);
      const paged = await inbox(town.memberA2, { page: '2', pageSize: '1' });
      expect(paged.items).toHaveLength(1);
      expect(paged.items[0]?.caseId).toBe(a.id);
    });

    it("answers 404 for someone else's item and changes nothing", async () => {
      const c = await caseIn();
      await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 5,
        version: 1,
      });
      const item = itemAt(await itemsFor(town.memberA, c.id), 0);
      for (const who of [town.memberA2, town.secretaryA, town.staff]) {
        const res = await t.http.post(`/api/inbox/${item.id}/read`).set(auth(who));
        expect(res.status).toBe(404);
        expect((res.body as ApiError).code).toBe('NOT_FOUND');
      }
      await t.http.post('/api/inbox/read-all').set(auth(town.secretaryA)).expect(204);
      expect((await itemsFor(town.memberA, c.id))[0]?.read).toBe(false);
      await t.http.post(`/api/inbox/${randomUUID()}/read`).set(auth(town.memberA)).expect(404);
      await t.http.post('/api/inbox/not-an-id/read').set(auth(town.memberA)).expect(400);
      for (const q of [{ unread: 'maybe' }, { pageSize: '101' }, { page: '0' }]) {
        await t.http.get('/api/inbox').query(q).set(auth(town.memberA)).expect(400);
      }
      await t.http.get('/api/inbox').expect(401);
    });
  });

  describe('the sweep', () => {
    const sweep = (now?: Date) => t.app.get(InboxService).sweep(now);

    it('makes due_soon, overdue and awaiting_triage items, none for a paused case, each once', async () => {
      await clear();
      const cal = workingCalendar([CN_2026_CALENDAR]);
      const now = new Date();
      const soon = await caseIn({
        status: 'assigned',
        assigneeId: town.memberA.id,
        dueAt: new Date(Math.min(workingDayDeadline(cal, 1, now).getTime(), now.getTime() + 3600_000)),
      });
      const later = await caseIn({
        status: 'assigned',
        assigneeId: town.memberA.id,
        dueAt: new Date(Date.now() + 20 * DAY),
      });
      const late = await caseIn({
        status: 'in_progress',
        assigneeId: town.memberA.id,
        dueAt: new Date(Date.now() - DAY),
      });
      const pausedLate = await caseIn({
        status: 'in_progress',
        assigneeId: town.memberA.id,
        dueAt: new Date(Date.now() - DAY),
        paused: true,
        pausedAt: new Date(),
        pauseReason: 'waiting_funds',
      });
      const waiting = await caseIn({ createdAt: new Date(Date.now() - 10 * DAY) });
      const fresh = await caseIn();
      const waitingEscalated = await caseIn({
        branchId: town.branchB.id,
        householdId: town.householdB.id,
        raisedById: town.memberB.id,
        escalated: true,
        createdAt: new Date(Date.now() - 10 * DAY),
      });

      const made = await sweep();
      expect(made).toBeGreaterThanOrEqual(5);
      expect(await typesFor(town.memberA, soon.id)).toEqual(['due_soon']);
      expect(await typesFor(town.memberA, later.id)).toEqual([]);
      expect(await typesFor(town.memberA, late.id)).toEqual(['overdue']);
      expect(await typesFor(town.memberA, pausedLate.id)).toEqual([]);
      expect(await typesFor(town.secretaryA, waiting.id)).toEqual(['awaiting_triage']);
      expect(await typesFor(town.secretaryA, fresh.id)).toEqual([]);
      expect(await typesFor(town.secretaryB, waitingEscalated.id)).toEqual([]);
      expect(await typesFor(town.staff, waitingEscalated.id)).toEqual(['awaiting_triage']);
      expect(await typesFor(staff2, waitingEscalated.id)).toEqual(['awaiting_triage']);

      // again: nothing new, unread or read
      expect(await sweep()).toBe(0);
      await t.http.post('/api/inbox/read-all').set(auth(town.memberA)).expect(204);
      expect(await sweep()).toBe(0);
      expect(await itemsFor(town.memberA, late.id)).toHaveLength(1);

      // a new due date that passes again is news again
      await t.db.query('UPDATE cases SET due_at = $2 WHERE id = $1', [
        late.id,
        new Date(Date.now() - 3600_000),
      ]);
      expect(await sweep()).toBe(1);
      expect((await itemsFor(town.memberA, late.id)).map((i) => i.read)).toEqual([false, true]);
    });

    it('clears items a later step makes pointless', async () => {
      await clear();
      const c = await caseIn({ createdAt: new Date(Date.now() - 10 * DAY) });
      await sweep();
      expect((await inbox(town.secretaryA, { unread: 'true' })).items.map((i) => i.caseId)).toContain(c.id);
      const assigned = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 1,
        version: 1,
      });
      expect((assigned.body as Case).status).toBe('assigned');
      expect((await inbox(town.secretaryA, { unread: 'true' })).items.map((i) => i.caseId)).not.toContain(
        c.id,
      );
      // paused, it is not due soon any more
      await t.db.query('UPDATE cases SET due_at = $2 WHERE id = $1', [c.id, new Date(Date.now() + 3600_000)]);
      await sweep();
      expect(await typesFor(town.memberA, c.id)).toContain('due_soon');
      await act(town.memberA, c.id, 'pause', { reason: 'waiting_household', version: 2 });
      const unread = (await inbox(town.memberA, { unread: 'true' })).items.filter((i) => i.caseId === c.id);
      expect(unread.map((i) => i.type)).toEqual(['assigned_to_you']);
    });
  });
});
