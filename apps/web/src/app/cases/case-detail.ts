import { DatePipe, Location } from '@angular/common';
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
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { can, CaseEvent, isOverdue, TEXT_LIMITS } from '@tenplusn/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTimelineModule } from 'ng-zorro-antd/timeline';
import { Router, RouterLink } from '@angular/router';
import { toAppError } from '../core/app-error';
import { AuthStore, homeFor } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseApi } from '../data/case-api';
import { Viewport } from '../layout/viewport';
import { CaseActions } from './case-actions';
import { CaseStatusTag } from './case-status';

const EVENT_COLORS: Partial<Record<CaseEvent['type'], string>> = {
  created: 'blue',
  close: 'green',
  resolve: 'green',
  reject: 'gray',
  reopen: 'red',
  escalate: 'red',
  deescalate: 'purple',
  comment: 'gray',
  pause: 'orange',
  resume: 'blue',
};

@Component({
  selector: 'app-case-detail',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDescriptionsModule,
    NzFormModule,
    NzInputModule,
    NzResultModule,
    NzSpinModule,
    NzTagModule,
    NzTimelineModule,
    CaseActions,
    CaseStatusTag,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './case-detail.html',
  styleUrls: ['./case-detail-zorro.less', './case-detail.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class CaseDetailPage {
  private readonly api = inject(CaseApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly location = inject(Location);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  protected readonly isPhone = inject(Viewport).isPhone;

  /** route parameter */
  readonly id = input.required<string>();

  protected readonly detail = rxResource({
    params: () => ({ id: this.id() }),
    stream: ({ params }) => this.api.get(params.id),
  });
  protected readonly errorCode = computed(() => {
    const error = this.detail.error();
    return error ? toAppError((error as { cause?: unknown }).cause ?? error).code : null;
  });
  protected readonly overdue = computed(() => {
    const c = this.detail.hasValue() ? this.detail.value() : undefined;
    return c ? isOverdue(c) : false;
  });
  /** the household page is in the managers' households area; a member sees the name only */
  protected readonly canOpenHousehold = computed(() => can(this.auth.role(), 'households.manage'));
  protected readonly eventColor = (type: CaseEvent['type']) => EVENT_COLORS[type] ?? 'blue';

  protected readonly commentForm = inject(NonNullableFormBuilder).group({
    body: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.longText)]],
  });
  protected readonly sendingComment = signal(false);

  /** Back to where the user came from; a deep link goes to the role's start page. */
  protected back(): void {
    const state = this.location.getState() as { navigationId?: number } | null;
    if (state?.navigationId && state.navigationId > 1) this.location.back();
    else void this.router.navigateByUrl(homeFor(this.auth.role()));
  }

  protected reload(): void {
    this.detail.reload();
  }

  protected sendComment(): void {
    const body = this.commentForm.getRawValue().body.trim();
    if (!body) return;
    this.sendingComment.set(true);
    this.api.comment(this.id(), body).subscribe({
      next: () => {
        this.sendingComment.set(false);
        this.commentForm.reset();
        this.message.success(this.i18n.t('action.commentSent'));
        this.detail.reload();
      },
      error: () => this.sendingComment.set(false),
    });
  }
}
