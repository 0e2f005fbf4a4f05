import {
  ACTIVE_WORK_STATUSES,
  CaseStatus,
  COVERING_CONTACT_KIND,
  UNFINISHED_STATUSES,
} from '@tenplusn/domain';

/**
 * The SQL twins of libs/domain's status predicates (status-predicates.ts), as conditions on a
 * case row (alias `c` unless told) or a household row (alias `h`). The statuses are literals
 * built from the domain's constants, never from input: the partial indexes WHERE status IN
 * ('assigned', 'in_progress') only apply when the planner can prove their predicate.
 * apps/api/test/status-predicates.test.ts checks each selects exactly the rows the domain
 * predicate accepts.
 */

const literals = (statuses: readonly CaseStatus[]): string => statuses.map((s) => `'${s}'`).join(', ');

/** `alias.status IN (...)` for a status set of the domain. */
export const statusInSql = (statuses: readonly CaseStatus[], alias = 'c'): string =>
  `${alias}.status IN (${literals(statuses)})`;

/** isUnfinished: not closed and not rejected. */
export const unfinishedSql = (alias = 'c'): string => statusInSql(UNFINISHED_STATUSES, alias);

/** isWorking: being worked on with the clock running (not paused). */
export const workingSql = (alias = 'c'): string =>
  `(${statusInSql(ACTIVE_WORK_STATUSES, alias)} AND NOT ${alias}.paused)`;

/**
 * isOverdue at `now` (an SQL expression: now() or a placeholder). Never NULL (a case without
 * a due date is not overdue), so that NOT of it is the complement.
 */
export const overdueSql = (alias = 'c', now = 'now()'): string =>
  `(${workingSql(alias)} AND ${alias}.due_at IS NOT NULL AND ${alias}.due_at < ${now})`;

/** isCovered: the household (alias) has an active core contact. */
export const coveredSql = (household = 'h'): string =>
  `EXISTS (SELECT 1 FROM household_contacts cov WHERE cov.household_id = ${household}.id
             AND cov.kind = '${COVERING_CONTACT_KIND}' AND cov.ended_at IS NULL)`;
