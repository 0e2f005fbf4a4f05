import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { HttpResponse } from '@angular/common/http';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { currentMonthPeriod, formatShanghai, monthOf } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { LoadFailed } from '../shared/load-failed';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { Observable } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { AssessmentApi } from '../data/assessment-api';
import { BranchApi } from '../data/branch-api';
import { saveDownload } from '../town/download';

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
  imports: [
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzEmptyModule,
    NzRadioModule,
    LoadFailed,
    NzSpinModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './follow-up-page.html',
  styleUrl: './follow-up-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowUpPage {
  private readonly api = inject(AssessmentApi);
  private readonly branchApi = inject(BranchApi);
  private readonly auth = inject(AuthStore);
  protected readonly i18n = inject(I18n);
  private readonly message = inject(NzMessageService);

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly month = monthOf(new Date());
  protected readonly dayChoices = NOT_VISITED_DAYS;
  protected readonly days = signal<number>(30);

  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly branchName = computed(
    () => new Map((this.branches.value() ?? []).map((b) => [b.id, b.name])),
  );
  protected readonly members = rxResource({
    stream: () => this.api.members(currentMonthPeriod(), { inactive: true }),
  });
  protected readonly households = rxResource({
    params: () => this.days(),
    stream: ({ params }) => this.api.notVisited(daysAgo(params)),
  });
  protected readonly reopened = rxResource({ stream: () => this.api.reopened() });
  protected readonly exporting = signal<string | null>(null);

  protected when(iso: string | null | undefined): string {
    return iso ? formatShanghai(iso).slice(0, 10) : this.i18n.t('followUp.never');
  }

  protected exportMembers(): void {
    this.save(
      'members',
      this.api.inactiveMembersXlsx(currentMonthPeriod()),
      `inactive-members-${this.month}.xlsx`,
    );
  }

  protected exportHouseholds(): void {
    const since = daysAgo(this.days());
    this.save('households', this.api.notVisitedXlsx(since), `not-visited-households-${since}.xlsx`);
  }

  protected exportReopened(): void {
    this.save('reopened', this.api.reopenedXlsx(), 'reopened-cases.xlsx');
  }

  /** an Excel export from the server (Chinese headers; phones only where the caller sees them) */
  private save(key: string, request: Observable<HttpResponse<Blob>>, fallback: string): void {
    this.exporting.set(key);
    request.subscribe({
      next: (res) => {
        saveDownload(res, fallback);
        this.exporting.set(null);
      },
      error: () => {
        this.message.error(this.i18n.t('town.exportFailed'));
        this.exporting.set(null);
      },
    });
  }
}
