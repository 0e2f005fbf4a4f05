import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import {
  AssessmentWeights,
  BranchStatsRow,
  can,
  currentMonthPeriod,
  formatMetric,
  formatShanghai,
  MetricKey,
  metricLabel,
  parsePeriod,
  PeriodBranchRow,
  PeriodKind,
  StatsOverview,
  WEIGHT_KEYS,
  WeightKey,
  weightProblems,
  flattenFigures,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { of } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { FieldLabel } from '../core/field-label';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { AssessmentApi } from '../data/assessment-api';
import { StatsApi } from '../data/stats-api';
import { saveDownload } from '../town/download';
import { changesOf, FigureChange, periodLabel, periodOptions } from './period-options';

/** The town figures shown above the ranking, from the metric registry. */
const TOWN_CARDS: readonly MetricKey[] = [
  'received',
  'closed',
  'closureRate',
  'onTimeRate',
  'satisfactionRate',
  'reopenRate',
  'coverageRate',
  'visitCoverageRate',
];
/** The ranking table's rate columns (the weighted ones and the reopen rate). */
const RANK_COLUMNS: readonly MetricKey[] = [...WEIGHT_KEYS, 'reopenRate'];

/**
 * 月督查、季考核: a month or quarter, frozen (the stored snapshot) or live; the ranking with
 * score bars; the weights (staff edit them); freeze with a confirmation naming the period;
 * the frozen sheet; what changed since freezing. A secretary sees their own row, rank and the
 * town figures (the API gives them nothing more).
 */
@Component({
  selector: 'app-assessment-page',
  imports: [
    FormsModule,
    FieldLabel,
    NzButtonModule,
    NzCardModule,
    NzEmptyModule,
    NzInputModule,
    NzPopconfirmModule,
    NzRadioModule,
    NzResultModule,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
  ],
  templateUrl: './assessment-page.html',
  styleUrl: './assessment-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssessmentPage {
  private readonly api = inject(AssessmentApi);
  private readonly stats = inject(StatsApi);
  private readonly auth = inject(AuthStore);
  private readonly message = inject(NzMessageService);
  protected readonly i18n = inject(I18n);

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly canFreeze = computed(() => can(this.auth.role(), 'periods.freeze'));
  protected readonly canExport = computed(() => can(this.auth.role(), 'periods.report'));
  protected readonly canEditWeights = computed(() => can(this.auth.role(), 'assessment.configure'));
  protected readonly kind = signal<PeriodKind>('month');
  protected readonly frozenList = rxResource({ stream: () => this.api.periods() });
  protected readonly options = computed(() =>
    periodOptions(
      this.kind(),
      (this.frozenList.value() ?? []).filter((f) => f.kind === this.kind()),
    ),
  );
  /** the picked period; by default the latest ended one */
  protected readonly picked = signal<string | null>(null);
  protected readonly period = computed(() => {
    const picked = this.picked();
    const options = this.options();
    if (picked && options.some((o) => o.period === picked)) return picked;
    return options.find((o) => o.ended)?.period ?? options[0]?.period ?? null;
  });
  protected readonly option = computed(() => this.options().find((o) => o.period === this.period()) ?? null);
  protected readonly frozen = computed(() => this.option()?.frozen ?? null);

  protected readonly snapshot = rxResource({
    params: () => (this.frozen() ? (this.period() ?? undefined) : undefined),
    stream: ({ params }) => this.api.period(params),
  });
  /** live rows: every branch for staff (also to compare with a snapshot) */
  protected readonly live = rxResource({
    params: () => {
      const p = this.period();
      return p && this.isStaff() ? p : undefined;
    },
    stream: ({ params }) => {
      const p = parsePeriod(params);
      return p ? this.api.liveBranches(p) : of([] as BranchStatsRow[]);
    },
  });
  /** live figures of the town (staff) or the secretary's branch */
  protected readonly liveOverview = rxResource({
    params: () => this.period() ?? undefined,
    stream: ({ params }) => {
      const p = parsePeriod(params) ?? currentMonthPeriod();
      return this.stats.overview(p);
    },
  });
  protected readonly weights = rxResource({ stream: () => this.api.weights() });

  protected readonly loading = computed(
    () =>
      this.frozenList.isLoading() ||
      this.snapshot.isLoading() ||
      this.live.isLoading() ||
      this.liveOverview.isLoading(),
  );
  protected readonly error = computed(
    () => this.frozenList.error() ?? this.snapshot.error() ?? this.live.error() ?? this.liveOverview.error(),
  );

  /** the rows of the ranking, in rank order */
  protected readonly rows = computed<(PeriodBranchRow | BranchStatsRow)[]>(() => {
    const rows = this.frozen() ? (this.snapshot.value()?.branches ?? []) : (this.live.value() ?? []);
    return [...rows].sort((a, b) => a.rank - b.rank);
  });
  protected readonly branchCount = computed(() =>
    this.frozen() ? (this.snapshot.value()?.branchCount ?? 0) : (this.live.value()?.length ?? 0),
  );
  protected readonly townFigures = computed<StatsOverview | null>(() => {
    if (this.frozen()) return this.snapshot.value()?.town ?? null;
    return this.isStaff() ? (this.liveOverview.value() ?? null) : null;
  });
  protected readonly ownFigures = computed(() =>
    !this.isStaff() && !this.frozen() ? (this.liveOverview.value() ?? null) : null,
  );
  protected readonly cards = computed(() => {
    const o = this.townFigures() ?? this.ownFigures();
    if (!o) return [];
    const flat = flattenFigures(o);
    return TOWN_CARDS.map((key) => ({
      key,
      label: metricLabel(key, this.i18n.language()),
      value: formatMetric(key, flat[key]),
    }));
  });
  protected readonly columns = computed(() =>
    RANK_COLUMNS.map((key) => ({ key, label: metricLabel(key, this.i18n.language()) })),
  );

  /** what changed since freezing: staff compare every branch with the live table */
  protected readonly changes = computed<{ branchName: string; changes: FigureChange[] }[]>(() => {
    const s = this.snapshot.value();
    const live = this.live.value();
    if (!this.frozen() || !s || !live) return [];
    return s.branches
      .map((row) => {
        const now = live.find((l) => l.branchId === row.branchId);
        return { branchName: row.branchName, changes: now ? changesOf(row, now) : [] };
      })
      .filter((r) => r.changes.length);
  });

  protected readonly frozenText = computed(() => {
    const f = this.frozen();
    if (!f) return null;
    const at = formatShanghai(f.frozenAt);
    return f.automatic
      ? this.i18n.t('assessment.frozenAuto', { at })
      : this.i18n.t('assessment.frozenBy', { who: f.frozenByName ?? '', at });
  });

  // ---- weights
  protected readonly weightKeys = WEIGHT_KEYS;
  protected readonly draft = signal<AssessmentWeights | null>(null);
  protected readonly weightSum = computed(() => {
    const d = this.draft();
    return d ? WEIGHT_KEYS.reduce((s, k) => s + (Number(d[k]) || 0), 0) : 0;
  });
  protected readonly weightsValid = computed(() => {
    const d = this.draft();
    return !!d && weightProblems(d).length === 0;
  });
  protected readonly saving = signal(false);
  protected readonly freezing = signal(false);
  protected readonly exporting = signal(false);

  constructor() {
    effect(() => {
      const w = this.weights.value();
      if (w && !this.draft()) this.draft.set({ ...w });
    });
  }

  protected label(period: string): string {
    return periodLabel(period, this.i18n.language());
  }
  protected weightLabel(key: WeightKey): string {
    return metricLabel(key, this.i18n.language());
  }
  protected metricText(key: MetricKey, value: number | null): string {
    return formatMetric(key, value);
  }
  protected changeText(c: FigureChange): string {
    const name =
      c.key === 'score'
        ? this.i18n.t('assessment.score')
        : c.key === 'rank'
          ? this.i18n.t('assessment.rank')
          : metricLabel(c.key, this.i18n.language());
    const f = (v: number | null) =>
      c.key === 'score' || c.key === 'rank'
        ? v === null
          ? '—'
          : String(v)
        : formatMetric(c.key as MetricKey, v);
    return `${name} ${f(c.frozen)} → ${f(c.live)}`;
  }
  protected rateOf(row: PeriodBranchRow | BranchStatsRow, key: MetricKey): string {
    return formatMetric(key, row[key]);
  }
  protected setWeight(key: WeightKey, value: number | null): void {
    const d = this.draft();
    if (d) this.draft.set({ ...d, [key]: value === null || value === undefined ? 0 : Number(value) });
  }
  protected setKind(kind: PeriodKind): void {
    this.kind.set(kind);
    this.picked.set(null);
  }

  protected saveWeights(): void {
    const d = this.draft();
    if (!d || !this.weightsValid()) return;
    this.saving.set(true);
    this.api.saveWeights(d).subscribe({
      next: (w) => {
        this.saving.set(false);
        this.draft.set({ ...w });
        this.weights.reload();
        this.live.reload();
        this.message.success(this.i18n.t('assessment.weightsSaved'));
      },
      error: () => this.saving.set(false),
    });
  }

  protected freeze(): void {
    const period = this.period();
    if (!period) return;
    this.freezing.set(true);
    this.api.freeze(period).subscribe({
      next: () => {
        this.freezing.set(false);
        this.message.success(this.i18n.t('assessment.frozenOk', { period: this.label(period) }));
        this.frozenList.reload();
      },
      error: () => {
        this.freezing.set(false);
        this.frozenList.reload();
      },
    });
  }

  protected exportSheet(): void {
    const period = this.period();
    if (!period) return;
    this.exporting.set(true);
    this.api.report(period).subscribe({
      next: (res) => {
        saveDownload(res, `assessment-${period}.xlsx`);
        this.exporting.set(false);
      },
      error: () => this.exporting.set(false),
    });
  }
}
