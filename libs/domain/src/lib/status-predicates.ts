import { CASE_TRANSITIONS, type CaseStatus } from './case-workflow';
import type { ContactKind } from './household';

/**
 * The status sets and the predicates built on them, used by the web as they are and by the
 * API through their SQL twins (apps/api/src/common/status-predicates.sql.ts); the test
 * apps/api/test/status-predicates.test.ts runs both on the same rows.
 */

/** Being worked on: the statuses in which a case's clock runs and it can be overdue. */
export const ACTIVE_WORK_STATUSES: readonly CaseStatus[] = ['assigned', 'in_progress'];

/** Finished: closed or rejected. */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['closed', 'rejected'];

/**
 * Not yet closed or rejected: the "open" figure (未办结 = received − closed − rejected), the
 * duplicate hint, the town dashboard's drill-down.
 */
export const UNFINISHED_STATUSES: readonly CaseStatus[] = ['open', 'assigned', 'in_progress', 'resolved'];

/**
 * The escalated queue: escalated cases the town still has to see through (not yet resolved),
 * the statuses escalation applies in.
 */
export const ESCALATED_QUEUE_STATUSES: readonly CaseStatus[] = CASE_TRANSITIONS.escalate.from;

export const isUnfinished = (status: CaseStatus): boolean => UNFINISHED_STATUSES.includes(status);

/** Being worked on with the clock running: a paused case's clock stands still. */
export function isWorking(facts: { status: CaseStatus; paused?: boolean }): boolean {
  return ACTIVE_WORK_STATUSES.includes(facts.status) && facts.paused !== true;
}

/**
 * Past its due date while being worked on, whenever received (PRODUCT.md, `overdue`); a
 * paused case is never overdue, and resume has moved the due date by the working days paused.
 */
export function isOverdue(
  facts: { status: CaseStatus; dueAt: string | Date | null; paused?: boolean },
  now: Date = new Date(),
): boolean {
  if (!facts.dueAt || !isWorking(facts)) return false;
  return new Date(facts.dueAt).getTime() < now.getTime();
}

/** The contact kind that covers a household (联系覆盖): the 10 households of a member's "10". */
export const COVERING_CONTACT_KIND: ContactKind = 'core';

/** A household's contact as far as coverage cares: ended contacts no longer count. */
export interface ContactFacts {
  kind: ContactKind;
  endedAt: string | Date | null;
}

/**
 * Covered: the household has an active core contact (PRODUCT.md, `coverageRate`). Coverage is
 * counted over active households only (`countsForCoverage`).
 */
export const isCovered = (contacts: readonly ContactFacts[]): boolean =>
  contacts.some((c) => c.kind === COVERING_CONTACT_KIND && c.endedAt === null);

/** The households coverage is counted over: the active ones. */
export const countsForCoverage = (household: { active: boolean }): boolean => household.active;
