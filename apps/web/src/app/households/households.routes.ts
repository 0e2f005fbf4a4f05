import { Routes } from '@angular/router';

export const householdRoutes: Routes = [
  { path: '', loadComponent: () => import('./household-list').then((m) => m.HouseholdList) },
  { path: 'roster', loadComponent: () => import('./roster-page').then((m) => m.RosterPage) },
  { path: 'import', loadComponent: () => import('./import-page').then((m) => m.ImportPage) },
  { path: ':id', loadComponent: () => import('./household-detail').then((m) => m.HouseholdDetailPage) },
];
