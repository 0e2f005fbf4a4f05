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
 * Restricts a filter on sensitive personal data (the vulnerable-group tags) to households
 * whose personal data the actor sees — the SQL twin of seesPersonalData (staff, the branch's
 * secretary, the household's active contacts). Without it `?tag=low_income` would tell a
 * member which neighbours are on welfare although the tags themselves are hidden from them.
 */
export function scopeSensitiveFilterFor<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  alias = 'h',
): SelectQueryBuilder<T> {
  if (actor.role === 'staff') return qb;
  const contact = `EXISTS (SELECT 1 FROM household_contacts sc WHERE sc.household_id = ${alias}.id AND sc.member_id = :sensitiveActorId AND sc.ended_at IS NULL)`;
  const params = { sensitiveActorId: actor.id, sensitiveBranchId: actor.branchId };
  return actor.role === 'secretary'
    ? qb.andWhere(`(${alias}.branch_id = :sensitiveBranchId OR ${contact})`, params)
    : qb.andWhere(contact, params);
}
