import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ACTIVE_WORK_STATUSES, DEFAULT_PAGE_SIZE } from '@tenplusn/domain';
import { NzTabsModule } from 'ng-zorro-antd/tabs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseList } from '../cases/case-list';
import { CaseApi, CaseQuery } from '../data/case-api';

const TABS: { key: 'todo' | 'all'; query: CaseQuery }[] = [
  { key: 'todo', query: { assigneeId: 'me', status: ACTIVE_WORK_STATUSES, sort: 'dueAt' } },
  // A member's case list is already scoped to the cases they raised or own.
  { key: 'all', query: { sort: '-updatedAt' } },
];

/** The member's work: cases assigned to them, and everything they raised or own. */
@Component({
  selector: 'app-my-tasks',
  imports: [NzTabsModule, CaseList, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'tasks.title' | t }}</h1>
    <nz-tabs [nzSelectedIndex]="tab()" (nzSelectedIndexChange)="select($event)">
      <nz-tab [nzTitle]="'tasks.todo' | t" />
      <nz-tab [nzTitle]="'tasks.all' | t" />
    </nz-tabs>
    <app-case-list
      [page]="cases.hasValue() ? cases.value() : undefined"
      [loading]="cases.isLoading()"
      [failed]="!!cases.error()"
      (retry)="cases.reload()"
      emptyText="tasks.empty"
      (pageChange)="page.set($event)"
    />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTasks {
  private readonly api = inject(CaseApi);
  protected readonly tab = signal(0);
  protected readonly page = signal(1);
  protected readonly cases = rxResource({
    params: () => ({ query: TABS[this.tab()]?.query, page: this.page() }),
    stream: ({ params }) =>
      this.api.list({ ...params.query, page: params.page, pageSize: DEFAULT_PAGE_SIZE }),
  });

  protected select(index: number): void {
    this.tab.set(index);
    this.page.set(1);
  }
}
