import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { DEFAULT_PAGE_SIZE } from '@tenplusn/domain';
import { NzTabsModule } from 'ng-zorro-antd/tabs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { CaseList } from '../cases/case-list';
import { CaseApi, CaseQuery } from '../data/case-api';

interface TriageTab {
  key: 'open' | 'resolved' | 'overdue' | 'in_progress';
  title: TranslationKey;
  query: CaseQuery;
}

/** The secretary's queues, each a step of the workflow that waits on them. */
export const TRIAGE_TABS: TriageTab[] = [
  { key: 'open', title: 'triage.open', query: { status: ['open'], sort: 'createdAt' } },
  { key: 'resolved', title: 'triage.resolved', query: { status: ['resolved'], sort: 'updatedAt' } },
  { key: 'overdue', title: 'triage.overdue', query: { overdue: true, sort: 'dueAt' } },
  { key: 'in_progress', title: 'triage.inProgress', query: { status: ['assigned', 'in_progress'], sort: 'dueAt' } },
];

@Component({
  selector: 'app-triage-board',
  imports: [NzTabsModule, CaseList, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'triage.title' | t }}</h1>
    <nz-tabs [nzSelectedIndex]="index()" (nzSelectedIndexChange)="select($event)">
      @for (t of tabs; track t.key) {
        <nz-tab [nzTitle]="t.title | t" />
      }
    </nz-tabs>
    <div [attr.data-testid]="'triage-' + tabs[index()].key">
      <app-case-list
        [page]="cases.hasValue() ? cases.value() : undefined"
        [loading]="cases.isLoading()"
        emptyText="triage.empty"
        (pageChange)="page.set($event)"
      />
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TriageBoard {
  private readonly api = inject(CaseApi);
  private readonly router = inject(Router);
  protected readonly tabs = TRIAGE_TABS;

  /** query parameter ?tab=resolved, so a queue can be linked to */
  readonly tab = input<string>();
  protected readonly index = computed(() => Math.max(0, this.tabs.findIndex((t) => t.key === this.tab())));
  protected readonly page = linkedSignal({ source: this.index, computation: () => 1 });
  protected readonly cases = rxResource({
    params: () => ({ query: this.tabs[this.index()].query, page: this.page() }),
    stream: ({ params }) => this.api.list({ ...params.query, page: params.page, pageSize: DEFAULT_PAGE_SIZE }),
  });

  protected select(index: number): void {
    void this.router.navigate([], { queryParams: { tab: this.tabs[index].key }, replaceUrl: true });
  }
}
