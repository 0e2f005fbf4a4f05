import { DatePipe, NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  input,
  output,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { Case, isOverdue, Page } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { LoadFailed } from '../shared/load-failed';
import { NzListModule } from 'ng-zorro-antd/list';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { SimplePagerLabel } from '../shared/simple-pager-label';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { Viewport } from '../layout/viewport';
import { CaseStatusTag } from './case-status';

/** A case in a list; the names are shown when the API sends them along (as it does for one case). */
export type CaseRow = Case & { householdName?: string; assigneeName?: string | null };

/** A page of cases: a table on a desktop, a list of cards on a phone; each row opens the case. */
@Component({
  selector: 'app-case-list',
  imports: [
    DatePipe,
    NgTemplateOutlet,
    RouterLink,
    NzTableModule,
    NzListModule,
    NzPaginationModule,
    SimplePagerLabel,
    NzEmptyModule,
    NzButtonModule,
    LoadFailed,
    NzTagModule,
    CaseStatusTag,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './case-list.html',
  styleUrls: ['./case-table-zorro.less', './case-list.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class CaseList {
  readonly page = input<Page<CaseRow> | undefined>();
  readonly loading = input(false);
  readonly emptyText = input<TranslationKey>('common.empty');
  /** the page could not be loaded: say so (instead of "nothing here") and offer a retry */
  readonly failed = input(false);
  readonly pageChange = output<number>();
  readonly retry = output<void>();

  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly isOverdue = (c: Case) => isOverdue(c);
  protected readonly showHousehold = computed(() =>
    (this.page()?.items ?? []).some((c) => c.householdName !== undefined),
  );
  protected readonly showAssignee = computed(() =>
    (this.page()?.items ?? []).some((c) => c.assigneeName !== undefined),
  );
}
