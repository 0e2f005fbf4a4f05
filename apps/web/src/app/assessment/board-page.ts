import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  ViewEncapsulation,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  formatMetric,
  monthOf,
  periodOf,
  previousPeriod,
  SHANGHAI_OFFSET_MS,
  VillageBoard,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { forkJoin, map, of, switchMap } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { FieldLabel } from '../core/field-label';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { AssessmentApi } from '../data/assessment-api';
import { BranchApi } from '../data/branch-api';
import { periodLabel } from './period-options';

/** Solved problems listed on one printed page; the rest are counted. */
export const BOARD_LIST_LIMIT = 10;

/** 2026-07-03T… → 2026年7月3日 (Shanghai) */
function shanghaiDate(iso: string | null, language: 'zh-CN' | 'en'): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
  return language === 'en'
    ? d.toISOString().slice(0, 10)
    : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * 村务公开栏: one printable A4 page per branch and month (print CSS, large type), no names,
 * phones or addresses (the API has none to give). Staff print every branch in one go
 * (`?all=1`: one page each). Outside the shell, so that the printout is the page alone.
 */
@Component({
  selector: 'app-board-page',
  imports: [
    FormsModule,
    RouterLink,
    FieldLabel,
    NzButtonModule,
    LoadFailed,
    NzSelectModule,
    NzSpinModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './board-page.html',
  styleUrl: './board-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the print rules (@page, hiding the toolbar) must reach the whole document
  encapsulation: ViewEncapsulation.None,
})
export class BoardPage {
  private readonly api = inject(AssessmentApi);
  private readonly branchApi = inject(BranchApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  protected readonly i18n = inject(I18n);

  /** query params (bound by the router) */
  readonly period = input<string | undefined>();
  readonly branchId = input<string | undefined>();
  readonly all = input<string | undefined>();

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly month = computed(() => this.period() ?? monthOf(new Date()));
  protected readonly months = computed(() => {
    const list: string[] = [];
    let p = periodOf(new Date(), 'month');
    for (let i = 0; i < 12; i++, p = previousPeriod(p)) list.push(p.period);
    return list;
  });
  protected readonly branches = rxResource({
    params: () => (this.isStaff() ? true : undefined),
    stream: () => this.branchApi.list(),
  });
  protected readonly boards = rxResource({
    params: () => ({
      month: this.month(),
      branchId: this.branchId() ?? null,
      all: this.all() === '1' && this.isStaff(),
    }),
    stream: ({ params }) =>
      params.all
        ? this.branchApi
            .list()
            .pipe(
              switchMap((branches) =>
                branches.length
                  ? forkJoin(branches.map((b) => this.api.board(params.month, b.id)))
                  : of([] as VillageBoard[]),
              ),
            )
        : this.api.board(params.month, params.branchId).pipe(map((b) => [b])),
  });

  protected readonly limit = BOARD_LIST_LIMIT;

  protected label(month: string): string {
    return periodLabel(month, this.i18n.language());
  }
  protected date(iso: string | null): string {
    return shanghaiDate(iso, this.i18n.language());
  }
  protected rate(value: number | null): string {
    return formatMetric('coverageRate', value);
  }
  protected categoryMax(b: VillageBoard): number {
    return Math.max(1, ...b.byCategory.map((c) => c.count));
  }
  protected go(params: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: params, queryParamsHandling: 'merge' });
  }
  protected print(): void {
    window.print();
  }
}
