import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { forkJoin, map } from 'rxjs';
import { ACTIVE_WORK_STATUSES, DEFAULT_PAGE_SIZE, ESCALATED_QUEUE_STATUSES } from '@tenplusn/domain';
import { NzTabsModule } from 'ng-zorro-antd/tabs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { CaseList } from '../cases/case-list';
import { CaseApi, CaseQuery } from '../data/case-api';

interface TriageTab {
  key: 'open' | 'resolved' | 'overdue' | 'in_progress' | 'escalated';
  title: TranslationKey;
  query: CaseQuery;
}

/** The secretary's queues, each a step of the workflow that waits on them. */
export const TRIAGE_TABS: TriageTab[] = [
  // an escalated case is the town's to triage: it leaves 待分派 (the count can reach zero)
  { key: 'open', title: 'triage.open', query: { status: ['open'], escalated: false, sort: 'createdAt' } },
  { key: 'resolved', title: 'triage.resolved', query: { status: ['resolved'], sort: 'updatedAt' } },
  { key: 'overdue', title: 'triage.overdue', query: { overdue: true, sort: 'dueAt' } },
  { key: 'in_progress', title: 'triage.inProgress', query: { status: ACTIVE_WORK_STATUSES, sort: 'dueAt' } },
  // shown, not counted as waiting: the secretary has no action left on these
  {
    key: 'escalated',
    title: 'triage.escalated',
    query: { status: ESCALATED_QUEUE_STATUSES, escalated: true, sort: 'updatedAt' },
  },
];

@Component({
  selector: 'app-triage-board',
  imports: [NzTabsModule, CaseList, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'triage.title' | t }}</h1>
    <nz-tabs [nzSelectedIndex]="index()" (nzSelectedIndexChange)="select($event)">
      @for (t of tabs; track t.key; let i = $index) {
        <nz-tab [nzTitle]="title">
          <ng-template #title>
            {{ t.title | t }}
            @if (counts()[i] !== null) {
              <span class="count" [class.alert]="t.key === 'overdue' && (counts()[i] ?? 0) > 0">{{
                counts()[i]
              }}</span>
            }
          </ng-template>
        </nz-tab>
      }
    </nz-tabs>
    <div [attr.data-testid]="'triage-' + tabs[index()]?.key">
      <app-case-list
        [page]="cases.hasValue() ? cases.value() : undefined"
        [loading]="cases.isLoading()"
        [failed]="!!cases.error()"
        (retry)="cases.reload()"
        emptyText="triage.empty"
        (pageChange)="page.set($event)"
      />
    </div>
  `,
  styles: `
    .count {
      margin-left: 4px;
      padding: 0 6px;
      border-radius: 10px;
      background: #f0f0f0;
      color: rgba(0, 0, 0, 0.65);
      font-size: 12px;
    }
    .count.alert {
      background: #cf1322;
      color: #fff;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TriageBoard {
  private readonly api = inject(CaseApi);
  private readonly router = inject(Router);
  protected readonly tabs = TRIAGE_TABS;

  /** query parameter ?tab=resolved, so a queue can be linked to */
  readonly tab = input<string>();
  protected readonly index = computed(() =>
    Math.max(
      0,
      this.tabs.findIndex((t) => t.key === this.tab()),
    ),
  );
  protected readonly page = linkedSignal({ source: this.index, computation: () => 1 });
  protected readonly cases = rxResource({
    params: () => ({ query: this.tabs[this.index()]?.query, page: this.page() }),
    stream: ({ params }) =>
      this.api.list({ ...params.query, page: params.page, pageSize: DEFAULT_PAGE_SIZE }),
  });

  /** How many cases wait in each queue (a one-row page each; totals only). */
  private readonly totals = rxResource({
    params: () => ({ tab: this.index(), page: this.page() }),
    stream: () =>
      forkJoin(
        this.tabs.map((t) => this.api.list({ ...t.query, page: 1, pageSize: 1 }).pipe(map((p) => p.total))),
      ),
  });
  protected readonly counts = computed<(number | null)[]>(() =>
    this.totals.hasValue() ? (this.totals.value() ?? []) : this.tabs.map(() => null),
  );

  protected select(index: number): void {
    const tab = this.tabs[index];
    if (tab) void this.router.navigate([], { queryParams: { tab: tab.key }, replaceUrl: true });
  }
}
