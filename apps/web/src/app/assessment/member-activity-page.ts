import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { can, formatShanghai, MEMBER_METRICS, MemberMetricKey, memberMetricLabel } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { ScrollableTable } from '../shared/scrollable-table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../core/auth-store';
import { FieldLabel } from '../core/field-label';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { AssessmentApi } from '../data/assessment-api';
import { BranchApi } from '../data/branch-api';
import { ReportApi } from '../data/report-api';
import { LoadFailed } from '../shared/load-failed';
import { saveDownload } from '../town/download';
import { monthOfPeriod } from '../town/period';
import { UrlPeriod } from '../town/url-period';
import { PeriodPicker } from '../town/period-picker';
import { RatePipe } from '../town/rate-pipe';
import { MemberColumn, SortOrder, sortMemberRows } from './member-sort';

/**
 * 党员履职情况: each member's visits, core households visited, cases raised and resolved in a
 * period (GET /api/stats/members), sortable, members with no visit marked; exported as Excel
 * (GET /api/reports/members.xlsx). A secretary sees their branch, staff any branch or all.
 * The columns' labels and explanations are MEMBER_METRICS (libs/domain).
 */
@Component({
  selector: 'app-member-activity-page',
  imports: [
    PeriodPicker,
    FieldLabel,
    FormsModule,
    LoadFailed,
    NzButtonModule,
    NzDatePickerModule,
    NzRadioModule,
    NzSelectModule,
    NzTableModule,
    ScrollableTable,
    NzTagModule,
    RatePipe,
    TranslatePipe,
  ],
  templateUrl: './member-activity-page.html',
  styleUrls: [
    '../town/month-picker-zorro.less',
    '../cases/case-table-zorro.less',
    './member-activity-page.css',
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this page needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class MemberActivityPage {
  private readonly api = inject(AssessmentApi);
  private readonly reports = inject(ReportApi);
  private readonly branchApi = inject(BranchApi);
  private readonly auth = inject(AuthStore);
  private readonly message = inject(NzMessageService);
  protected readonly i18n = inject(I18n);
  private readonly router = inject(Router);

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly canExport = computed(() => can(this.auth.role(), 'reports.members'));

  /**
   * Query parameters (?month=2026-10 or ?from=…&to=…, ?branchId=…): the period and the branch
   * live in the URL, so that a reload or a link shows the same table.
   */
  readonly month = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly branchId = input<string>();

  protected readonly picker = new UrlPeriod({ month: this.month, from: this.from, to: this.to }, this.i18n);
  protected readonly period = this.picker.period;
  protected readonly reading = this.picker.reading;
  protected readonly periodCaption = this.picker.caption;
  protected readonly branchFilter = linkedSignal<string | null>(() =>
    this.isStaff() ? this.branchId() || null : null,
  );
  protected readonly asOf = computed(() => formatShanghai(new Date()).slice(5, 16));

  protected readonly branches = rxResource({
    params: () => (this.isStaff() ? true : undefined),
    stream: () => this.branchApi.list(),
  });
  protected readonly branchName = computed(
    () => new Map((this.branches.hasValue() ? this.branches.value() : []).map((b) => [b.id, b.name])),
  );
  /** staff looking at every branch: each row says whose it is */
  protected readonly showBranch = computed(() => this.isStaff() && !this.branchFilter());

  protected readonly members = rxResource({
    params: () => {
      const period = this.period();
      return period ? { period, branchId: this.branchFilter() } : undefined;
    },
    stream: ({ params }) => this.api.members(params.period, { branchId: params.branchId }),
  });
  protected readonly rows = computed(() => (this.members.hasValue() ? this.members.value() : []));
  protected readonly idle = computed(() => this.rows().filter((r) => r.visits === 0).length);

  protected readonly sortColumn = signal<MemberColumn | null>(null);
  protected readonly sortOrder = signal<SortOrder>(null);
  protected readonly sorted = computed(() =>
    sortMemberRows(this.rows(), this.sortColumn(), this.sortOrder()),
  );

  /** the sortable figure columns, in order ("core households visited" shows "visited / core") */
  protected readonly figureColumns = [
    'visits',
    'householdsVisited',
    'coreHouseholdsVisited',
    'coreVisitRate',
    'casesRaised',
    'casesResolved',
  ] as const satisfies readonly MemberMetricKey[];
  /** the columns' headings and tooltips from the registry (MEMBER_METRICS) */
  protected readonly labels = computed(() => {
    const language = this.i18n.language();
    const labels = Object.fromEntries(
      MEMBER_METRICS.map((m) => [m.key, memberMetricLabel(m.key, language)]),
    ) as Record<MemberMetricKey, string>;
    // its cells read "3 / 10": the heading says both
    labels.coreHouseholdsVisited = this.i18n.t('members.coreVisited');
    return labels;
  });
  protected explain(key: MemberMetricKey): string {
    const m = MEMBER_METRICS.find((d) => d.key === key);
    return m ? (this.i18n.language() === 'en' ? m.explain.en : m.explain.zh) : '';
  }

  protected readonly exporting = signal(false);

  protected lastVisit(iso: string | null): string {
    return iso ? formatShanghai(iso).slice(0, 10) : this.i18n.t('members.never');
  }

  protected setBranch(branchId: string | null): void {
    this.branchFilter.set(branchId);
    this.writeUrl();
  }

  /** The period and branch into the URL (replacing the entry: Back leaves the page). */
  protected writeUrl(): void {
    void this.router.navigate([], {
      queryParams: { ...this.picker.queryParams(), branchId: this.branchFilter() },
      replaceUrl: true,
    });
  }

  /** ng-zorro also tells the column that lost the sort: that must not clear the new one */
  protected sortBy(column: MemberColumn, order: string | null): void {
    if (!order && column !== this.sortColumn()) return;
    this.sortColumn.set(order ? column : null);
    this.sortOrder.set((order as SortOrder) ?? null);
  }

  protected exportXlsx(): void {
    const period = this.period();
    if (!period) return;
    this.exporting.set(true);
    this.reports.members(period, this.branchFilter()).subscribe({
      next: (res) => {
        saveDownload(res, `member-activity-${monthOfPeriod(period)}.xlsx`);
        this.exporting.set(false);
      },
      error: () => {
        this.message.error(this.i18n.t('town.exportFailed'));
        this.exporting.set(false);
      },
    });
  }
}
