import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ContactKind, Household, HouseholdDetail } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { catchError, debounceTime, distinctUntilChanged, finalize, map, of, Subject, switchMap } from 'rxjs';
import { toSignal } from '@angular/core/rxjs-interop';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { BranchApi } from '../data/branch-api';
import { HouseholdApi } from '../data/household-api';
import { Viewport } from '../layout/viewport';
import { RosterLine, rosterLines } from './roster-quota';
import { FieldLabel } from '../core/field-label';

/**
 * The 10+N of one branch: each member's core and extra households against the quota,
 * the households nobody looks after yet, and assigning or moving a contact in a few clicks.
 */
@Component({
  selector: 'app-roster-page',
  imports: [
    FieldLabel,
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzEmptyModule,
    NzIconModule,
    NzPopconfirmModule,
    NzRadioModule,
    LoadFailed,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './roster-page.html',
  styleUrls: ['./households-zorro.less', './roster-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this page needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class RosterPage {
  private readonly api = inject(HouseholdApi);
  private readonly branchApi = inject(BranchApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly auth = inject(AuthStore);
  protected readonly isPhone = inject(Viewport).isPhone;

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly branches = rxResource({
    params: () => (this.isStaff() ? true : undefined),
    stream: () => this.branchApi.list(),
  });
  /** staff choose a branch; a secretary's is their own */
  protected readonly pickedBranch = signal<string | null>(null);
  protected readonly branchId = computed(() =>
    this.isStaff() ? this.pickedBranch() : (this.auth.user()?.branchId ?? null),
  );

  protected readonly roster = rxResource({
    params: () => this.branchId() ?? undefined,
    stream: ({ params }) => this.api.roster(params),
  });
  protected readonly lines = computed(() => (this.roster.hasValue() ? rosterLines(this.roster.value()) : []));
  protected readonly assignable = computed(() => this.lines().filter((l) => l.active));

  protected readonly uncoveredPage = signal(1);
  protected readonly uncovered = rxResource({
    params: () => {
      const branchId = this.branchId();
      return branchId ? { branchId, page: this.uncoveredPage() } : undefined;
    },
    stream: ({ params }) =>
      this.api.list({ branchId: params.branchId, uncovered: true, page: params.page, pageSize: 10 }),
  });

  protected readonly uncoveredPages = computed(() =>
    Math.max(1, Math.ceil((this.uncovered.value()?.total ?? 0) / 10)),
  );

  /** the member whose households are unfolded */
  protected readonly openMember = signal<string | null>(null);
  protected readonly memberHouseholds = rxResource({
    params: () => {
      const memberId = this.openMember();
      const branchId = this.branchId();
      return memberId && branchId ? { memberId, branchId } : undefined;
    },
    stream: ({ params }) =>
      this.api.list({ branchId: params.branchId, contactMemberId: params.memberId, pageSize: 100 }),
  });

  // the assign panel: household (searched), member, kind
  private readonly search$ = new Subject<string>();
  protected readonly searching = signal(false);
  protected readonly options = toSignal(
    this.search$.pipe(
      map((q) => ({ branchId: this.branchId(), q: q.trim() })),
      debounceTime(250),
      distinctUntilChanged((a, b) => a.branchId === b.branchId && a.q === b.q),
      switchMap(({ branchId, q }) => {
        if (!branchId) return of([] as Household[]);
        this.searching.set(true);
        return this.api.list({ branchId, q: q || undefined, pageSize: 20 }).pipe(
          map((page) => page.items),
          catchError(() => of([] as Household[])),
          finalize(() => this.searching.set(false)),
        );
      }),
    ),
    { initialValue: [] as Household[] },
  );
  protected readonly householdId = signal<string | null>(null);
  protected readonly memberId = signal<string | null>(null);
  protected readonly kind = signal<ContactKind>('core');
  protected readonly assigning = signal(false);
  /** the chosen household with its current contacts, to warn before moving a core contact */
  protected readonly chosen = rxResource({
    params: () => this.householdId() ?? undefined,
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly currentCore = computed(() => {
    const detail = this.chosen.hasValue() ? this.chosen.value() : undefined;
    return detail?.contacts.find((c) => c.kind === 'core') ?? null;
  });
  /** a household picked from the uncovered list, offered even if the search has not found it */
  private readonly picked = signal<Household | null>(null);
  protected readonly householdOptions = computed(() => {
    const list = this.options();
    const picked = this.picked();
    return picked && !list.some((h) => h.id === picked.id) ? [picked, ...list] : list;
  });

  constructor() {
    effect(() => {
      // a new branch: nothing chosen carries over
      this.branchId();
      untracked(() => {
        this.householdId.set(null);
        this.memberId.set(null);
        this.openMember.set(null);
        this.uncoveredPage.set(1);
      });
    });
  }

  protected searchHouseholds(q: string): void {
    this.search$.next(q);
  }

  protected gapText(line: RosterLine): string {
    if (line.highlight === 'none') return this.i18n.t('common.none');
    if (line.highlight === 'at') return this.i18n.t('roster.status.at');
    return this.i18n.t(line.highlight === 'over' ? 'roster.status.over' : 'roster.status.under', {
      n: Math.abs(line.gap),
    });
  }

  protected contactLabel(kind: ContactKind): string {
    return this.i18n.t(`contact.${kind}`);
  }

  protected toggle(memberId: string): void {
    this.openMember.update((open) => (open === memberId ? null : memberId));
  }

  protected chooseHousehold(h: Household): void {
    this.picked.set(h);
    this.householdId.set(h.id);
    this.kind.set('core');
  }

  protected assign(): void {
    const householdId = this.householdId();
    const memberId = this.memberId();
    if (!householdId || !memberId || this.assigning()) return;
    const kind = this.kind();
    this.assigning.set(true);
    this.api.setContact(householdId, memberId, kind).subscribe({
      next: (detail: HouseholdDetail) => {
        this.assigning.set(false);
        const member = this.lines().find((l) => l.memberId === memberId)?.memberName ?? '';
        this.message.success(
          this.i18n.t('roster.assigned', {
            household: detail.headName,
            member,
            kind: this.i18n.t(`contact.${kind}`),
          }),
        );
        this.householdId.set(null);
        this.picked.set(null);
        this.refresh();
      },
      error: () => this.assigning.set(false),
    });
  }

  protected remove(household: Household, line: RosterLine): void {
    this.api.removeContact(household.id, line.memberId).subscribe(() => {
      this.message.success(this.i18n.t('roster.removed'));
      this.refresh();
    });
  }

  private refresh(): void {
    this.roster.reload();
    this.uncovered.reload();
    this.memberHouseholds.reload();
    if (this.householdId()) this.chosen.reload();
  }
}
