import { Routes } from '@angular/router';

/** every page of the member's field work is preloaded for offline use (core/offline-preload.ts) */
const offline = { offline: true };

export const fieldRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'households' },
  {
    path: 'households',
    loadComponent: () => import('./my-households').then((m) => m.MyHouseholds),
    data: offline,
  },
  { path: 'visit', loadComponent: () => import('./visit-form').then((m) => m.VisitForm), data: offline },
  { path: 'tasks', loadComponent: () => import('./my-tasks').then((m) => m.MyTasks), data: offline },
  { path: 'figures', loadComponent: () => import('./my-figures').then((m) => m.MyFigures), data: offline },
  {
    path: 'pending',
    loadComponent: () => import('./pending-visits').then((m) => m.PendingVisits),
    data: offline,
  },
];
