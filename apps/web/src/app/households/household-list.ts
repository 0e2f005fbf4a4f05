import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { DEFAULT_PAGE_SIZE, Household, HOUSEHOLD_TAGS, HouseholdTag } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzListModule } from 'ng-zorro-antd/list';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { SimplePagerLabel } from '../shared/simple-pager-label';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../core/auth-store';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { BranchApi } from '../data/branch-api';
import { HouseholdApi } from '../data/household-api';
import { Viewport } from '../layout/viewport';
import { HouseholdDialog } from './household-dialog';
import { FieldLabel } from '../core/field-label';

/** The branch's households (staff: any branch) with search, tag and coverage filters. */
@Component({
  selector: 'app-household-list',
  imports: [
    FieldLabel,
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCheckboxModule,
    NzEmptyModule,
    NzInputModule,
    NzListModule,
    NzPaginationModule,
    SimplePagerLabel,
    LoadFailed,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    HouseholdDialog,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './household-list.html',
  styleUrls: ['./households-zorro.less', './household-list.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this page needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class HouseholdList {
  private readonly api = inject(HouseholdApi);
  private readonly branchApi = inject(BranchApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly isPhone = inject(Viewport).isPhone;

  protected readonly tags = HOUSEHOLD_TAGS;
  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly pickedBranch = signal<string | null>(null);
  protected readonly branchId = computed(() =>
    this.isStaff() ? this.pickedBranch() : (this.auth.user()?.branchId ?? null),
  );
  protected readonly branchName = computed(() => {
    const names = new Map((this.branches.hasValue() ? this.branches.value() : []).map((b) => [b.id, b.name]));
    return (id: string) => names.get(id) ?? '';
  });

  protected readonly q = signal('');
  protected readonly tag = signal<HouseholdTag | null>(null);
  protected readonly uncovered = signal(false);
  protected readonly includeInactive = signal(false);
  protected readonly page = signal(1);
  protected readonly households = rxResource({
    params: () => ({
      branchId: this.branchId() ?? undefined,
      q: this.q() || undefined,
      tag: this.tag() ?? undefined,
      uncovered: this.uncovered(),
      includeInactive: this.includeInactive(),
      page: this.page(),
      pageSize: DEFAULT_PAGE_SIZE,
    }),
    stream: ({ params }) => this.api.list(params),
  });

  protected readonly creating = signal(false);

  protected filter(change: () => void): void {
    change();
    this.page.set(1);
  }

  protected created(household: Household): void {
    this.creating.set(false);
    void this.router.navigate(['/households', household.id]);
  }
}
