import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  signal,
} from '@angular/core';
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
import { FieldLabel } from '../core/field-label';
import { branchRateChart, branchRateChartHeight } from './branch-rate-chart';
import { sortBranchRows } from './branch-sort';

/** Closure rate by branch for a month, as a bar chart (ECharts is loaded with this route only). */
@Component({
  selector: 'app-branch-chart',
  imports: [
    FieldLabel,
    FormsModule,
    NgxEchartsDirective,
    NzCardModule,
    NzDatePickerModule,
    NzEmptyModule,
    NzSpinModule,
    TranslatePipe,
  ],
  template: `
    <div class="toolbar">
      <h1 class="page-title">{{ 'town.chartTitle' | t }}</h1>
      <nz-date-picker
        nzMode="month"
        [appFieldLabel]="'town.month' | t"
        [nzAllowClear]="false"
        [ngModel]="month()"
        (ngModelChange)="month.set($event)"
      />
    </div>
    <nz-card>
      <nz-spin [nzSpinning]="rows.isLoading()">
        @if (hasData()) {
          <div
            echarts
            [options]="options()"
            style="display: block; width: 100%"
            [style.height.px]="height()"
            data-testid="branch-chart"
          ></div>
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
  protected readonly height = computed(() => branchRateChartHeight(this.data().length));

  protected readonly options = computed<EChartsCoreOption>(() => {
    // the dashboard's order (sortBranchRows): best first, branches without cases last, ties by name
    return branchRateChart(
      sortBranchRows(this.data(), 'closureRate', 'descend'),
      this.i18n.t('town.closureRate'),
    );
  });
}
