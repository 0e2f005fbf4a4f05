import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { BranchApi } from '../data/branch-api';
import { StatsApi } from '../data/stats-api';
import { currentMonthStart, periodOfPickedMonth } from './month';
import { RatePipe } from './rate-pipe';

interface Figure {
  key: string;
  label: TranslationKey;
  value: string;
  emphasis?: 'good' | 'bad';
}

/** The town office's headline figures for a month (definitions in libs/domain metrics). */
@Component({
  selector: 'app-town-dashboard',
  imports: [
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzResultModule,
    NzSelectModule,
    NzSpinModule,
    TranslatePipe,
  ],
  templateUrl: './town-dashboard.html',
  styleUrls: ['../town/month-picker-zorro.less', './town-dashboard.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class TownDashboard {
  private readonly stats = inject(StatsApi);
  private readonly branchApi = inject(BranchApi);
  private readonly rate = new RatePipe();

  protected readonly month = signal<Date>(currentMonthStart());
  protected readonly branchId = signal<string | null>(null);
  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly overview = rxResource({
    params: () => ({ period: periodOfPickedMonth(this.month()), branchId: this.branchId() }),
    stream: ({ params }) => this.stats.overview(params.period, params.branchId),
  });

  protected readonly figures = computed<Figure[]>(() => {
    if (!this.overview.hasValue()) return [];
    const o = this.overview.value();
    if (!o) return [];
    const n = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
    return [
      { key: 'received', label: 'town.received', value: n(o.cases.received) },
      { key: 'closed', label: 'town.closed', value: n(o.cases.closed) },
      { key: 'closureRate', label: 'town.closureRate', value: this.rate.transform(o.cases.closureRate), emphasis: 'good' },
      { key: 'onTimeRate', label: 'town.onTimeRate', value: this.rate.transform(o.cases.onTimeRate) },
      { key: 'satisfactionRate', label: 'town.satisfactionRate', value: this.rate.transform(o.cases.satisfactionRate) },
      { key: 'overdue', label: 'town.overdue', value: n(o.cases.overdue), emphasis: o.cases.overdue > 0 ? 'bad' : undefined },
      { key: 'coverageRate', label: 'town.coverageRate', value: this.rate.transform(o.coverage.coverageRate) },
      { key: 'visitCoverageRate', label: 'town.visitCoverageRate', value: this.rate.transform(o.coverage.visitCoverageRate) },
    ];
  });

  protected readonly details = computed<Figure[]>(() => {
    if (!this.overview.hasValue()) return [];
    const o = this.overview.value();
    if (!o) return [];
    const n = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
    return [
      { key: 'suggestions', label: 'town.suggestions', value: n(o.cases.suggestions) },
      { key: 'problems', label: 'town.problems', value: n(o.cases.problems) },
      { key: 'open', label: 'town.open', value: n(o.cases.open) },
      { key: 'rejected', label: 'town.rejected', value: n(o.cases.rejected) },
      {
        key: 'medianHours',
        label: 'town.medianHours',
        value: o.cases.medianHoursToClose === null ? '—' : String(Math.round(o.cases.medianHoursToClose * 10) / 10),
      },
      { key: 'households', label: 'town.households', value: n(o.coverage.households) },
      { key: 'visits', label: 'town.visits', value: n(o.visits?.count) },
      { key: 'inactiveMembers', label: 'town.inactiveMembers', value: n(o.visits?.inactiveMembers) },
    ];
  });

  protected readonly disabledMonth = (date: Date) => date.getTime() > Date.now();
}
