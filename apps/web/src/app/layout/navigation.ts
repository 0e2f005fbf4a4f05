import { Role } from '@tenplusn/domain';
import { TranslationKey } from '../core/i18n/zh-cn';

export interface NavItem {
  path: string;
  label: TranslationKey;
  icon: string;
  testId: string;
  /** highlight only on this exact path (the area's start page, a prefix of its other pages) */
  exact?: boolean;
}

/** What each role may open: the menu shows nothing a user cannot use. */
const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  member: [
    { path: '/field/households', label: 'nav.myHouseholds', icon: 'home', testId: 'nav-households' },
    { path: '/field/visit', label: 'nav.logVisit', icon: 'form', testId: 'nav-visit' },
    { path: '/field/tasks', label: 'nav.myTasks', icon: 'unordered-list', testId: 'nav-tasks' },
    { path: '/field/figures', label: 'nav.myFigures', icon: 'bar-chart', testId: 'nav-my-figures' },
  ],
  secretary: [
    { path: '/branch', label: 'nav.triage', icon: 'file-text', testId: 'nav-triage', exact: true },
    { path: '/branch/cases', label: 'nav.caseDesk', icon: 'unordered-list', testId: 'nav-case-desk' },
    { path: '/branch/visit', label: 'nav.logVisit', icon: 'form', testId: 'nav-visit' },
    { path: '/branch/figures', label: 'nav.branchFigures', icon: 'dashboard', testId: 'nav-branch-figures' },
    { path: '/assessment', label: 'nav.assessment', icon: 'bar-chart', testId: 'nav-assessment', exact: true },
    { path: '/assessment/follow-up', label: 'nav.followUp', icon: 'unordered-list', testId: 'nav-follow-up' },
    { path: '/board', label: 'nav.board', icon: 'file-text', testId: 'nav-board' },
    { path: '/households/roster', label: 'nav.roster', icon: 'team', testId: 'nav-roster' },
    { path: '/households', label: 'nav.households', icon: 'home', testId: 'nav-hh', exact: true },
    { path: '/households/import', label: 'nav.import', icon: 'upload', testId: 'nav-import' },
    { path: '/users', label: 'nav.users', icon: 'user', testId: 'nav-users' },
  ],
  staff: [
    { path: '/town', label: 'nav.townDashboard', icon: 'dashboard', testId: 'nav-town', exact: true },
    { path: '/town/cases', label: 'nav.townCases', icon: 'file-text', testId: 'nav-town-cases' },
    { path: '/town/escalated', label: 'nav.escalated', icon: 'unordered-list', testId: 'nav-escalated' },
    { path: '/town/chart', label: 'nav.townChart', icon: 'bar-chart', testId: 'nav-town-chart' },
    { path: '/assessment', label: 'nav.assessment', icon: 'bar-chart', testId: 'nav-assessment', exact: true },
    { path: '/assessment/follow-up', label: 'nav.followUp', icon: 'unordered-list', testId: 'nav-follow-up' },
    { path: '/board', label: 'nav.board', icon: 'file-text', testId: 'nav-board' },
    { path: '/town/calendar', label: 'nav.calendar', icon: 'calendar', testId: 'nav-calendar' },
    { path: '/households/roster', label: 'nav.roster', icon: 'team', testId: 'nav-roster' },
    { path: '/households', label: 'nav.households', icon: 'home', testId: 'nav-hh', exact: true },
    { path: '/households/import', label: 'nav.import', icon: 'upload', testId: 'nav-import' },
    { path: '/users', label: 'nav.users', icon: 'user', testId: 'nav-users' },
    { path: '/town/branches', label: 'nav.branches', icon: 'global', testId: 'nav-branches' },
    { path: '/town/personal-data', label: 'nav.personalDataLog', icon: 'audit', testId: 'nav-personal-data' },
  ],
};

export function navigationFor(role: Role | null): NavItem[] {
  return role ? NAV_BY_ROLE[role] : [];
}
