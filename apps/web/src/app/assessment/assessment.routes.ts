import { Routes } from '@angular/router';
import { allow } from '../core/role-guard';

export const assessmentRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    loadComponent: () => import('./assessment-page').then((m) => m.AssessmentPage),
  },
  { path: 'follow-up', loadComponent: () => import('./follow-up-page').then((m) => m.FollowUpPage) },
  {
    // each member's activity: the page reads GET /api/stats/members
    path: 'members',
    canMatch: [allow('stats.branch')],
    loadComponent: () => import('./member-activity-page').then((m) => m.MemberActivityPage),
  },
];
