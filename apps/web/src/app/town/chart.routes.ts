import { Routes } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';

export const chartRoutes: Routes = [
  {
    path: '',
    // echarts/core with only the bar chart, fetched when this route opens.
    providers: [provideEchartsCore({ echarts: () => import('./echarts-bar').then((m) => m.echarts) })],
    loadComponent: () => import('./branch-chart').then((m) => m.BranchChart),
  },
];
