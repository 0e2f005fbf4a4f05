import type { Actor } from '@tenplusn/domain';
import { SelectQueryBuilder } from 'typeorm';
import { scopeToBranch } from '../common/branch-scope';

/**
 * Row scope of households: staff see every branch, everyone else their own branch.
 * (What a member may see *of* a household — personal data — is decided per row by
 * seesPersonalData in libs/domain.)
 */
export function scopeHouseholdsFor<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  alias = 'h',
): SelectQueryBuilder<T> {
  return scopeToBranch(actor, qb, `${alias}.branch_id`);
}

/**
 * The SQL twin of seesPersonalData (staff, the branch's secretary, the household's active
 * contacts) for one household row, with its parameters; null for staff, who see every one.
 */
export function seesPersonalDataSql(
  actor: Actor,
  alias = 'h',
): { sql: string; params: Record<string, unknown> } | null {
  if (actor.role === 'staff') return null;
  const contact = `EXISTS (SELECT 1 FROM household_contacts sc WHERE sc.household_id = ${alias}.id AND sc.member_id = :sensitiveActorId AND sc.ended_at IS NULL)`;
  const params = { sensitiveActorId: actor.id, sensitiveBranchId: actor.branchId };
  return actor.role === 'secretary'
    ? { sql: `(${alias}.branch_id = :sensitiveBranchId OR ${contact})`, params }
    : { sql: contact, params };
}

/**
 * Restricts a filter on sensitive personal data (the vulnerable-group tags) to households
 * whose personal data the actor sees. Without it `?tag=low_income` would tell a member which
 * neighbours are on welfare although the tags themselves are hidden from them.
 */
export function scopeSensitiveFilterFor<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  alias = 'h',
): SelectQueryBuilder<T> {
  const sees = seesPersonalDataSql(actor, alias);
  return sees ? qb.andWhere(sees.sql, sees.params) : qb;
}
