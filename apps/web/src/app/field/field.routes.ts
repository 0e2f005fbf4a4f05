import { Routes } from '@angular/router';

export const fieldRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'households' },
  { path: 'households', loadComponent: () => import('./my-households').then((m) => m.MyHouseholds) },
  { path: 'visit', loadComponent: () => import('./visit-form').then((m) => m.VisitForm) },
  { path: 'tasks', loadComponent: () => import('./my-tasks').then((m) => m.MyTasks) },
  { path: 'figures', loadComponent: () => import('./my-figures').then((m) => m.MyFigures) },
  { path: 'pending', loadComponent: () => import('./pending-visits').then((m) => m.PendingVisits) },
];
