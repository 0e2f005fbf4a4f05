import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  untracked,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import {
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  Case,
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_PRIORITIES,
  CaseCategory,
  CaseKind,
  CasePriority,
  CreateVisitRequest,
  isVisitTimeAcceptable,
  MAX_PAGE_SIZE,
  VISIT_ACTIVITIES,
  VISIT_METHODS,
  VisitActivity,
  VisitMethod,
  TEXT_LIMITS,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzIconModule, provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { PlusOutline } from '@ant-design/icons-angular/icons';
import { AuthStore } from '../core/auth-store';
import { revealErrors } from '../core/reveal-errors';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { HouseholdApi } from '../data/household-api';
import { DuplicateNotice } from './duplicate-notice';
import { PendingDuplicates } from './pending-duplicates';
import { VisitQueue } from './visit-queue';
import { randomUuid } from '../core/random-uuid';
import { Notice } from '../core/notice';

type CaseItemForm = FormGroup<{
  kind: FormControl<CaseKind>;
  /** no default: the member must choose (a silent 其他 hid problems from the right office) */
  category: FormControl<CaseCategory | null>;
  title: FormControl<string>;
  description: FormControl<string>;
  priority: FormControl<CasePriority>;
}>;

/** 'YYYY-MM-DDTHH:mm' in the device's time zone, as <input type="datetime-local"> wants it. */
function localDateTime(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

interface HouseholdOption {
  value: string;
  label: string;
}

const SEARCH_PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;

type Outcome = { status: 'sent'; cases: Case[] } | { status: 'queued' };

/** Logging a visit on a phone: household, time, method, activities, and what was heard. */
@Component({
  selector: 'app-visit-form',
  imports: [
    DuplicateNotice,
    PendingDuplicates,
    ReactiveFormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzCheckboxModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzRadioModule,
    NzResultModule,
    NzSelectModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './visit-form.html',
  styleUrl: './visit-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // its one icon (the member's pages do not load the desk's icon set, desk.routes.ts)
  providers: [provideNzIconsPatch([PlusOutline])],
})
export class VisitForm {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly auth = inject(AuthStore);
  private readonly households = inject(HouseholdApi);
  private readonly queue = inject(VisitQueue);
  private readonly message = inject(Notice);
  private readonly i18n = inject(I18n);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** query parameter: the household tapped in "my households" */
  readonly householdId = input<string>();

  protected readonly methods = VISIT_METHODS;
  protected readonly kinds = CASE_KINDS;
  protected readonly categories = CASE_CATEGORIES;
  protected readonly priorities = CASE_PRIORITIES;
  protected readonly activityOptions = computed(() => {
    this.i18n.language();
    return VISIT_ACTIVITIES.map((value) => ({ value, label: this.i18n.t(`activity.${value}`) }));
  });

  /** A member visits their own households; a secretary any household of the branch (the API's scope). */
  protected readonly isMember = computed(() => this.auth.role() === 'member');
  protected readonly myHouseholds = rxResource({
    params: () => ({ memberId: this.auth.user()?.id ?? '', member: this.isMember() }),
    stream: ({ params }) =>
      this.households.list(
        params.member
          ? { contactMemberId: params.memberId, pageSize: MAX_PAGE_SIZE }
          : { pageSize: MAX_PAGE_SIZE },
      ),
  });
  /**
   * More households than one page (a secretary's village has up to a thousand): the picker asks
   * the API (`q`: code, head name, address) instead of filtering the first page, so that every
   * household can be found. A member's own households fit one page and filter on the phone,
   * also offline.
   */
  protected readonly searchOnServer = computed(() => {
    const page = this.myHouseholds.hasValue() ? this.myHouseholds.value() : undefined;
    return !!page && page.total > page.items.length;
  });
  /** what is typed into the picker, applied a moment after the typing stops */
  private readonly searchTerm = signal('');
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  protected readonly searched = rxResource({
    params: () => {
      const q = this.searchTerm().trim();
      return this.searchOnServer() && q ? { q } : undefined;
    },
    stream: ({ params }) => this.households.list({ q: params.q, pageSize: SEARCH_PAGE_SIZE }),
  });
  /** the chosen household, kept as an option while the picker shows other search results */
  private readonly chosen = signal<HouseholdOption | null>(null);
  protected readonly householdOptions = computed(() => {
    const searched = this.searched.hasValue() ? this.searched.value()?.items : undefined;
    const base = this.myHouseholds.hasValue() ? (this.myHouseholds.value()?.items ?? []) : [];
    const options = (searched ?? base).map(
      (h): HouseholdOption => ({ value: h.id, label: `${h.headName}（${h.code}）` }),
    );
    const chosen = this.chosen();
    return chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  });

  protected onHouseholdSearch(term: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.searchTerm.set(term), SEARCH_DEBOUNCE_MS);
  }

  protected readonly form = this.fb.group({
    householdId: ['', Validators.required],
    visitedAt: [localDateTime(new Date()), Validators.required],
    method: ['in_person' as VisitMethod, Validators.required],
    activities: this.fb.control<VisitActivity[]>([], Validators.required),
    notes: ['', Validators.maxLength(TEXT_LIMITS.longText)],
    cases: new FormArray<CaseItemForm>([]),
  });
  /** the form as it is being filled in, for the duplicate hint before saving */
  private readonly formValue = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly householdValue = computed(() => this.formValue().householdId || null);
  protected categoryOf(index: number): CaseCategory | null {
    return this.formValue().cases?.[index]?.category ?? null;
  }
  protected readonly submitting = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly createdCases = computed(() => {
    const outcome = this.outcome();
    return outcome?.status === 'sent' ? outcome.cases : [];
  });
  protected readonly maxVisitedAt = localDateTime(new Date(Date.now() + 60 * 60_000));

  constructor() {
    effect(() => {
      const id = this.householdId();
      if (id) untracked(() => this.form.controls.householdId.setValue(id));
    });
    // keep the chosen household's name while the picker lists other search results
    effect(() => {
      const id = this.householdValue();
      untracked(() => {
        if (!id) {
          this.chosen.set(null);
          return;
        }
        const option = this.householdOptions().find((o) => o.value === id);
        if (option) this.chosen.set(option);
      });
    });
    // opened from a household's page ("log a visit") whose household is not on the first page
    effect(() => {
      const id = this.householdId();
      if (!id || !this.myHouseholds.hasValue() || !this.searchOnServer()) return;
      if (this.myHouseholds.value()?.items.some((h) => h.id === id)) return;
      untracked(() =>
        this.households.get(id).subscribe({
          next: (h) => this.chosen.set({ value: h.id, label: `${h.headName}（${h.code}）` }),
          error: () => undefined, // the picker stays empty; the required check asks for a household
        }),
      );
    });
  }

  protected get caseItems(): FormArray<CaseItemForm> {
    return this.form.controls.cases;
  }

  protected addItem(kind: CaseKind = 'problem'): void {
    this.caseItems.push(
      this.fb.group({
        kind: this.fb.control<CaseKind>(kind, Validators.required),
        category: new FormControl<CaseCategory | null>(null, Validators.required),
        title: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.caseTitle)]],
        description: ['', Validators.maxLength(TEXT_LIMITS.longText)],
        priority: this.fb.control<CasePriority>('normal'),
      }),
    );
  }

  protected removeItem(index: number): void {
    this.caseItems.removeAt(index);
  }

  protected async submit(): Promise<void> {
    if (!revealErrors(this.form)) {
      this.message.warning(this.i18n.t('visit.invalid'));
      this.showFirstMissing();
      return;
    }
    const value = this.form.getRawValue();
    const visitedAt = new Date(value.visitedAt);
    if (Number.isNaN(visitedAt.getTime()) || !isVisitTimeAcceptable(visitedAt)) {
      this.form.controls.visitedAt.setErrors({ future: true });
      this.message.warning(this.i18n.t('visit.futureTime'));
      return;
    }
    const request: CreateVisitRequest = {
      clientId: randomUuid(),
      householdId: value.householdId,
      visitedAt: visitedAt.toISOString(),
      method: value.method,
      activities: value.activities,
      notes: value.notes.trim() || undefined,
      cases: value.cases.length
        ? value.cases.map((item) => ({
            kind: item.kind,
            category: item.category as CaseCategory,
            title: item.title.trim(),
            description: item.description.trim() || undefined,
            priority: item.priority,
          }))
        : undefined,
    };
    this.submitting.set(true);
    try {
      const household = this.householdOptions().find((o) => o.value === request.householdId);
      const result = await this.queue.submit(request, household?.label);
      if (result.status === 'sent') {
        const cases = result.response.cases ?? [];
        this.outcome.set({ status: 'sent', cases });
        this.message.success(
          cases.length
            ? this.i18n.t('visit.savedWithCases', { count: cases.length })
            : this.i18n.t('visit.saved'),
        );
      } else {
        this.outcome.set({ status: 'queued' });
      }
    } catch {
      // the interceptor has told the user what went wrong; the form keeps its content
    } finally {
      this.submitting.set(false);
    }
  }

  /** Scrolls the first field with an error into view and puts the cursor there (after the error tips render). */
  private showFirstMissing(): void {
    afterNextRender(
      () => {
        const item = this.host.nativeElement.querySelector<HTMLElement>('.ant-form-item-has-error');
        if (!item) return;
        item.scrollIntoView({ block: 'center', behavior: 'smooth' });
        item
          .querySelector<HTMLElement>('input:not([type=hidden]), textarea, nz-select, [tabindex]')
          ?.focus({ preventScroll: true });
      },
      { injector: this.injector },
    );
  }

  protected another(): void {
    this.outcome.set(null);
    this.caseItems.clear();
    this.form.reset({
      householdId: '',
      visitedAt: localDateTime(new Date()),
      method: 'in_person',
      activities: [],
      notes: '',
    });
  }
}
