import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, inject, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Case, isOverdue, Page } from '@tenplusn/domain';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzListModule } from 'ng-zorro-antd/list';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { Viewport } from '../layout/viewport';
import { CaseStatusTag } from './case-status';

/** A page of cases: a table on a desktop, a list of cards on a phone; each row opens the case. */
@Component({
  selector: 'app-case-list',
  imports: [
    DatePipe,
    RouterLink,
    NzTableModule,
    NzListModule,
    NzPaginationModule,
    NzEmptyModule,
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
  readonly page = input<Page<Case> | undefined>();
  readonly loading = input(false);
  readonly emptyText = input<TranslationKey>('common.empty');
  readonly pageChange = output<number>();

  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly isOverdue = (c: Case) => isOverdue(c);
}
