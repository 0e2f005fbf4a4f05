import type { Actor } from '@tenplusn/domain';
import { SelectQueryBuilder } from 'typeorm';

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
  if (actor.role === 'staff') return qb;
  return qb.andWhere(`${alias}.branch_id = :scopeBranchId`, { scopeBranchId: actor.branchId });
}
