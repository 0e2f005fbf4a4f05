import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { InboxItem, InboxType } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { SimplePagerLabel } from '../shared/simple-pager-label';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { LoadFailed } from '../shared/load-failed';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { FormsModule } from '@angular/forms';
import { TranslationKey } from '../core/i18n/zh-cn';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { InboxApi } from '../data/inbox-api';
import { UnreadCount } from './unread-count';

const PAGE_SIZE = 20;

const TYPE_COLORS: Record<InboxType, string> = {
  assigned_to_you: 'blue',
  due_soon: 'orange',
  overdue: 'red',
  awaiting_triage: 'gold',
  awaiting_verification: 'green',
  escalated: 'purple',
  deescalated: 'cyan',
  reopened: 'magenta',
};

/** The inbox: what happened to the user's cases, newest first; read one, or all. */
@Component({
  selector: 'app-inbox-page',
  imports: [
    DatePipe,
    FormsModule,
    NzButtonModule,
    NzCheckboxModule,
    NzEmptyModule,
    NzIconModule,
    NzPaginationModule,
    SimplePagerLabel,
    NzPopconfirmModule,
    LoadFailed,
    NzSpinModule,
    NzTagModule,
    TranslatePipe,
  ],
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  private readonly api = inject(InboxApi);
  private readonly router = inject(Router);
  private readonly unreadCount = inject(UnreadCount);

  protected readonly pageSize = PAGE_SIZE;
  protected readonly unreadOnly = signal(false);
  protected readonly page = signal(1);
  protected readonly busy = signal(false);
  protected readonly inbox = rxResource({
    params: () => ({ unread: this.unreadOnly(), page: this.page() }),
    stream: ({ params }) => this.api.list({ unread: params.unread, page: params.page, pageSize: PAGE_SIZE }),
  });
  protected readonly color = (type: InboxType) => TYPE_COLORS[type];
  protected readonly typeLabel = (type: InboxType) => `inbox.type.${type}` as TranslationKey;

  constructor() {
    // every page carries the unread count: the bell follows it
    effect(() => {
      if (this.inbox.hasValue()) this.unreadCount.set(this.inbox.value().unread);
    });
  }

  protected setUnreadOnly(value: boolean): void {
    this.unreadOnly.set(value);
    this.page.set(1);
  }

  /** Opens the case; an unread item becomes read on the way. */
  protected open(item: InboxItem): void {
    if (!item.read) this.api.read(item.id).subscribe({ next: () => this.unreadCount.refresh() });
    void this.router.navigate(['/cases', item.caseId]);
  }

  protected markRead(item: InboxItem, event: Event): void {
    event.stopPropagation();
    this.busy.set(true);
    this.api.read(item.id).subscribe({
      next: () => this.done(),
      error: () => this.busy.set(false),
    });
  }

  protected readAll(): void {
    this.busy.set(true);
    this.api.readAll().subscribe({
      next: () => this.done(),
      error: () => this.busy.set(false),
    });
  }

  private done(): void {
    this.busy.set(false);
    this.inbox.reload();
    this.unreadCount.refresh();
  }
}
