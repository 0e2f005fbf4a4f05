import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { byLastVisit, MAX_PAGE_SIZE, monthlyRound, visitedThisMonth } from '@tenplusn/domain';
import { AuthStore } from '../core/auth-store';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { HouseholdApi } from '../data/household-api';
import { DueSoon } from './due-soon';
import { DueWork } from './due-work';

/**
 * The member's home: what is due first, then their households (the 10+N), the ones still
 * waiting for this month's visit (月联月访) on top, with a shortcut to log a visit to each.
 * Plain HTML on ng-zorro's global CSS, no ng-zorro modules: the first load's budget
 * (docs/measurements.md).
 */
@Component({
  selector: 'app-my-households',
  imports: [DatePipe, RouterLink, DueWork, TranslatePipe, LabelPipe, DueSoon],
  templateUrl: './my-households.html',
  styleUrl: './my-households.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyHouseholds {
  private readonly api = inject(HouseholdApi);
  private readonly auth = inject(AuthStore);

  protected readonly query = signal('');
  /** a member has about a dozen households: one request, no pages */
  protected readonly households = rxResource({
    params: () => ({ memberId: this.auth.user()?.id ?? '', q: this.query() }),
    stream: ({ params }) =>
      this.api.list({ contactMemberId: params.memberId, q: params.q || undefined, pageSize: MAX_PAGE_SIZE }),
  });

  /** who needs a visit first: never visited, then the longest ago */
  protected readonly rows = computed(() => {
    const items = this.households.hasValue() ? (this.households.value()?.items ?? []) : [];
    const now = new Date();
    return [...items].sort(byLastVisit).map((h) => ({ ...h, visited: visitedThisMonth(h.lastVisitAt, now) }));
  });
  /** this month's round over all my households ("7/12 户"); not shown while searching */
  protected readonly round = computed(() => (this.query() ? null : monthlyRound(this.rows())));
  protected readonly loaded = computed(() => this.households.hasValue() && !this.households.isLoading());

  protected search(value: string): void {
    this.query.set(value.trim());
  }
}
