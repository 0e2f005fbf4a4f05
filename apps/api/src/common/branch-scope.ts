import { type Actor, isStaff, seesBranch } from '@tenplusn/domain';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { BranchEntity } from '../branches/branch.entity';
import { notFound } from './api-exception';

/**
 * Row scope by branch, written once (the rule itself is seesBranch in libs/domain): staff see
 * every branch, everyone else their own. Whatever lies in another branch answers 404, as if it
 * did not exist (API.md: no guessing ids). What a member sees within their branch is narrower
 * and stays with each domain (scopeCasesFor, scopeVisitsFor, seesPersonalData).
 */

/** A branch named in a request that the actor does not see: 404 branch. */
export function assertSeesBranch(actor: Actor, branchId: string | null | undefined): void {
  if (branchId && !seesBranch(actor, branchId)) throw notFound('branch');
}

/** The row, if it exists and lies in a branch the actor sees; 404 `what` otherwise. */
export function foundInScope<T extends { branchId: string | null }>(
  actor: Actor,
  row: T | null | undefined,
  what: string,
): T {
  if (!row || !seesBranch(actor, row.branchId)) throw notFound(what);
  return row;
}

/**
 * The branch a request is about: the one named (404 when the actor does not see it), else
 * the actor's own; null for staff naming none (the whole town).
 */
export function requestedBranch(actor: Actor, named: string | null | undefined): string | null {
  assertSeesBranch(actor, named);
  return named ?? (isStaff(actor) ? null : actor.branchId);
}

/** Restricts a query to the actor's branch through `column` (staff: unrestricted). */
export function scopeToBranch<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  column: string,
): SelectQueryBuilder<T> {
  if (isStaff(actor)) return qb;
  return qb.andWhere(`${column} = :scopeBranchId`, { scopeBranchId: actor.branchId });
}

/** The branch, if it exists; 404 branch otherwise (staff may name any id). */
export async function existingBranch(
  db: DataSource | EntityManager,
  branchId: string,
): Promise<BranchEntity> {
  const branch = await db.getRepository(BranchEntity).findOneBy({ id: branchId });
  if (!branch) throw notFound('branch');
  return branch;
}
