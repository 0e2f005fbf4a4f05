import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { can, ContactKind, HouseholdContact, HouseholdDetail, TEXT_LIMITS } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toAppError } from '../core/app-error';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { HouseholdApi } from '../data/household-api';
import { HouseholdDialog } from './household-dialog';
import { HouseholdHistory } from './household-history';
import { FieldLabel } from '../core/field-label';

/** One household for its secretary or staff: its data, its contacts (add, move, remove), edit, deactivate. */
@Component({
  selector: 'app-household-detail',
  imports: [
    FieldLabel,
    DatePipe,
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzInputModule,
    NzModalModule,
    NzPopconfirmModule,
    NzRadioModule,
    NzResultModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    HouseholdDialog,
    HouseholdHistory,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './household-detail.html',
  styleUrl: './household-detail.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // its rules are scoped by the host tag, like the other pages of the area
  encapsulation: ViewEncapsulation.None,
})
export class HouseholdDetailPage {
  private readonly api = inject(HouseholdApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly auth = inject(AuthStore);
  /** a secretary logs visits too, on the branch's visit form (staff do not visit households) */
  protected readonly canLogVisit = computed(() => can(this.auth.role(), 'workspace.branch'));
  /** erasing personal data (PIPL) is for town staff only */
  protected readonly canErase = computed(() => can(this.auth.role(), 'households.erase'));

  /** the route's :id */
  readonly id = input.required<string>();

  protected readonly household = rxResource({
    params: () => this.id(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly notFound = computed(() => {
    const error = this.household.error();
    return !!error && toAppError((error as { cause?: unknown }).cause ?? error).code === 'NOT_FOUND';
  });
  protected readonly roster = rxResource({
    params: () => (this.household.hasValue() ? this.household.value().branchId : undefined),
    stream: ({ params }) => this.api.roster(params),
  });
  protected readonly members = computed(() =>
    this.roster.hasValue() ? this.roster.value().members.filter((m) => m.active) : [],
  );

  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly memberId = signal<string | null>(null);
  protected readonly kind = signal<ContactKind>('core');
  protected readonly currentCore = computed(() =>
    this.household.hasValue()
      ? (this.household.value().contacts.find((c) => c.kind === 'core') ?? null)
      : null,
  );

  protected contactLabel(kind: ContactKind): string {
    return this.i18n.t(`contact.${kind}`);
  }

  protected addContact(): void {
    const memberId = this.memberId();
    if (!memberId || this.busy()) return;
    this.busy.set(true);
    this.api.setContact(this.id(), memberId, this.kind()).subscribe({
      next: (detail: HouseholdDetail) => {
        this.busy.set(false);
        this.household.set(detail);
        this.memberId.set(null);
        this.message.success(this.i18n.t('hh.saved'));
      },
      error: () => this.busy.set(false),
    });
  }

  protected removeContact(contact: HouseholdContact): void {
    this.api.removeContact(this.id(), contact.memberId).subscribe(() => {
      this.message.success(this.i18n.t('roster.removed'));
      this.household.reload();
    });
  }

  protected setActive(active: boolean): void {
    this.busy.set(true);
    this.api.update(this.id(), { active }).subscribe({
      next: () => {
        this.busy.set(false);
        this.message.success(this.i18n.t('hh.saved'));
        this.household.reload();
      },
      error: () => this.busy.set(false),
    });
  }

  protected readonly erasing = signal(false);
  protected readonly eraseReason = signal('');
  protected readonly eraseReasonMax = TEXT_LIMITS.reason;

  protected openErase(): void {
    this.eraseReason.set('');
    this.erasing.set(true);
  }

  /** POST /api/households/:id/erase: name, phone, address and tags go; visits and cases stay. */
  protected erase(): void {
    const reason = this.eraseReason().trim();
    if (!reason || this.busy()) return;
    this.busy.set(true);
    this.api.erase(this.id(), reason).subscribe({
      next: () => {
        this.busy.set(false);
        this.erasing.set(false);
        this.message.success(this.i18n.t('hh.erased'));
        this.household.reload();
      },
      error: () => this.busy.set(false),
    });
  }

  protected saved(): void {
    this.editing.set(false);
    this.household.reload();
  }
}
