import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NgTemplateOutlet } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  BRANCH_TABLE_METRICS,
  UNFINISHED_STATUSES,
  BranchStatsRow,
  CaseCategory,
  DASHBOARD_CARDS,
  DASHBOARD_DETAILS,
  MetricKey,
  Period,
  flattenFigures,
  formatMetric,
  formatShanghai,
  metric,
  metricLabel,
  monthPeriod,
} from '@tenplusn/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { map } from 'rxjs';
import { I18n, TranslationParams } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { BranchApi } from '../data/branch-api';
import { CaseQuery } from '../data/case-api';
import { ReportApi } from '../data/report-api';
import { StatsApi } from '../data/stats-api';
import { BRANCH_COLUMNS, BranchColumn, SortOrder, sortBranchRows } from './branch-sort';
import { saveDownload } from './download';
import { PeriodChoice, monthOfPeriod } from './period';
import { UrlPeriod } from './url-period';
import { PeriodPicker } from './period-picker';
import { FieldLabel } from '../core/field-label';
import { branchRateChart, branchRateChartHeight } from './branch-rate-chart';

interface Figure {
  /** the metric registry's key: label, formula in the tooltip, "as of now", format */
  key: MetricKey;
  label: string;
  value: string;
  emphasis?: 'good' | 'bad';
  /** the case list behind the number (staff only) */
  drill?: DrillKind;
}

/** The figures that drill into the town case list (received in the period, or overdue now). */
type DrillKind = 'received' | 'closed' | 'open' | 'overdue';
const DRILLS: readonly MetricKey[] = ['received', 'closed', 'open', 'overdue'];
const drillOf = (key: MetricKey): DrillKind | undefined =>
  DRILLS.includes(key) ? (key as DrillKind) : undefined;
/** the figures whose label names the period ("本月走访次数", "10月走访覆盖率") */
const PERIOD_WORDED: readonly MetricKey[] = ['visits', 'visitCoverageRate', 'inactiveMembers'];
/** the headline figure (the closure rate) stands out */
const HEADLINE: MetricKey = 'closureRate';

/** Twelve months of trend ending with the picked period (a free range: the range itself). */
export function trendPeriod(period: Period, mode: PeriodChoice['mode']): Period {
  if (mode === 'range') return period;
  const local = new Date(period.from.getTime() + 8 * 3600_000);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1));
  return {
    from: monthPeriod(`${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`).from,
    to: period.to,
  };
}

/**
 * The figures dashboard: the town's (staff, any branch or all) or a secretary's own branch
 * (route data scope: 'branch'). Definitions in libs/domain metrics; charts with ECharts,
 * provided by the route so that only these pages fetch it.
 */
