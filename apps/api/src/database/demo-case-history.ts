import {
  type Actor,
  CASE_ACTIONS,
  CASE_TRANSITIONS,
  type CaseAction,
  type CaseFacts,
  type CaseStatus,
  checkTransition,
  escalatedAfter,
} from '@tenplusn/domain';

/**
 * The actions that take a new (open) case to `status` by the shortest path through
 * CASE_TRANSITIONS: the demo town's histories are made of these, so that they change when
 * the workflow does.
 */
export function pathTo(status: CaseStatus): CaseAction[] {
  const reached = new Map<CaseStatus, CaseAction[]>([['open', []]]);
  const queue: CaseStatus[] = ['open'];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const action of CASE_ACTIONS) {
      const { from, to } = CASE_TRANSITIONS[action];
      if (!to || !from.includes(s) || reached.has(to)) continue;
      reached.set(to, [...(reached.get(s) ?? []), action]);
      queue.push(to);
    }
  }
  const path = reached.get(status);
  if (!path) throw new Error(`demo seed: no path to ${status}`);
  return path;
}

/** One step of a demo history: the action, when, and what the actor wrote. */
export interface DemoStep {
  action: CaseAction;
  at: Date;
  note: string | null;
}

/** A case_events row of the demo town (ids and the case filled in by the caller). */
export interface DemoEvent {
  type: CaseAction;
  actor_id: string;
  from_status: CaseStatus;
  to_status: CaseStatus;
  note: string | null;
  at: Date;
}

/**
 * Plays the steps on a new case of the branch through the workflow's rules (checkTransition):
 * managers' actions by the branch secretary, the assignee's by the assignee, staff's (deescalate)
 * by the town office. A step the table refuses is a bug in the seed, not a demo history.
 */
export function playCase(
  c: { branchId: string; raisedById: string; secretaryId: string; staffId: string; assignee: Actor },
  steps: readonly DemoStep[],
): { status: CaseStatus; escalated: boolean; events: DemoEvent[] } {
  const secretary: Actor = { id: c.secretaryId, role: 'secretary', branchId: c.branchId };
  let facts: CaseFacts = {
    status: 'open',
    branchId: c.branchId,
    assigneeId: null,
    raisedById: c.raisedById,
    escalated: false,
  };
  const events: DemoEvent[] = [];
  for (const step of steps) {
    const who = CASE_TRANSITIONS[step.action].who;
    const actor =
      who === 'assignee' || who === 'assignee_or_manager'
        ? c.assignee
        : who === 'staff'
          ? { id: c.staffId, role: 'staff' as const, branchId: null }
          : secretary;
    const verdict = checkTransition(actor, facts, step.action);
    if (!verdict.ok) throw new Error(`demo seed: ${verdict.reason}`);
    events.push({
      type: step.action,
      actor_id: actor.id,
      from_status: facts.status,
      to_status: verdict.to,
      note: step.note,
      at: step.at,
    });
    facts = {
      ...facts,
      status: verdict.to,
      assigneeId: step.action === 'assign' ? c.assignee.id : facts.assigneeId,
      escalated: escalatedAfter(step.action, facts.escalated),
    };
  }
  return { status: facts.status, escalated: facts.escalated, events };
}
