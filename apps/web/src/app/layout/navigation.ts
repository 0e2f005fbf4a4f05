import { Action, can, Role } from '@tenplusn/domain';
import { TranslationKey } from '../core/i18n/zh-cn';

export interface NavItem {
  path: string;
  label: TranslationKey;
  icon: string;
  testId: string;
  /**
   * who sees the entry (the permission map): the action of the route guard that opens the page,
   * or a narrower one (role-guard.spec.ts checks that nobody sees an entry they cannot open)
   */
  action: Action;
  /** highlight only on this exact path (the area's start page, a prefix of its other pages) */
  exact?: boolean;
}

/** Entries shown to the roles that may take the action. */
const under = (action: Action, ...items: Omit<NavItem, 'action'>[]): NavItem[] =>
  items.map((item) => ({ ...item, action }));

/** The whole menu in display order; each role sees the entries its permissions allow. */
export const NAV_ITEMS: readonly NavItem[] = [
  ...under(
    'workspace.field',
    { path: '/field/households', label: 'nav.myHouseholds', icon: 'home', testId: 'nav-households' },
    { path: '/field/visit', label: 'nav.logVisit', icon: 'form', testId: 'nav-visit' },
    { path: '/field/tasks', label: 'nav.myTasks', icon: 'unordered-list', testId: 'nav-tasks' },
    { path: '/field/figures', label: 'nav.myFigures', icon: 'bar-chart', testId: 'nav-my-figures' },
  ),
  ...under(
    'workspace.branch',
    { path: '/branch', label: 'nav.triage', icon: 'file-text', testId: 'nav-triage', exact: true },
    { path: '/branch/cases', label: 'nav.caseDesk', icon: 'unordered-list', testId: 'nav-case-desk' },
    { path: '/branch/visit', label: 'nav.logVisit', icon: 'form', testId: 'nav-visit' },
    { path: '/branch/figures', label: 'nav.branchFigures', icon: 'dashboard', testId: 'nav-branch-figures' },
  ),
  ...under(
    'workspace.town',
    { path: '/town', label: 'nav.townDashboard', icon: 'dashboard', testId: 'nav-town', exact: true },
    { path: '/town/cases', label: 'nav.townCases', icon: 'file-text', testId: 'nav-town-cases' },
    { path: '/town/escalated', label: 'nav.escalated', icon: 'unordered-list', testId: 'nav-escalated' },
  ),
  ...under('stats.town', {
    path: '/town/chart',
    label: 'nav.townChart',
    icon: 'bar-chart',
    testId: 'nav-town-chart',
  }),
  ...under('assessment.read', {
    path: '/assessment',
    label: 'nav.assessment',
    icon: 'bar-chart',
    testId: 'nav-assessment',
    exact: true,
  }),
  ...under('reports.followUp', {
    path: '/assessment/follow-up',
    label: 'nav.followUp',
    icon: 'unordered-list',
    testId: 'nav-follow-up',
  }),
  ...under('stats.branch', {
    path: '/assessment/members',
    label: 'nav.memberActivity',
    icon: 'team',
    testId: 'nav-member-activity',
  }),
  // anyone may open the board (to print it); the menu lists it with the assessment
  ...under('assessment.read', { path: '/board', label: 'nav.board', icon: 'file-text', testId: 'nav-board' }),
  ...under('calendar.edit', {
    path: '/town/calendar',
    label: 'nav.calendar',
    icon: 'calendar',
    testId: 'nav-calendar',
  }),
  ...under('households.roster', {
    path: '/households/roster',
    label: 'nav.roster',
    icon: 'team',
    testId: 'nav-roster',
  }),
  ...under('households.manage', {
    path: '/households',
    label: 'nav.households',
    icon: 'home',
    testId: 'nav-hh',
    exact: true,
  }),
  ...under('households.import', {
    path: '/households/import',
    label: 'nav.import',
    icon: 'upload',
    testId: 'nav-import',
  }),
  ...under('users.manage', { path: '/users', label: 'nav.users', icon: 'user', testId: 'nav-users' }),
  ...under('branches.manage', {
    path: '/town/branches',
    label: 'nav.branches',
    icon: 'global',
    testId: 'nav-branches',
  }),
  ...under('audit.personalData', {
    path: '/town/personal-data',
    label: 'nav.personalDataLog',
    icon: 'audit',
    testId: 'nav-personal-data',
  }),
];

/** What the role may open: the menu shows nothing a user cannot use. */
export function navigationFor(role: Role | null): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.action));
}
