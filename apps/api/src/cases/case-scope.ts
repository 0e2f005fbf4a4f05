import type { Actor } from '@tenplusn/domain';
import { SelectQueryBuilder } from 'typeorm';
import { scopeToBranch } from '../common/branch-scope';

/**
 * Row scope of cases (the SQL twin of seesCase in libs/domain): staff see all, a secretary
 * the cases of their branch, a member the cases they raised or are assigned.
 */
export function scopeCasesFor<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  alias = 'c',
): SelectQueryBuilder<T> {
  scopeToBranch(actor, qb, `${alias}.branch_id`);
  if (actor.role === 'member') {
    qb.andWhere(`(${alias}.raised_by_id = :scopeUserId OR ${alias}.assignee_id = :scopeUserId)`, {
      scopeUserId: actor.id,
    });
  }
  return qb;
}
