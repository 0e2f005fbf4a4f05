import { Routes } from '@angular/router';

export const caseRoutes: Routes = [
  { path: ':id', loadComponent: () => import('./case-detail').then((m) => m.CaseDetailPage) },
  { path: '', pathMatch: 'full', redirectTo: '/' },
];
