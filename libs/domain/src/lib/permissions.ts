import { CASE_ACTIONS, CaseAction, caseActionRoles } from './case-workflow';
import { Role, ROLES } from './roles';

/*
 * Who may do what: the one permission map. Every API route names one action (@Allow in the
 * API, checked by the global RolesGuard); every web area, menu entry and button that depends on
 * the role asks `can(role, action)`; each role starts on the first of the web's HOME_PAGES it
 * may open (apps/web/src/app/core/auth-store.ts). The access matrix test
 * (apps/api/test/access-matrix.test.ts) expects 403 from every route for every role its action
 * leaves out.
 *
 * This decides by role only. Which rows a caller sees (their branch, their own households and
 * cases) is row scope, decided by the services; who may move a case, by CASE_TRANSITIONS.
 */

const ANYONE = ROLES;
/** the branch secretary and the town office */
const MANAGERS = ['secretary', 'staff'] as const satisfies readonly Role[];
const STAFF = ['staff'] as const satisfies readonly Role[];

const DECLARED = {
  // the caller's own account and inbox; the reference data every page reads
  'account.self': ANYONE,
  'inbox.use': ANYONE,
  'branches.read': ANYONE,
  'branches.manage': STAFF,
  'calendar.read': ANYONE,
  'calendar.edit': STAFF,
  /** accounts: a secretary the members of their branch, staff everyone */
  'users.manage': MANAGERS,

  'households.read': ANYONE,
  /** create and edit households, name their contact members; the web's households area */
  'households.manage': MANAGERS,
  'households.roster': MANAGERS,
  'households.import': MANAGERS,
  /** the personal-data erasure, with its log */
  'households.erase': STAFF,

  'visits.read': ANYONE,
  /** the town office does not visit households */
  'visits.create': ['member', 'secretary'],

  'cases.read': ANYONE,
  'cases.create': ANYONE,
  'cases.comment': ANYONE,

  /** overview and categories, scoped to what the caller sees */
  'stats.read': ANYONE,
  /** a branch's breakdown: each member's activity, the monthly trend */
  'stats.branch': MANAGERS,
  /** the branches side by side (the town dashboard) */
  'stats.town': STAFF,
  /** the village board (printed for the notice board) */
  'board.read': ANYONE,
  /** assessment weights, frozen periods, the follow-up lists */
  'assessment.read': MANAGERS,
  'assessment.configure': STAFF,
  'periods.freeze': STAFF,
  'periods.report': STAFF,
  'reports.cases': MANAGERS,
  'reports.followUp': MANAGERS,
  /** each member's activity (党员履职情况) as Excel: a secretary their branch, staff any */
  'reports.members': MANAGERS,
  'reports.monthly': STAFF,
  'audit.personalData': STAFF,

  // the web's workspaces: each role's own pages (no API route names these)
  'workspace.field': ['member'],
  'workspace.branch': ['secretary'],
  'workspace.town': STAFF,
} as const satisfies Record<string, readonly Role[]>;

/** The case transitions, one action each: `cases.assign`, `cases.start`, ... */
export type CaseTransitionAction = `cases.${CaseAction}`;
export type Action = keyof typeof DECLARED | CaseTransitionAction;

export const caseTransitionAction = (action: CaseAction): CaseTransitionAction => `cases.${action}`;

/** Every action and the roles that may take it. */
export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  ...DECLARED,
  // the roles follow each transition's `who` in CASE_TRANSITIONS (written there once)
  ...(Object.fromEntries(CASE_ACTIONS.map((a) => [caseTransitionAction(a), caseActionRoles(a)])) as Record<
    CaseTransitionAction,
    readonly Role[]
  >),
};

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export const isAction = (value: unknown): value is Action =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, value);

/** The roles that may take the action. */
export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}

/** May this role take the action? Nobody (null: signed out) may take any. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role != null && isAction(action) && PERMISSIONS[action].includes(role);
}

/** Everything a role may do, in the map's order. */
export function actionsOf(role: Role): Action[] {
  return ACTIONS.filter((a) => can(role, a));
}
