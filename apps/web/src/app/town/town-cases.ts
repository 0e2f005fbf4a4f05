import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import {
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_STATUSES,
  DEFAULT_PAGE_SIZE,
  formatShanghai,
  parseInstant,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { of } from 'rxjs';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { CaseList } from '../cases/case-list';
import {
  caseQueryOf,
  DESK_SORTS,
  DeskParams,
  deskParamsOf,
  DeskSort,
  DeskState,
  deskStateOf,
  hasFilters,
} from '../cases/case-desk-state';
import { BranchApi } from '../data/branch-api';
import { CaseApi } from '../data/case-api';
import { ReportApi } from '../data/report-api';
import { UserApi } from '../data/user-api';
import { Viewport } from '../layout/viewport';
import { saveDownload } from './download';
import { FieldLabel } from '../core/field-label';

const SORT_LABELS: Record<DeskSort, TranslationKey> = {
  '-createdAt': 'desk.sortNewest',
  createdAt: 'desk.sortOldest',
  dueAt: 'desk.sortDueSoon',
  '-dueAt': 'desk.sortDueLate',
  '-updatedAt': 'desk.sortUpdated',
};

/** 'YYYY-MM-DD' of a day the date picker shows (its local calendar day). */
const dayOf = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** The Shanghai calendar day of a bound of the URL (a date, or an instant from a drill-down), as a picker Date. */
function pickerDay(bound: string, minusOneDay = false): Date | null {
  const instant = parseInstant(bound);
  if (!instant) return null;
  const day = formatShanghai(new Date(instant.getTime() - (minusOneDay ? 1 : 0))).slice(0, 10);
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/**
 * The case desk: every case of the town (staff) or of the secretary's branch (route data
 * scope 'branch'), with every filter of GET /api/cases, sortable and paged. The state lives in
 * the URL only (inputs bound from the query parameters): a reload, a shared link and Back after
 * opening a case all give the same list.
 */
@Component({
  selector: 'app-town-cases',
  imports: [
    FieldLabel,
    FormsModule,
    NzButtonModule,
    NzTagModule,
    NzCheckboxModule,
    NzDatePickerModule,
    NzInputModule,
    NzSelectModule,
    CaseList,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './town-cases.html',
  styleUrls: ['./month-picker-zorro.less', './town-cases.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the range picker's ng-zorro styles come with this page; its own rules are scoped by the host tag
  encapsulation: ViewEncapsulation.None,
})
export class TownCases {
  private readonly api = inject(CaseApi);
  private readonly branchApi = inject(BranchApi);
  private readonly userApi = inject(UserApi);
  private readonly reports = inject(ReportApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  protected readonly statuses = CASE_STATUSES;
  protected readonly kinds = CASE_KINDS;
  protected readonly categories = CASE_CATEGORIES;
  protected readonly sorts = DESK_SORTS;
  protected readonly sortLabel = (s: DeskSort) => SORT_LABELS[s];

  /** query parameters */
  readonly status = input<string>();
  readonly kind = input<string>();
  readonly category = input<string>();
  readonly branchId = input<string>();
  readonly assigneeId = input<string>();
  readonly q = input<string>();
  readonly overdue = input<string>();
  readonly escalated = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly sort = input<string>();
  readonly page = input<string>();
  /** route data: the page title, 'branch' for a secretary's desk, the filters a bare URL starts with */
  readonly title = input<TranslationKey>();
  readonly scope = input<'town' | 'branch' | undefined>('town');
  readonly preset = input<DeskParams>();

  protected readonly isTown = computed(() => this.scope() !== 'branch');
  private readonly params = computed<DeskParams>(() => ({
    status: this.status(),
    kind: this.kind(),
    category: this.category(),
    branchId: this.branchId(),
    assigneeId: this.assigneeId(),
    q: this.q(),
    overdue: this.overdue(),
    escalated: this.escalated(),
    from: this.from(),
    to: this.to(),
    sort: this.sort(),
    page: this.page(),
  }));
  protected readonly state = computed<DeskState>(() => deskStateOf(this.params()));
  protected readonly range = computed<Date[]>(() => {
    const { from, to } = this.state();
    const a = from ? pickerDay(from) : null;
    const b = to ? pickerDay(to, true) : null;
    return a && b ? [a, b] : [];
  });
  protected readonly exporting = signal<'xlsx' | 'csv' | null>(null);

  protected readonly branches = rxResource({
    params: () => (this.isTown() ? true : undefined),
    stream: () => this.branchApi.list(),
  });
  /** who can be assigned: the branch's people (a secretary's own; staff once a branch is picked) */
  protected readonly assignees = rxResource({
    params: () => (this.isTown() ? this.state().branchId : 'own'),
    stream: ({ params }) =>
      params
        ? this.userApi.list({ branchId: params === 'own' ? undefined : params, active: true, pageSize: 100 })
        : of(null),
  });
  protected readonly assigneeOptions = computed(() =>
    (this.assignees.hasValue() ? (this.assignees.value()?.items ?? []) : []).filter(
      (u) => u.role !== 'staff',
    ),
  );
  protected readonly cases = rxResource({
    params: () => caseQueryOf(this.state()),
    stream: ({ params }) => this.api.list({ ...params, pageSize: DEFAULT_PAGE_SIZE }),
  });

  constructor() {
    // the escalated queue: a bare URL starts from its preset, written into the URL
    effect(() => {
      const preset = this.preset();
      if (preset && !hasFilters(this.params())) {
        void this.router.navigate([], { queryParams: preset, replaceUrl: true });
      }
    });
  }

  /** A filter changed: back to page 1, everything into the URL. */
  protected set<K extends keyof DeskState>(key: K, value: DeskState[K]): void {
    const next: DeskState = { ...this.state(), [key]: value, page: key === 'page' ? (value as number) : 1 };
    // another branch has other people: its assignee filter would find nothing
    if (key === 'branchId') next.assigneeId = null;
    void this.router.navigate([], { queryParams: deskParamsOf(next), replaceUrl: true });
  }

  protected setRange(range: Date[] | null): void {
    const [a, b] = range ?? [];
    const next: DeskState = { ...this.state(), page: 1, from: null, to: null };
    if (a && b) {
      const end = new Date(b.getFullYear(), b.getMonth(), b.getDate() + 1);
      next.from = dayOf(a);
      next.to = dayOf(end);
    }
    void this.router.navigate([], { queryParams: deskParamsOf(next), replaceUrl: true });
  }

  protected clear(): void {
    void this.router.navigate([], { queryParams: {}, replaceUrl: true });
  }

  protected readonly filtered = computed(() => hasFilters(this.params()));
  /** on a phone the filters fold under one button (the search stays); it counts the ones set */
  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly showFilters = signal(false);
  protected readonly activeFilters = computed(() => {
    const s = this.state();
    return [
      s.status.length,
      s.kind,
      s.category,
      s.branchId,
      s.assigneeId,
      s.overdue,
      s.escalated,
      s.from,
    ].filter(Boolean).length;
  });

  /** the list's file with the filters on screen (fetched with the token, saved as a file) */
  protected export(format: 'xlsx' | 'csv'): void {
    this.exporting.set(format);
    const { page: _page, sort: _sort, ...filters } = caseQueryOf(this.state());
    this.reports.cases(format, filters).subscribe({
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
}
