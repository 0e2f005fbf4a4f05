import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { currentMonthPeriod, formatShanghai, monthOf } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { AssessmentApi } from '../data/assessment-api';
import { BranchApi } from '../data/branch-api';
import { saveDownload } from '../town/download';
import { csvText, saveCsv } from './csv-file';

export const NOT_VISITED_DAYS = [30, 60, 90] as const;

/** The Shanghai calendar date `days` days before now: 'YYYY-MM-DD'. */
export function daysAgo(days: number, now = new Date()): string {
  return formatShanghai(new Date(now.getTime() - days * 86400_000)).slice(0, 10);
}

/**
 * What the town and secretaries act on: members with no visit this month, households not
 * visited for 30/60/90 days (月联月访), reopened cases; each list exports to Excel.
 */
@Component({
  selector: 'app-follow-up-page',
  imports: [FormsModule, RouterLink, NzButtonModule, NzCardModule, NzEmptyModule, NzRadioModule, NzResultModule, NzSpinModule, TranslatePipe, LabelPipe],
  templateUrl: './follow-up-page.html',
  styleUrl: './follow-up-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowUpPage {
  private readonly api = inject(AssessmentApi);
  private readonly branchApi = inject(BranchApi);
  private readonly auth = inject(AuthStore);
  protected readonly i18n = inject(I18n);

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly month = monthOf(new Date());
  protected readonly dayChoices = NOT_VISITED_DAYS;
  protected readonly days = signal<number>(30);

  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly branchName = computed(() => new Map((this.branches.value() ?? []).map((b) => [b.id, b.name])));
  protected readonly members = rxResource({
    stream: () => this.api.members(currentMonthPeriod(), { inactive: true }),
  });
  protected readonly households = rxResource({
    params: () => this.days(),
    stream: ({ params }) => this.api.notVisited(daysAgo(params)),
  });
  protected readonly reopened = rxResource({ stream: () => this.api.reopened() });
  protected readonly exporting = signal(false);

  protected when(iso: string | null | undefined): string {
    return iso ? formatShanghai(iso).slice(0, 10) : this.i18n.t('followUp.never');
  }

  protected exportMembers(): void {
    const rows = (this.members.value() ?? []).map((m) => [
      this.branchName().get(m.branchId) ?? '',
      m.memberName,
      m.coreHouseholds,
      m.lastVisitAt ? formatShanghai(m.lastVisitAt) : '',
    ]);
    saveCsv(`未走访党员-${this.month}.csv`, csvText(['支部', '党员', '联系户数', '最近走访'], rows));
  }

  protected exportHouseholds(): void {
    const rows = (this.households.value()?.items ?? []).map((h) => [
      this.branchName().get(h.branchId) ?? '',
      h.code,
      h.headName,
      h.villageGroup ?? '',
      h.lastVisitAt ? formatShanghai(h.lastVisitAt) : '从未走访',
    ]);
    saveCsv(`${this.days()}天未走访户-${daysAgo(0)}.csv`, csvText(['支部', '户号', '户主', '村民小组', '最近走访'], rows));
  }

  protected exportReopened(): void {
    this.exporting.set(true);
    this.api.reopenedXlsx().subscribe({
      next: (res) => {
        saveDownload(res, 'reopened-cases.xlsx');
        this.exporting.set(false);
      },
      error: () => this.exporting.set(false),
    });
  }
}
