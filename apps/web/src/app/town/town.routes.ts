import { Routes } from '@angular/router';
import { ESCALATED_QUEUE_STATUSES } from '@tenplusn/domain';
import { echartsProvider } from './echarts-provider';

export const townRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    providers: [echartsProvider],
    loadComponent: () => import('./town-dashboard').then((m) => m.TownDashboard),
  },
  { path: 'cases', loadComponent: () => import('./town-cases').then((m) => m.TownCases) },
  {
    path: 'escalated',
    data: {
      preset: { escalated: 'true', status: ESCALATED_QUEUE_STATUSES.join(',') },
      title: 'town.escalatedQueue',
    },
    loadComponent: () => import('./town-cases').then((m) => m.TownCases),
  },
  { path: 'branches', loadComponent: () => import('./branches-page').then((m) => m.BranchesPage) },
  { path: 'calendar', loadComponent: () => import('../calendar/calendar-page').then((m) => m.CalendarPage) },
  {
    path: 'personal-data',
    loadComponent: () => import('./personal-data-log').then((m) => m.PersonalDataLogPage),
  },
  // ECharts is loaded with this route only.
  { path: 'chart', loadChildren: () => import('./chart.routes').then((m) => m.chartRoutes) },
];
