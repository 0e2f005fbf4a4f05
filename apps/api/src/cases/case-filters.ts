import { parseInstant } from '@tenplusn/domain';
import { SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { badRequest } from '../common/api-exception';
import { overdueSql } from '../common/status-predicates.sql';
import { escapeLike } from '../users/users.service';
import { scopeCasesFor } from './case-scope';
import type { CaseQuery } from './case.dto';

/**
 * A period bound of the case filters. A calendar value (`2026-11`, `2026-11-01`) is read in
 * Asia/Shanghai like the figures (parseInstant), so that the list of cases received in
 * November and the November figures count the same cases.
 */
export function periodBound(field: 'from' | 'to', value: string): Date {
  const instant = parseInstant(value);
  if (!instant) throw badRequest(field, `${field} must be an ISO-8601 time or a calendar date`, 'NOT_A_DATE');
  return instant;
}

/** The case list's filters (GET /api/cases and its exports) under the caller's row scope. */
export function filterCases<T extends object>(
  actor: AuthUser,
  qb: SelectQueryBuilder<T>,
  q: CaseQuery,
  alias = 'c',
): SelectQueryBuilder<T> {
  scopeCasesFor(actor, qb, alias);
  if (q.status?.length) qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses: q.status });
  if (q.kind) qb.andWhere(`${alias}.kind = :kind`, { kind: q.kind });
  if (q.category) qb.andWhere(`${alias}.category = :category`, { category: q.category });
  if (q.branchId) qb.andWhere(`${alias}.branch_id = :branchId`, { branchId: q.branchId });
  if (q.householdId) qb.andWhere(`${alias}.household_id = :householdId`, { householdId: q.householdId });
  if (q.assigneeId)
    qb.andWhere(`${alias}.assignee_id = :assigneeId`, {
      assigneeId: q.assigneeId === 'me' ? actor.id : q.assigneeId,
    });
  if (q.raisedById)
    qb.andWhere(`${alias}.raised_by_id = :raisedById`, {
      raisedById: q.raisedById === 'me' ? actor.id : q.raisedById,
    });
  if (q.overdue !== undefined) {
    // isOverdue in libs/domain; never NULL, so that overdue=false is its complement
    const cond = overdueSql(alias);
    qb.andWhere(q.overdue ? cond : `NOT (${cond})`);
  }
  if (q.escalated !== undefined) qb.andWhere(`${alias}.escalated = :escalated`, { escalated: q.escalated });
  if (q.reopened !== undefined) {
    // the same predicate as the reopened figure (stats.service.ts), through ix_case_events_reopen
    const cond = `EXISTS (SELECT 1 FROM case_events re WHERE re.case_id = ${alias}.id AND re.type = 'reopen')`;
    qb.andWhere(q.reopened ? cond : `NOT ${cond}`);
  }
  if (q.q) {
    qb.andWhere(`(${alias}.number ILIKE :q OR ${alias}.title ILIKE :q OR ${alias}.description ILIKE :q)`, {
      q: `%${escapeLike(q.q)}%`,
    });
  }
  if (q.from) qb.andWhere(`${alias}.created_at >= :from`, { from: periodBound('from', q.from) });
  if (q.to) qb.andWhere(`${alias}.created_at < :to`, { to: periodBound('to', q.to) });
  return qb;
}
