import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { currentMonthPeriod, monthOf } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { forkJoin, map } from 'rxjs';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { CaseApi } from '../data/case-api';
import { StatsApi } from '../data/stats-api';
import { RatePipe } from '../town/rate-pipe';

interface MyFigure {
  key: string;
  label: TranslationKey;
  value: string;
  /** beside the value, e.g. "7/12 户" beside the month's coverage */
  aside?: string;
  link?: string;
  bad?: boolean;
}

/** A member's own figures this month (the API scopes the overview to the caller). No charts. */
@Component({
  selector: 'app-my-figures',
  imports: [RouterLink, NzButtonModule, NzResultModule, NzSpinModule, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'myFigures.title' | t: { month: month } }}</h1>
    @if (data.error()) {
      <nz-result nzStatus="warning" [nzTitle]="'errors.UNKNOWN' | t">
        <div nz-result-extra>
          <button nz-button (click)="data.reload()">{{ 'common.retry' | t }}</button>
        </div>
      </nz-result>
    } @else {
      <nz-spin [nzSpinning]="data.isLoading()">
        <section class="figures" data-testid="my-figures">
          @for (f of figures(); track f.key) {
            @if (f.link) {
              <a class="figure" [routerLink]="f.link" [class.bad]="f.bad" [attr.data-testid]="'my-' + f.key">
                <span class="value">{{ f.value }}</span>
                <span class="label">{{ f.label | t }} ›</span>
              </a>
            } @else {
              <div class="figure" [attr.data-testid]="'my-' + f.key">
                <span class="value">
                  {{ f.value }}
                  @if (f.aside) {
                    <span class="aside" [attr.data-testid]="'my-' + f.key + '-count'">{{ f.aside }}</span>
                  }
                </span>
                <span class="label">{{ f.label | t }}</span>
              </div>
            }
          }
        </section>
      </nz-spin>
      <a nz-button nzType="primary" nzBlock routerLink="/field/visit" class="cta">{{ 'nav.logVisit' | t }}</a>
    }
  `,
  styles: `
    .figures {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 8px;
      min-height: 120px;
    }
    .figure {
      display: flex;
      flex-direction: column;
      padding: 12px;
      background: #fff;
      border-radius: 6px;
      border-top: 3px solid #d9d9d9;
      color: inherit;
    }
    .value {
      font-size: 26px;
      font-weight: 600;
      line-height: 1.2;
    }
    .label {
      color: rgba(0, 0, 0, 0.65);
    }
    .aside {
      margin-left: 6px;
      font-size: 15px;
      font-weight: 400;
      color: rgba(0, 0, 0, 0.65);
    }
    .bad {
      border-top-color: #cf1322;
    }
    .bad .value {
      color: #cf1322;
    }
    .cta {
      margin-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyFigures {
  private readonly stats = inject(StatsApi);
  private readonly cases = inject(CaseApi);
  private readonly i18n = inject(I18n);
  private readonly rate = new RatePipe();
  private readonly period = currentMonthPeriod();
  protected readonly month = monthOf(this.period.from);

  protected readonly data = rxResource({
    stream: () =>
      forkJoin({
        overview: this.stats.overview(this.period),
        // my tasks past their due date (the overview's overdue also counts cases I raised)
        overdueTasks: this.cases
          .list({ assigneeId: 'me', overdue: true, page: 1, pageSize: 1 })
          .pipe(map((page) => page.total)),
      }),
  });

  protected readonly figures = computed<MyFigure[]>(() => {
    if (!this.data.hasValue()) return [];
    const value = this.data.value();
    if (!value) return [];
    const { overview: o, overdueTasks } = value;
    return [
      { key: 'visits', label: 'myFigures.visits', value: String(o.visits.count) },
      {
        key: 'visitCoverage',
        label: 'myFigures.visitCoverage',
        value: this.rate.transform(o.coverage.visitCoverageRate),
        aside: this.i18n.t('myFigures.coverageCount', {
          visited: o.coverage.visitedHouseholds,
          total: o.coverage.households,
        }),
      },
      { key: 'received', label: 'myFigures.cases', value: String(o.cases.received), link: '/field/tasks' },
      { key: 'closed', label: 'myFigures.closed', value: String(o.cases.closed) },
      { key: 'open', label: 'myFigures.open', value: String(o.cases.open) },
      {
        key: 'overdue',
        label: 'myFigures.overdueTasks',
        value: String(overdueTasks),
        link: '/field/tasks',
        bad: overdueTasks > 0,
      },
    ];
  });
}
