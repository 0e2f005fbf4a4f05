import { isStaff, Period } from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { existingBranch, requestedBranch } from '../common/branch-scope';

/** Which rows the figures are computed over. */
export interface StatsScope {
  branchId: string | null;
  /** member: only their own cases, visits and households */
  memberId: string | null;
}

/** The whole town (the monthly sheet, the period freeze). */
export const TOWN_SCOPE: StatsScope = { branchId: null, memberId: null };

/**
 * The scope of an actor's figures at once, and the check that a branch staff named exists
 * (rejecting with 404) as a promise, so that it can run alongside the counts instead of
 * before them. staff: any branch or all; secretary: own branch; member: own figures.
 * Another branch: 404.
 */
export function statsScopeOf(
  db: DataSource,
  actor: AuthUser,
  branchId?: string,
): { scope: StatsScope; exists: Promise<void> } {
  const branch = requestedBranch(actor, branchId);
  const memberId = actor.role === 'member' ? actor.id : null;
  // only staff may name a branch that is not theirs: whether it exists is checked alongside
  const exists =
    isStaff(actor) && branch ? existingBranch(db, branch).then(() => undefined) : Promise.resolve();
  return { scope: { branchId: branch, memberId }, exists };
}

/** SQL conditions and parameters of one scope; with a period, $1 and $2 are its bounds. */
export class ScopeSql {
  readonly params: unknown[];
  constructor(
    readonly scope: StatsScope,
    p: Period | null,
  ) {
    this.params = p ? [p.from, p.to] : [];
  }
  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  /** cases of the scope (alias c) */
  cases(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND c.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) {
      const me = this.param(this.scope.memberId);
      w += ` AND (c.raised_by_id = ${me} OR c.assignee_id = ${me})`;
    }
    return w;
  }
  /** active households of the scope (alias h): a member's are the ones they are a contact of */
  households(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND h.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) {
      w += ` AND h.id IN (SELECT hm.household_id FROM household_contacts hm
                           WHERE hm.member_id = ${this.param(this.scope.memberId)} AND hm.ended_at IS NULL)`;
    }
    return w;
  }
  /** visits of the scope (alias v) */
  visits(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND v.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) w += ` AND v.member_id = ${this.param(this.scope.memberId)}`;
    return w;
  }
  /** active members of the scope (alias u) */
  members(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND u.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) w += ` AND u.id = ${this.param(this.scope.memberId)}`;
    return w;
  }
}
