import { Routes } from '@angular/router';
import { echartsProvider } from '../town/echarts-provider';

export const branchRoutes: Routes = [
  { path: '', loadComponent: () => import('./triage-board').then((m) => m.TriageBoard) },
  // a secretary visits households too: the member's visit form, over the branch's households
  { path: 'visit', loadComponent: () => import('../field/visit-form').then((m) => m.VisitForm) },
  // the case desk: every case of the branch, every filter, the state in the URL
  {
    path: 'cases',
    data: { scope: 'branch' },
    loadComponent: () => import('../town/town-cases').then((m) => m.TownCases),
  },
  {
    // the town's figures dashboard, scoped to the secretary's branch by the API
    path: 'figures',
    data: { scope: 'branch' },
    providers: [echartsProvider],
    loadComponent: () => import('../town/town-dashboard').then((m) => m.TownDashboard),
  },
];
