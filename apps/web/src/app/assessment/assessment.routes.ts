import { Routes } from '@angular/router';

export const assessmentRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    loadComponent: () => import('./assessment-page').then((m) => m.AssessmentPage),
  },
  { path: 'follow-up', loadComponent: () => import('./follow-up-page').then((m) => m.FollowUpPage) },
];