@Component({
  selector: 'app-town-dashboard',
  imports: [
    PeriodPicker,
    FieldLabel,
    FormsModule,
    NgTemplateOutlet,
    RouterLink,
    NgxEchartsDirective,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzEmptyModule,
    NzRadioModule,
    LoadFailed,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    NzTooltipModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './town-dashboard.html',
  styleUrls: [
    './month-picker-zorro.less',
    './figure-tooltip-zorro.less',
    '../cases/case-table-zorro.less',
    './town-dashboard.css',
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class TownDashboard {
  private readonly stats = inject(StatsApi);
  private readonly branchApi = inject(BranchApi);
  private readonly reports = inject(ReportApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly router = inject(Router);

  /** route data: 'branch' (a secretary's own branch); none is the town (the router binds undefined) */
  readonly scope = input<'town' | 'branch' | undefined>('town');
  protected readonly isTown = computed(() => this.scope() !== 'branch');

  /**
   * Query parameters: every filter lives in the URL, so a reload and Back after a drill-down
   * give the same dashboard. The signals below start from them and write them back.
   */
  readonly month = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly branchId = input<string>();
  readonly sort = input<string>();
  readonly order = input<string>();

  /** the period picker, read from and written to the URL */
  protected readonly picker = new UrlPeriod({ month: this.month, from: this.from, to: this.to }, this.i18n);
  protected readonly mode = this.picker.mode;
  protected readonly period = this.picker.period;
  protected readonly branchFilter = linkedSignal<string | null>(() =>
    this.isTown() ? this.branchId() || null : null,
  );
  /** what the period is to its reader: the current month (running), another month, a range */
  protected readonly reading = this.picker.reading;
  /** the {period} of the labels that depend on it: 本月 only for the current month */
  protected readonly periodWord = computed<TranslationParams>(() => {
    const r = this.reading();
    if (r?.kind === 'current_month') return { period: this.i18n.t('fig.thisMonth') };
    if (r?.kind === 'month')
      return { period: this.i18n.t('fig.inMonth', { month: Number(r.month.slice(5)) }) };
    return { period: this.i18n.t('fig.inRange') };
  });
  /** the period in words under the title, with "running, as of …" while it is not over */
  protected readonly periodCaption = this.picker.caption;
  protected readonly asOf = computed(() => formatShanghai(new Date()).slice(5, 16));

  protected readonly branches = rxResource({
    params: () => (this.isTown() ? true : undefined),
    stream: () => this.branchApi.list(),
  });
  protected readonly overview = rxResource({
    params: () => {
      const period = this.period();
      return period ? { period, branchId: this.branchFilter() } : undefined;
    },
    stream: ({ params }) => this.stats.overview(params.period, params.branchId),
  });
  protected readonly trend = rxResource({
    params: () => {
      const period = this.period();
      return period ? { period: trendPeriod(period, this.mode()), branchId: this.branchFilter() } : undefined;
    },
    stream: ({ params }) => this.stats.trend(params.period, params.branchId),
  });
  protected readonly branchRows = rxResource({
    params: () => {
      const period = this.period();
      return period && this.isTown() ? period : undefined;
    },
    stream: ({ params }) => this.stats.branches(params),
  });
  /** cases received in the period by category (one request: GET /api/stats/categories) */
  protected readonly byCategory = rxResource({
    params: () => {
      const period = this.period();
      return period ? { period, branchId: this.branchFilter() } : undefined;
    },
    stream: ({ params }) =>
      this.stats
        .categories(params.period, params.branchId)
        .pipe(map((rows) => rows.map((r) => ({ category: r.category, total: r.received })))),
  });
  protected readonly categoryMax = computed(() =>
    Math.max(1, ...(this.byCategory.hasValue() ? (this.byCategory.value() ?? []) : []).map((r) => r.total)),
  );

  protected readonly sortColumn = linkedSignal<BranchColumn | null>(() =>
    (BRANCH_COLUMNS as readonly string[]).includes(this.sort() ?? '')
      ? (this.sort() as BranchColumn)
      : 'closureRate',
  );
  protected readonly sortOrder = linkedSignal<SortOrder>(() =>
    this.order() === 'ascend' ? 'ascend' : 'descend',
  );
  protected readonly sortedBranches = computed(() =>
    sortBranchRows(
      this.branchRows.hasValue() ? (this.branchRows.value() ?? []) : [],
      this.sortColumn(),
      this.sortOrder(),
    ),
  );
  protected readonly exporting = signal<string | null>(null);
  /** the branch table's columns, from the metric registry (BRANCH_TABLE_METRICS) */
  protected readonly columns = computed(() => {
    const language = this.i18n.language();
    return BRANCH_TABLE_METRICS.map((key) => ({
      key,
      label: metricLabel(key, language),
      drill: drillOf(key),
    }));
  });
  /** a branch row's figure as text (counts, rates with one decimal, '—' without a denominator) */
  protected cell(row: BranchStatsRow, key: MetricKey): string {
    return formatMetric(key, row[key]);
  }

  /** the headline cards and the smaller ones, from the metric registry (DASHBOARD_CARDS, DASHBOARD_DETAILS) */
  protected readonly figures = computed(() => this.figuresOf(DASHBOARD_CARDS));
  protected readonly details = computed(() => this.figuresOf(DASHBOARD_DETAILS));

  private figuresOf(keys: readonly MetricKey[]): Figure[] {
    const o = this.overview.hasValue() ? this.overview.value() : undefined;
    const language = this.i18n.language();
    const period = this.periodWord()['period'];
    const labelOf = (key: MetricKey) => {
      const label = metricLabel(key, language);
      return PERIOD_WORDED.includes(key)
        ? this.i18n.t('fig.periodLabel', { period: String(period), label })
        : label;
    };
    // while the figures load, the cards hold their places (no value, no link), so the charts
    // below do not jump down when they arrive (Lighthouse: layout shift 0.48 on a phone)
    if (!o) return keys.map((key) => ({ key, label: labelOf(key), value: '\u00a0' }));
    const flat = flattenFigures(o);
    return keys.map((key) => {
      const value = flat[key] as number | null | undefined;
      const def = metric(key);
      const bad =
        (key === 'overdue' || (def.format === 'rate' && def.higherIsBetter === false)) &&
        !!value &&
        value > 0;
      return {
        key,
        label: labelOf(key),
        value: formatMetric(key, value),
        emphasis: bad ? 'bad' : key === HEADLINE ? 'good' : undefined,
        drill: drillOf(key),
      };
    });
  }

  protected readonly trendOptions = computed<EChartsCoreOption | null>(() => {
    const points = this.trend.hasValue() ? (this.trend.value() ?? []) : [];
    if (!points.length) return null;
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.month) },
      yAxis: [
        // headroom above the tallest bar for the closure-rate labels
        {
          type: 'value',
          minInterval: 1,
          max: (v: { max: number }) => Math.max(5, Math.ceil(v.max * 1.4)),
          name: this.i18n.t('town.received'),
        },
        {
          type: 'value',
          min: 0,
          max: 140,
          interval: 20,
          axisLabel: { formatter: (v: number) => (v <= 100 ? `${v}%` : '') },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: this.i18n.t('town.received'),
          data: points.map((p) => p.received),
          itemStyle: { color: '#d9d9d9' },
        },
        {
          type: 'bar',
          name: this.i18n.t('town.closed'),
          data: points.map((p) => p.closed),
          itemStyle: { color: '#8c8c8c' },
        },
        {
          type: 'line',
          name: this.i18n.t('town.closureRate'),
          yAxisIndex: 1,
          data: points.map((p) => pct(p.closureRate)),
          connectNulls: false,
          itemStyle: { color: '#c8102e' },
          label: { show: points.length <= 12, formatter: '{c}%' },
        },
      ],
    };
  });

  protected readonly branchChartOptions = computed<EChartsCoreOption | null>(() => {
    const rows = sortBranchRows(
      this.branchRows.hasValue() ? (this.branchRows.value() ?? []) : [],
      'closureRate',
      'descend',
    );
    if (!rows.length) return null;
    return branchRateChart(rows, this.i18n.t('town.closureRate'));
  });
  protected readonly branchChartHeight = computed(() =>
    branchRateChartHeight(this.branchRows.hasValue() ? (this.branchRows.value()?.length ?? 0) : 0),
  );

  /** the tooltip of a figure: its formula in the current language */
  protected formula(key: MetricKey): string {
    const { explain } = metric(key);
    return this.i18n.language() === 'en' ? explain.en : explain.zh;
  }
  protected asOfNow(key: MetricKey): boolean {
    return metric(key).asOfNow;
  }

  protected setBranch(branchId: string | null): void {
    this.branchFilter.set(branchId);
    this.writeUrl();
  }

  /** Every filter into the URL (replacing the entry: Back leaves the dashboard, not one filter). */
  protected writeUrl(): void {
    const sortColumn = this.sortColumn();
    const defaultSort = sortColumn === 'closureRate' && this.sortOrder() === 'descend';
    void this.router.navigate([], {
      queryParams: {
        ...this.picker.queryParams(),
        branchId: this.branchFilter(),
        sort: defaultSort || !sortColumn ? null : sortColumn,
        order: defaultSort || !sortColumn ? null : this.sortOrder(),
      },
      replaceUrl: true,
    });
  }

  /**
   * A header's sort changed. When another column takes over, ng-zorro also tells the column
   * that had the sort that it has none: that must not clear the new one.
   */
  protected sortBy(column: BranchColumn, order: string | null): void {
    if (!order && column !== this.sortColumn()) return;
    this.sortColumn.set(order ? column : null);
    this.sortOrder.set((order as SortOrder) ?? null);
    this.writeUrl();
  }

  /** from/to of the case list for the period (received in the period) */
  private periodQuery(period: Period): Pick<CaseQuery, 'from' | 'to'> {
    return { from: period.from.toISOString(), to: period.to.toISOString() };
  }

  /** query params of the town case list behind a number */
  protected drill(
    what: DrillKind | 'category',
    branchId: string | null,
    category?: CaseCategory,
  ): Record<string, string> {
    const period = this.period();
    const q: Record<string, string> = {};
    if (branchId) q['branchId'] = branchId;
    if (what === 'overdue') q['overdue'] = 'true';
    else if (period) {
      // received in the period (the definitions count closed and open among those)
      q['from'] = period.from.toISOString();
      q['to'] = period.to.toISOString();
      if (what === 'closed') q['status'] = 'closed';
      if (what === 'open') q['status'] = UNFINISHED_STATUSES.join(',');
      if (category) q['category'] = category;
    }
    return q;
  }

  protected exportCases(format: 'xlsx' | 'csv'): void {
    const period = this.period();
    if (!period) return;
    this.download(
      format,
      this.reports.cases(format, { ...this.periodQuery(period), branchId: this.branchFilter() }),
      `cases.${format}`,
    );
  }

  protected exportMonthly(): void {
    const period = this.period();
    if (!period) return;
    const month = monthOfPeriod(period);
    this.download('monthly', this.reports.monthly(month), `monthly-report-${month}.xlsx`);
  }

  private download(key: string, request: ReturnType<ReportApi['monthly']>, fallback: string): void {
    this.exporting.set(key);
    request.subscribe({
      next: (response) => {
        saveDownload(response, fallback);
        this.exporting.set(null);
      },
      error: () => {
        this.message.error(this.i18n.t('town.exportFailed'));
        this.exporting.set(null);
      },
    });
  }
}
