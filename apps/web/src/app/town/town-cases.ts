import { ChangeDetectionStrategy, Component, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { CASE_STATUSES, CaseStatus, DEFAULT_PAGE_SIZE } from '@tenplusn/domain';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseList } from '../cases/case-list';
import { BranchApi } from '../data/branch-api';
import { CaseApi } from '../data/case-api';

/** Every case of the town, filtered by status, branch, text and escalation. */
@Component({
  selector: 'app-town-cases',
  imports: [FormsModule, NzCheckboxModule, NzInputModule, NzSelectModule, CaseList, TranslatePipe, LabelPipe],
  templateUrl: './town-cases.html',
  styleUrl: './town-cases.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TownCases {
  private readonly api = inject(CaseApi);
  private readonly branchApi = inject(BranchApi);
  protected readonly statuses = CASE_STATUSES;

  protected readonly status = signal<CaseStatus[]>([]);
  protected readonly branchId = signal<string | null>(null);
  protected readonly q = signal('');
  protected readonly escalated = signal(false);
  /** query parameter ?overdue=true, the dashboard's "overdue" figure links here */
  readonly overdue = input<string>();
  protected readonly overdueOnly = linkedSignal(() => this.overdue() === 'true');
  protected readonly page = signal(1);

  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly cases = rxResource({
    params: () => ({
      status: this.status(),
      branchId: this.branchId(),
      q: this.q(),
      escalated: this.escalated(),
      overdue: this.overdueOnly(),
      page: this.page(),
    }),
    stream: ({ params }) => this.api.list({ ...params, sort: '-createdAt', pageSize: DEFAULT_PAGE_SIZE }),
  });

  protected filter(change: () => void): void {
    change();
    this.page.set(1);
  }
}
