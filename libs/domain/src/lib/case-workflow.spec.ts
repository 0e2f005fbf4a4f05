import { Actor } from './roles';
import {
  availableActions,
  CaseFacts,
  checkTransition,
  escalatedAfter,
  formatCaseNumber,
  seesCase,
} from './case-workflow';
import { isOverdue } from './status-predicates';

const A = 'branch-a';
const B = 'branch-b';
const secretaryA: Actor = { id: 'sec-a', role: 'secretary', branchId: A };
const secretaryB: Actor = { id: 'sec-b', role: 'secretary', branchId: B };
const memberA: Actor = { id: 'mem-a', role: 'member', branchId: A };
const otherMemberA: Actor = { id: 'mem-a2', role: 'member', branchId: A };
const staff: Actor = { id: 'staff', role: 'staff', branchId: null };

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'open',
  branchId: A,
  assigneeId: null,
  raisedById: memberA.id,
  escalated: false,
  ...over,
});

describe('checkTransition', () => {
  it('lets the branch secretary and staff assign an open case', () => {
    expect(checkTransition(secretaryA, facts(), 'assign')).toEqual({ ok: true, to: 'assigned' });
    expect(checkTransition(staff, facts(), 'assign')).toEqual({ ok: true, to: 'assigned' });
  });

  it('forbids members and other branches from assigning', () => {
    expect(checkTransition(memberA, facts(), 'assign')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkTransition(secretaryB, facts(), 'assign')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('allows reassign while assigned or in progress, not after resolution', () => {
    expect(checkTransition(secretaryA, facts({ status: 'assigned' }), 'assign').ok).toBe(true);
    expect(checkTransition(secretaryA, facts({ status: 'in_progress' }), 'assign').ok).toBe(true);
    expect(checkTransition(secretaryA, facts({ status: 'resolved' }), 'assign')).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
  });

  it('lets only the assignee start and resolve', () => {
    const assigned = facts({ status: 'assigned', assigneeId: memberA.id });
    expect(checkTransition(memberA, assigned, 'start')).toEqual({ ok: true, to: 'in_progress' });
    expect(checkTransition(otherMemberA, assigned, 'start')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkTransition(secretaryA, assigned, 'start')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkTransition(memberA, assigned, 'resolve')).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
    expect(checkTransition(memberA, { ...assigned, status: 'in_progress' }, 'resolve')).toEqual({
      ok: true,
      to: 'resolved',
    });
  });

  it('closes and reopens only resolved cases', () => {
    expect(checkTransition(secretaryA, facts({ status: 'resolved' }), 'close')).toEqual({
      ok: true,
      to: 'closed',
    });
    expect(checkTransition(secretaryA, facts({ status: 'resolved' }), 'reopen')).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(checkTransition(secretaryA, facts({ status: 'closed' }), 'close')).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(checkTransition(memberA, facts({ status: 'resolved' }), 'close')).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('rejects only open or assigned cases', () => {
    expect(checkTransition(secretaryA, facts(), 'reject')).toEqual({ ok: true, to: 'rejected' });
    expect(checkTransition(secretaryA, facts({ status: 'assigned' }), 'reject').ok).toBe(true);
    expect(checkTransition(secretaryA, facts({ status: 'in_progress' }), 'reject')).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('escalates once, by the branch secretary, keeping the status', () => {
    expect(checkTransition(secretaryA, facts({ status: 'in_progress' }), 'escalate')).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(checkTransition(staff, facts(), 'escalate')).toMatchObject({ code: 'FORBIDDEN' });
    expect(checkTransition(secretaryA, facts({ escalated: true }), 'escalate')).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('hands triage of an escalated case to staff', () => {
    const escalated = facts({ escalated: true });
    expect(checkTransition(secretaryA, escalated, 'assign')).toMatchObject({ code: 'FORBIDDEN' });
    expect(checkTransition(staff, escalated, 'assign').ok).toBe(true);
  });

  it('lets town staff hand an escalated case back to the branch (交回支部), keeping the status', () => {
    for (const status of ['open', 'assigned', 'in_progress'] as const) {
      expect(checkTransition(staff, facts({ status, escalated: true }), 'deescalate')).toEqual({
        ok: true,
        to: status,
      });
    }
    // while paused too: who owns triage does not move the clock
    expect(
      checkTransition(staff, facts({ status: 'assigned', escalated: true, paused: true }), 'deescalate').ok,
    ).toBe(true);
    expect(checkTransition(secretaryA, facts({ escalated: true }), 'deescalate')).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(checkTransition(memberA, facts({ escalated: true }), 'deescalate')).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(checkTransition(staff, facts(), 'deescalate')).toMatchObject({
      code: 'INVALID_TRANSITION',
      reason: 'the case is not escalated',
    });
    for (const status of ['resolved', 'closed', 'rejected'] as const) {
      expect(checkTransition(staff, facts({ status, escalated: true }), 'deescalate')).toMatchObject({
        code: 'INVALID_TRANSITION',
      });
    }
  });

  it('turns the escalated flag over on escalate and deescalate only', () => {
    expect(escalatedAfter('escalate', false)).toBe(true);
    expect(escalatedAfter('deescalate', true)).toBe(false);
    expect(escalatedAfter('assign', true)).toBe(true);
    expect(escalatedAfter('assign', false)).toBe(false);
  });

  it('gives triage back to the secretary once handed back', () => {
    const escalated = facts({ escalated: true });
    expect(availableActions(secretaryA, escalated)).toEqual([]);
    expect(availableActions(staff, escalated)).toEqual(['assign', 'reject', 'deescalate']);
    const returned = facts({ escalated: false });
    expect(availableActions(secretaryA, returned)).toEqual(['assign', 'reject', 'escalate']);
    expect(availableActions(staff, returned)).toEqual(['assign', 'reject']);
  });
});

describe('availableActions', () => {
  it('lists what the assignee and the secretary may do', () => {
    expect(availableActions(memberA, facts({ status: 'assigned', assigneeId: memberA.id }))).toEqual([
      'start',
      'pause',
    ]);
    expect(availableActions(secretaryA, facts())).toEqual(['assign', 'reject', 'escalate']);
    expect(availableActions(staff, facts({ status: 'resolved' }))).toEqual(['close', 'reopen']);
    expect(availableActions(memberA, facts({ status: 'closed' }))).toEqual([]);
  });
});

describe('pause and resume', () => {
  const working = facts({ status: 'in_progress', assigneeId: memberA.id });
  const paused = facts({ status: 'in_progress', assigneeId: memberA.id, paused: true });

  it('lets the assignee, the branch secretary and staff pause work in hand, keeping the status', () => {
    for (const who of [memberA, secretaryA, staff]) {
      expect(checkTransition(who, working, 'pause')).toEqual({ ok: true, to: 'in_progress' });
      expect(checkTransition(who, paused, 'resume')).toEqual({ ok: true, to: 'in_progress' });
    }
    expect(checkTransition(memberA, facts({ status: 'assigned', assigneeId: memberA.id }), 'pause').ok).toBe(
      true,
    );
  });

  it('forbids anyone else', () => {
    expect(checkTransition(otherMemberA, working, 'pause')).toMatchObject({ code: 'FORBIDDEN' });
    expect(checkTransition(secretaryB, working, 'pause')).toMatchObject({ code: 'FORBIDDEN' });
    expect(checkTransition(otherMemberA, paused, 'resume')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pauses only work in hand, once, and resumes only a paused case', () => {
    for (const status of ['open', 'resolved', 'closed', 'rejected'] as const) {
      expect(checkTransition(secretaryA, facts({ status }), 'pause')).toMatchObject({
        code: 'INVALID_TRANSITION',
      });
    }
    expect(checkTransition(memberA, paused, 'pause')).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(checkTransition(memberA, working, 'resume')).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('stops the work while paused: resume first (escalating and handing back stay possible)', () => {
    expect(checkTransition(memberA, paused, 'resolve')).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(checkTransition(secretaryA, paused, 'assign')).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(availableActions(memberA, paused)).toEqual(['resume']);
    expect(availableActions(secretaryA, paused)).toEqual(['escalate', 'resume']);
    expect(availableActions(staff, { ...paused, escalated: true })).toEqual(['deescalate', 'resume']);
  });

  it('never counts a paused case overdue', () => {
    const due = { status: 'in_progress' as const, dueAt: '2026-11-28T00:00:00Z' };
    expect(isOverdue(due, new Date('2026-11-29T00:00:00Z'))).toBe(true);
    expect(isOverdue({ ...due, paused: true }, new Date('2026-11-29T00:00:00Z'))).toBe(false);
  });
});

describe('seesCase', () => {
  it('scopes members to cases they raised or own', () => {
    expect(seesCase(memberA, facts())).toBe(true);
    expect(seesCase(otherMemberA, facts())).toBe(false);
    expect(seesCase(otherMemberA, facts({ assigneeId: otherMemberA.id }))).toBe(true);
    expect(seesCase(secretaryB, facts())).toBe(false);
    expect(seesCase(staff, facts())).toBe(true);
  });
});

describe('isOverdue and numbers', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  it('counts only active work past its due date', () => {
    expect(isOverdue({ status: 'assigned', dueAt: '2026-11-28T00:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'resolved', dueAt: '2026-11-28T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'in_progress', dueAt: '2026-11-30T00:00:00Z' }, now)).toBe(false);
  });
  it('formats case numbers', () => {
    expect(formatCaseNumber('LW', 2026, 7)).toBe('LW-2026-0007');
  });
});
