import { Actor, managesBranch, Role, ROLES } from './roles';

export const CASE_KINDS = ['suggestion', 'problem'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_CATEGORIES = [
  'infrastructure',
  'environment',
  'industry',
  'employment',
  'health_elderly',
  'education_children',
  'social_security',
  'dispute',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_PRIORITIES = ['normal', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const CASE_STATUSES = ['open', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLOSE_SATISFACTIONS = ['satisfied', 'basically_satisfied'] as const;
export type Satisfaction = (typeof CLOSE_SATISFACTIONS)[number];

export const CASE_ACTIONS = [
  'assign',
  'start',
  'resolve',
  'close',
  'reopen',
  'reject',
  'escalate',
  'deescalate',
  'pause',
  'resume',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseEventType = 'created' | CaseAction | 'comment';

/** Why a case waits on something outside the assignee's hands (API.md, pause). */
export const PAUSE_REASONS = ['waiting_household', 'waiting_higher_level', 'waiting_funds', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/**
 * Who may perform an action: the case's branch managers, or the person it is assigned to, or
 * either; its branch secretary; town staff.
 */
type ActorRule = 'manager' | 'assignee' | 'branch_secretary' | 'assignee_or_manager' | 'staff';

/**
 * While a case is paused its clock stands still: only these actions (besides resume) go on.
 * Who owns triage (escalate, deescalate) does not move the clock.
 */
const ALLOWED_WHILE_PAUSED: readonly CaseAction[] = ['escalate', 'deescalate', 'resume'];

interface TransitionRule {
  from: readonly CaseStatus[];
  /** the status after the action; undefined keeps the status (escalate) */
  to?: CaseStatus;
  who: ActorRule;
  /** only while the case's `escalated` flag is this (escalate: false, deescalate: true) */
  escalated?: boolean;
}

/** The workflow of PRODUCT.md, the single source of truth for the API and the web. */
export const CASE_TRANSITIONS: Record<CaseAction, TransitionRule> = {
  assign: { from: ['open', 'assigned', 'in_progress'], to: 'assigned', who: 'manager' },
  start: { from: ['assigned'], to: 'in_progress', who: 'assignee' },
  resolve: { from: ['in_progress'], to: 'resolved', who: 'assignee' },
  close: { from: ['resolved'], to: 'closed', who: 'manager' },
  reopen: { from: ['resolved'], to: 'in_progress', who: 'manager' },
  reject: { from: ['open', 'assigned'], to: 'rejected', who: 'manager' },
  escalate: { from: ['open', 'assigned', 'in_progress'], who: 'branch_secretary', escalated: false },
  // 交回支部: the town hands triage back to the branch (escalated = false, the status stays)
  deescalate: { from: ['open', 'assigned', 'in_progress'], who: 'staff', escalated: true },
  // the clock stops (the status stays); resume moves the due date by the working days paused
  pause: { from: ['assigned', 'in_progress'], who: 'assignee_or_manager' },
  resume: { from: ['assigned', 'in_progress'], who: 'assignee_or_manager' },
};

/**
 * The `escalated` flag after the action: an action whose row requires the flag (escalate: false,
 * deescalate: true) turns it over; every other action keeps it.
 */
export function escalatedAfter(action: CaseAction, escalated: boolean): boolean {
  const required = CASE_TRANSITIONS[action].escalated;
  return required === undefined ? escalated : !required;
}

/** The facts about a case that decide who may do what with it. */
export interface CaseFacts {
  status: CaseStatus;
  branchId: string;
  assigneeId: string | null;
  raisedById?: string | null;
  escalated: boolean;
  /** the clock is stopped (pause); absent counts as not paused */
  paused?: boolean;
}

export type TransitionVerdict =
  | { ok: true; to: CaseStatus }
  | { ok: false; code: 'FORBIDDEN' | 'INVALID_TRANSITION'; reason: string };

/**
 * Roles that can ever perform the action (coarse check, 403 for anyone else), from its `who`
 * rule. The permission map (permissions.ts) lists these as `cases.<action>`.
 */
export function caseActionRoles(action: CaseAction): readonly Role[] {
  switch (CASE_TRANSITIONS[action].who) {
    case 'manager':
      return ['secretary', 'staff'];
    case 'branch_secretary':
      return ['secretary'];
    case 'staff':
      return ['staff'];
    case 'assignee':
    case 'assignee_or_manager':
      return ROLES;
  }
}

/**
 * Decides whether the actor may perform the action on the case now. The caller must have
 * checked first that the case is in the actor's scope (else 404).
 * Person and role rules come before status rules: someone who may never do this gets 403,
 * the right person at the wrong moment gets INVALID_TRANSITION.
 */
export function checkTransition(actor: Actor, facts: CaseFacts, action: CaseAction): TransitionVerdict {
  const rule = CASE_TRANSITIONS[action];
  if (!caseActionRoles(action).includes(actor.role)) {
    return { ok: false, code: 'FORBIDDEN', reason: `a ${actor.role} may not ${action} a case` };
  }
  switch (rule.who) {
    case 'manager':
      if (!managesBranch(actor, facts.branchId)) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: `only the branch secretary or town staff may ${action}`,
        };
      }
      // Once escalated, the town office owns triage: the branch may no longer assign or reject.
      if (facts.escalated && actor.role !== 'staff' && (action === 'assign' || action === 'reject')) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: 'the case is escalated: town staff handle its triage',
        };
      }
      break;
    case 'branch_secretary':
      if (!(actor.role === 'secretary' && actor.branchId === facts.branchId)) {
        return { ok: false, code: 'FORBIDDEN', reason: 'only the branch secretary may escalate' };
      }
      break;
    case 'staff':
      // the role check above is the whole rule: staff see every case
      break;
    case 'assignee':
      if (facts.assigneeId !== actor.id) {
        return { ok: false, code: 'FORBIDDEN', reason: `only the assignee may ${action} the case` };
      }
      break;
    case 'assignee_or_manager':
      if (facts.assigneeId !== actor.id && !managesBranch(actor, facts.branchId)) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: `only the assignee, the branch secretary or town staff may ${action} the case`,
        };
      }
      break;
  }
  if (!rule.from.includes(facts.status)) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: `cannot ${action} a case that is ${facts.status}`,
    };
  }
  if (rule.escalated !== undefined && rule.escalated !== facts.escalated) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: facts.escalated ? 'the case is already escalated' : 'the case is not escalated',
    };
  }
  const paused = facts.paused === true;
  if (action === 'pause' && paused) {
    return { ok: false, code: 'INVALID_TRANSITION', reason: 'the case is already paused' };
  }
  if (action === 'resume' && !paused) {
    return { ok: false, code: 'INVALID_TRANSITION', reason: 'the case is not paused' };
  }
  if (paused && !ALLOWED_WHILE_PAUSED.includes(action)) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: `the case is paused: resume it before you ${action} it`,
    };
  }
  return { ok: true, to: rule.to ?? facts.status };
}

/** The actions the actor may take on the case right now (the buttons the web shows). */
export function availableActions(actor: Actor, facts: CaseFacts): CaseAction[] {
  return CASE_ACTIONS.filter((action) => checkTransition(actor, facts, action).ok);
}

/** Case numbers: branch code, Shanghai year, a per-branch-and-year sequence: LW-2026-0007. */
export function formatCaseNumber(branchCode: string, year: number, sequence: number): string {
  return `${branchCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Who may see a case at all: staff, anyone of the branch but members, and members who raised or own it. */
export function seesCase(actor: Actor, facts: CaseFacts): boolean {
  if (actor.role === 'staff') return true;
  if (actor.branchId !== facts.branchId) return false;
  if (actor.role === 'secretary') return true;
  return facts.raisedById === actor.id || facts.assigneeId === actor.id;
}
