import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ACTIVE_WORK_STATUSES } from '@tenplusn/domain';
import { forkJoin, map } from 'rxjs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseApi } from '../data/case-api';

/**
 * The count of what is due, first on the member's home: the cases assigned to me that are
 * not done yet and how many of them are overdue, a tap from the task list. (The due-soon
 * block below it lists the ones due first.) Says so when nothing is due.
 */
@Component({
  selector: 'app-due-work',
  imports: [RouterLink, TranslatePipe],
  template: `
    @if (work.hasValue() && work.value(); as w) {
      @if (w.total > 0) {
        <section
          class="due"
          [class.late]="w.overdue > 0"
          data-testid="due-work"
          [attr.aria-label]="'due.title' | t"
        >
          <a class="head" routerLink="/field/tasks" data-testid="due-all">
            <span>
              <strong>{{ 'due.count' | t: { count: w.total } }}</strong>
              @if (w.overdue > 0) {
                <span class="overdue-count" data-testid="due-overdue">{{
                  'due.overdue' | t: { count: w.overdue }
                }}</span>
              }
            </span>
            <span class="all">{{ 'due.all' | t }} ›</span>
          </a>
        </section>
      } @else {
        <p class="none" data-testid="due-none">{{ 'due.none' | t }}</p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 12px;
    }
    .due {
      background: #fff;
      border-radius: 6px;
      border-left: 4px solid #1677ff;
      padding: 0 12px;
    }
    .due.late {
      border-left-color: #cf1322;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
      min-height: 48px;
      color: inherit;
      font-size: 15px;
    }
    .overdue-count {
      margin-left: 8px;
      color: #a8071a;
      font-weight: 600;
    }
    .all {
      color: #a8071a;
      white-space: nowrap;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li + li,
    li:first-child {
      border-top: 1px solid #f0f0f0;
    }
    li a {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
      min-height: 44px;
      color: inherit;
    }
    .title {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .when {
      flex: none;
      font-size: 12px;
      color: rgba(0, 0, 0, 0.65);
    }
    .when.overdue {
      color: #a8071a;
      font-weight: 600;
    }
    .none {
      margin: 0;
      padding: 12px;
      color: rgba(0, 0, 0, 0.65);
      background: #fff;
      border-radius: 6px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DueWork {
  private readonly api = inject(CaseApi);

  protected readonly work = rxResource({
    stream: () =>
      forkJoin({
        due: this.api
          .list({ assigneeId: 'me', status: ACTIVE_WORK_STATUSES, page: 1, pageSize: 1 })
          .pipe(map((p) => p.total)),
        overdue: this.api
          .list({ assigneeId: 'me', overdue: true, page: 1, pageSize: 1 })
          .pipe(map((p) => p.total)),
      }).pipe(map(({ due, overdue }) => ({ total: due, overdue }))),
  });
}
