import { Routes } from '@angular/router';

export const townRoutes: Routes = [
  { path: '', loadComponent: () => import('./town-dashboard').then((m) => m.TownDashboard) },
  { path: 'cases', loadComponent: () => import('./town-cases').then((m) => m.TownCases) },
  // ECharts is loaded with this route only.
  { path: 'chart', loadChildren: () => import('./chart.routes').then((m) => m.chartRoutes) },
];
