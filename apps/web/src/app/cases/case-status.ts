import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CaseStatus } from '@tenplusn/domain';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe } from '../core/i18n/translate-pipe';

const COLORS: Record<CaseStatus, string> = {
  open: 'orange',
  assigned: 'blue',
  in_progress: 'geekblue',
  resolved: 'cyan',
  closed: 'success',
  rejected: 'default',
};

/** The coloured status tag used wherever a case appears. */
@Component({
  selector: 'app-case-status',
  imports: [NzTagModule, LabelPipe],
  template: `<nz-tag [nzColor]="color()" [attr.data-status]="status()" data-testid="case-status">{{
    status() | label: 'status'
  }}</nz-tag>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseStatusTag {
  readonly status = input.required<CaseStatus>();
  protected readonly color = computed(() => COLORS[this.status()]);
}
