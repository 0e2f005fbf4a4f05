import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { DEFAULT_PAGE_SIZE } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzListModule } from 'ng-zorro-antd/list';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzResultModule } from 'ng-zorro-antd/result';
import { AuthStore } from '../core/auth-store';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { HouseholdApi } from '../data/household-api';
import { DueSoon } from './due-soon';

/** The member's own households (the 10+N), with a shortcut to log a visit to each. */
@Component({
  selector: 'app-my-households',
  imports: [
    DatePipe,
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzEmptyModule,
    NzInputModule,
    NzListModule,
    NzPaginationModule,
    NzTagModule,
    NzResultModule,
    TranslatePipe,
    LabelPipe,
    DueSoon,
  ],
  templateUrl: './my-households.html',
  styleUrl: './my-households.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyHouseholds {
  private readonly api = inject(HouseholdApi);
  private readonly auth = inject(AuthStore);

  protected readonly query = signal('');
  protected readonly page = signal(1);
  protected readonly households = rxResource({
    params: () => ({ memberId: this.auth.user()?.id ?? '', q: this.query(), page: this.page() }),
    stream: ({ params }) =>
      this.api.list({ contactMemberId: params.memberId, q: params.q || undefined, page: params.page, pageSize: DEFAULT_PAGE_SIZE }),
  });

  protected search(value: string): void {
    this.query.set(value.trim());
    this.page.set(1);
  }
}
