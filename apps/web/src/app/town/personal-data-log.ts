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
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { formatShanghai, PERSONAL_DATA_ACTIONS, PersonalDataAction } from '@tenplusn/domain';
import { of } from 'rxjs';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { I18n } from '../core/i18n/i18n';
import { FieldLabel } from '../core/field-label';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { TranslationKey } from '../core/i18n/zh-cn';
import { AuditApi } from '../data/audit-api';
import { UserApi } from '../data/user-api';

const ACTION_COLORS: Record<PersonalDataAction, string> = {
  view: 'blue',
  export: 'orange',
  import: 'purple',
  update: 'default',
  erase: 'red',
};

/** The day after a calendar date: the API's `to` is exclusive, the page's is inclusive. */
export function dayAfter(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Town staff search the personal-data log (PIPL): who saw, exported, imported, changed or erased what. */
@Component({
  selector: 'app-personal-data-log',
  imports: [
    FormsModule,
    FieldLabel,
    RouterLink,
    NzButtonModule,
    NzInputModule,
    LoadFailed,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
  ],
  templateUrl: './personal-data-log.html',
  // ng-zorro's table styles arrive with this page (ViewEncapsulation.None: they style nz-table's
  // own elements), so its own rules are prefixed with the host's tag
  styleUrls: ['../cases/case-table-zorro.less', './personal-data-log.css'],
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PersonalDataLogPage {
  private readonly api = inject(AuditApi);
  private readonly users = inject(UserApi);
  private readonly i18n = inject(I18n);
  protected readonly actions = PERSONAL_DATA_ACTIONS;
  protected readonly colors = ACTION_COLORS;

  /** ?householdId= from a household page */
  readonly householdId = input<string>();

  protected readonly action = signal<PersonalDataAction | null>(null);
  protected readonly actorId = signal<string | null>(null);
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly household = linkedSignal(() => this.householdId() ?? null);
  protected readonly page = signal(1);
  protected readonly actorSearch = signal('');

  protected readonly actors = rxResource({
    params: () => this.actorSearch(),
    stream: ({ params }) => this.users.list({ q: params || undefined, pageSize: 20 }),
  });

  protected readonly log = rxResource({
    params: () => ({
      action: this.action() ?? undefined,
      actorId: this.actorId() ?? undefined,
      householdId: this.household() ?? undefined,
      from: this.from() || undefined,
      to: this.to() ? dayAfter(this.to()) : undefined,
      page: this.page(),
      pageSize: 20,
    }),
    stream: ({ params }) =>
      params.from && params.to && params.from >= params.to ? of(null) : this.api.personalData(params),
  });
  protected readonly badRange = computed(() => !!this.from() && !!this.to() && this.from() > this.to());

  protected actionLabel(action: PersonalDataAction): string {
    return this.i18n.t(`pdlog.action.${action}` as TranslationKey);
  }

  protected at(iso: string): string {
    return formatShanghai(new Date(iso));
  }

  /** any filter change starts again at page 1 */
  protected filter(change: () => void): void {
    change();
    this.page.set(1);
  }
}
