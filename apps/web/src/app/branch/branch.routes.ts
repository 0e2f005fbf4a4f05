import { Routes } from '@angular/router';

export const branchRoutes: Routes = [
  { path: '', loadComponent: () => import('./triage-board').then((m) => m.TriageBoard) },
];
