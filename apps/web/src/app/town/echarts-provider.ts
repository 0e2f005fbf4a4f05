import { provideEchartsCore } from 'ngx-echarts';

/** echarts/core with only the charts used, fetched when a figures page opens (never by the member area). */
export const echartsProvider = provideEchartsCore({
  echarts: () => import('./echarts-bar').then((m) => m.echarts),
});
