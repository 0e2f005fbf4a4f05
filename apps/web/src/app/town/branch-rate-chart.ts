import type { EChartsCoreOption } from 'echarts/core';

/** Height of the branch closure-rate chart: one 28-px bar per branch, so twelve names never overlap. */
export function branchRateChartHeight(branches: number): number {
  return Math.max(160, branches * 28 + 48);
}

/**
 * Closure rate by branch as horizontal bars, best first: the branch names sit on the
 * vertical axis, one per line, readable at 360 px as at 1280 (rotated names under vertical
 * bars overlapped once there were more than a few branches).
 */
export function branchRateChart(
  rows: readonly { branchName: string; closureRate: number | null }[],
  label: string,
): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.branchName),
      axisLabel: { interval: 0 },
      axisTick: { show: false },
    },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, interval: 25 },
    series: [
      {
        type: 'bar',
        name: label,
        barMaxWidth: 18,
        data: rows.map((r) => (r.closureRate === null ? null : Math.round(r.closureRate * 1000) / 10)),
        itemStyle: { color: '#c8102e' },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
}
