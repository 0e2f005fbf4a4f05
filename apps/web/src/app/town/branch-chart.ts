import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { StatsApi } from '../data/stats-api';
import { currentMonthStart, periodOfPickedMonth } from './month';

/** Closure rate by branch for a month, as a bar chart (ECharts is loaded with this route only). */
@Component({
  selector: 'app-branch-chart',
  imports: [FormsModule, NgxEchartsDirective, NzCardModule, NzDatePickerModule, NzEmptyModule, NzSpinModule, TranslatePipe],
  template: `
    <div class="toolbar">
      <h1 class="page-title">{{ 'town.chartTitle' | t }}</h1>
      <nz-date-picker nzMode="month" [nzAllowClear]="false" [ngModel]="month()" (ngModelChange)="month.set($event)" />
    </div>
    <nz-card>
      <nz-spin [nzSpinning]="rows.isLoading()">
        @if (hasData()) {
          <div echarts [options]="options()" style="display: block; height: 420px; width: 100%" data-testid="branch-chart"></div>
        } @else if (!rows.isLoading()) {
          <nz-empty [nzNotFoundContent]="'town.chartEmpty' | t" />
        }
      </nz-spin>
    </nz-card>
  `,
  styleUrl: './month-picker-zorro.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
})
export class BranchChart {
  private readonly stats = inject(StatsApi);
  private readonly i18n = inject(I18n);
  protected readonly month = signal<Date>(currentMonthStart());
  protected readonly rows = rxResource({
    params: () => periodOfPickedMonth(this.month()),
    stream: ({ params }) => this.stats.branches(params),
  });
  protected readonly data = computed(() => (this.rows.hasValue() ? (this.rows.value() ?? []) : []));
  protected readonly hasData = computed(() => this.data().length > 0);

  protected readonly options = computed<EChartsCoreOption>(() => {
    const rows = [...this.data()].sort((a, b) => (b.closureRate ?? -1) - (a.closureRate ?? -1));
    const label = this.i18n.t('town.closureRate');
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.branchName), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, name: label },
      series: [
        {
          type: 'bar',
          name: label,
          data: rows.map((r) => (r.closureRate === null ? null : Math.round(r.closureRate * 1000) / 10)),
          itemStyle: { color: '#c8102e' },
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
      ],
    };
  });
}
