import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { CASE_CATEGORIES, CASE_STATUSES, CaseCategory, CaseStatus, DEFAULT_PAGE_SIZE, formatShanghai } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseList } from '../cases/case-list';
import { BranchApi } from '../data/branch-api';
import { CaseApi, CaseQuery } from '../data/case-api';
import { ReportApi } from '../data/report-api';
import { I18n } from '../core/i18n/i18n';
import { TranslationKey } from '../core/i18n/zh-cn';
import { saveDownload } from './download';

/** Every case of the town, filtered by status, branch, text and escalation. */
@Component({
  selector: 'app-town-cases',
  imports: [FormsModule, NzButtonModule, NzTagModule, NzCheckboxModule, NzInputModule, NzSelectModule, CaseList, TranslatePipe, LabelPipe],
  templateUrl: './town-cases.html',
  styleUrl: './town-cases.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TownCases {
  private readonly api = inject(CaseApi);
  private readonly branchApi = inject(BranchApi);
  private readonly reports = inject(ReportApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  protected readonly statuses = CASE_STATUSES;

  /** query parameters (the dashboard's drill-down) or route data (the escalated queue) */
  readonly overdue = input<string>();
  readonly status = input<string>();
  readonly branchId = input<string>();
  readonly category = input<string>();
  readonly escalated = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly title = input<TranslationKey>();

  protected readonly statusFilter = linkedSignal<CaseStatus[]>(() =>
    (this.status() ?? '').split(',').filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s)),
  );
  protected readonly branchFilter = linkedSignal<string | null>(() => this.branchId() || null);
  protected readonly q = signal('');
  protected readonly escalatedOnly = linkedSignal(() => this.escalated() === 'true');
  protected readonly overdueOnly = linkedSignal(() => this.overdue() === 'true');
  protected readonly categoryFilter = linkedSignal<CaseCategory | null>(() =>
    (CASE_CATEGORIES as readonly string[]).includes(this.category() ?? '') ? (this.category() as CaseCategory) : null,
  );
  /** received in [from, to) — from the dashboard; shown as a removable tag */
  protected readonly periodFilter = linkedSignal<{ from: string; to: string } | null>(() => {
    const from = this.from();
    const to = this.to();
    return from && to && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to)) ? { from, to } : null;
  });
  protected readonly periodLabel = computed(() => {
    const p = this.periodFilter();
    if (!p) return '';
    const day = (iso: string) => formatShanghai(new Date(iso)).slice(0, 10);
    return `${day(p.from)} – ${day(new Date(Date.parse(p.to) - 1).toISOString())}`;
  });
  protected readonly categories = CASE_CATEGORIES;
  protected readonly exporting = signal<'xlsx' | 'csv' | null>(null);
  protected readonly page = signal(1);

  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly cases = rxResource({
    params: () => ({ ...this.filters(), page: this.page() }),
    stream: ({ params }) => this.api.list({ ...params, sort: '-createdAt', pageSize: DEFAULT_PAGE_SIZE }),
  });

  private filters(): CaseQuery {
    return {
      status: this.statusFilter(),
      branchId: this.branchFilter(),
      category: this.categoryFilter(),
      q: this.q(),
      escalated: this.escalatedOnly(),
      overdue: this.overdueOnly(),
      from: this.periodFilter()?.from,
      to: this.periodFilter()?.to,
    };
  }

  /** the list's file with the filters on screen (fetched with the token, saved as a file) */
  protected export(format: 'xlsx' | 'csv'): void {
    this.exporting.set(format);
    this.reports.cases(format, this.filters()).subscribe({
      next: (response) => {
        saveDownload(response, `cases.${format}`);
        this.exporting.set(null);
      },
      error: () => {
        this.message.error(this.i18n.t('town.exportFailed'));
        this.exporting.set(null);
      },
    });
  }

  protected filter(change: () => void): void {
    change();
    this.page.set(1);
  }
}
