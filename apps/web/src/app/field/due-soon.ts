import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ACTIVE_WORK_STATUSES, Case, isDueSoon, isOverdue } from '@tenplusn/domain';
import { catchError, of } from 'rxjs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CalendarApi } from '../data/calendar-api';
import { CaseApi } from '../data/case-api';

/** How many of the earliest-due tasks are looked at. */
const LOOK_AT = 20;

/**
 * What is due soon, for the top of the member's home: the signed-in user's tasks that are
 * overdue or due by the end of the next working day (the inbox's due_soon rule, libs/domain),
 * earliest first. Self-contained: place it anywhere; it shows nothing but a line when all is calm.
 */
@Component({
  selector: 'app-due-soon',
  imports: [DatePipe, RouterLink, TranslatePipe],
  template: `
    <section class="due-soon" data-testid="due-soon">
      <h2>{{ 'dueSoon.title' | t }}</h2>
      @if (tasks.error()) {
        <p class="muted">
          {{ 'errors.UNKNOWN' | t }}
          <button type="button" class="link" (click)="tasks.reload()">{{ 'common.retry' | t }}</button>
        </p>
      } @else if (!tasks.hasValue()) {
        <p class="muted">{{ 'common.loading' | t }}</p>
      } @else if (due().length === 0) {
        <p class="muted" data-testid="due-soon-empty">{{ 'dueSoon.empty' | t }}</p>
      } @else {
        <ul>
          @for (item of due(); track item.c.id) {
            <li [class.late]="item.overdue" data-testid="due-soon-item">
              <a [routerLink]="['/cases', item.c.id]">
                <span class="title">{{ item.c.title }}</span>
                <span class="when">
                  @if (item.overdue) {
                    {{ 'dueSoon.overdue' | t }} ·
                  }
                  {{ 'dueSoon.due' | t: { date: (item.c.dueAt | date: 'MM-dd HH:mm') ?? '' } }}
                </span>
              </a>
            </li>
          }
        </ul>
      }
      <a routerLink="/field/tasks" class="all">{{ 'dueSoon.all' | t }} ›</a>
    </section>
  `,
  styles: `
    .due-soon {
      background: #fff;
      border-radius: 8px;
      padding: 10px 12px;
      margin-bottom: 12px;
      border-left: 4px solid #fa8c16;
    }
    h2 {
      font-size: 15px;
      margin: 0 0 6px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li a {
      display: flex;
      flex-direction: column;
      padding: 6px 0;
      border-bottom: 1px solid #f0f0f0;
      color: inherit;
    }
    .title {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .when {
      font-size: 12px;
      color: #ad4e00;
    }
    .late .when {
      color: #cf1322;
    }
    .muted {
      /* 4.5:1 or better on white (axe color-contrast); 0.45 black was 3.4:1 */
      color: #595959;
      margin: 0 0 6px;
    }
    .link {
      border: none;
      background: none;
      color: #0958d9;
      cursor: pointer;
      padding: 0 4px;
    }
    .all {
      /* a touch target of 44 px */
      display: inline-flex;
      align-items: center;
      min-height: 44px;
      font-size: 13px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DueSoon {
  private readonly cases = inject(CaseApi);
  private readonly calendar = toSignal(
    inject(CalendarApi)
      .workingCalendar()
      .pipe(catchError(() => of(null))),
    {
      initialValue: null,
    },
  );

  protected readonly tasks = rxResource({
    stream: () =>
      this.cases.list({ assigneeId: 'me', status: ACTIVE_WORK_STATUSES, sort: 'dueAt', pageSize: LOOK_AT }),
  });
  protected readonly due = computed(() => {
    const cal = this.calendar();
    if (!this.tasks.hasValue() || !cal) return [];
    const now = new Date();
    return this.tasks
      .value()
      .items.filter((c: Case) => !c.paused && c.dueAt && (isOverdue(c, now) || isDueSoon(cal, c.dueAt, now)))
      .map((c: Case) => ({ c, overdue: isOverdue(c, now) }));
  });
}
