import { Routes } from '@angular/router';
import { echartsProvider } from '../town/echarts-provider';

export const branchRoutes: Routes = [
  { path: '', loadComponent: () => import('./triage-board').then((m) => m.TriageBoard) },
  {
    // the town's figures dashboard, scoped to the secretary's branch by the API
    path: 'figures',
    data: { scope: 'branch' },
    providers: [echartsProvider],
    loadComponent: () => import('../town/town-dashboard').then((m) => m.TownDashboard),
  },
];
