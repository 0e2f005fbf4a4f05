export const ROLES = ['member', 'secretary', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** The identity every permission decision is made about (the JWT claims). */
export interface Actor {
  id: string;
  role: Role;
  /** null for staff: the town office belongs to no branch. */
  branchId: string | null;
}

export const isStaff = (actor: Actor): boolean => actor.role === 'staff';

/** True when the actor manages the given branch: its secretary, or any staff user. */
export function managesBranch(actor: Actor, branchId: string): boolean {
  return actor.role === 'staff' || (actor.role === 'secretary' && actor.branchId === branchId);
}

/**
 * True when the actor may read objects of the given branch at all (row scope). Objects of no
 * branch (staff accounts) are the town office's only.
 */
export function seesBranch(actor: Actor, branchId: string | null): boolean {
  return actor.role === 'staff' || (branchId !== null && actor.branchId === branchId);
}

/** Members and secretaries belong to a branch; the town office (staff) to none. */
export function needsBranch(role: Role): boolean {
  return role !== 'staff';
}

/** Which roles an actor may create or edit accounts for. */
export function manageableRoles(actor: Actor): readonly Role[] {
  if (actor.role === 'staff') return ROLES;
  if (actor.role === 'secretary') return ['member'];
  return [];
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
