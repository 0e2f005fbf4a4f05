import { Actor, manageableRoles, needsBranch, Role } from '@tenplusn/domain';

/** The roles the form offers and the branch it fixes: a secretary creates members of their own branch only. */
export function userFormRules(actor: Actor): { roles: readonly Role[]; fixedBranchId: string | null } {
  return {
    roles: manageableRoles(actor),
    fixedBranchId: actor.role === 'secretary' ? actor.branchId : null,
  };
}

/** The branchId to send for a role: required (and kept) for member/secretary, dropped for staff. */
export function branchFor(role: Role, branchId: string | null | undefined): string | null {
  return needsBranch(role) ? (branchId ?? null) : null;
}
