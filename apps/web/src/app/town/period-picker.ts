import { ChangeDetectionStrategy, Component, input, output, ViewEncapsulation } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { FieldLabel } from '../core/field-label';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { PeriodChoice } from './period';
import { UrlPeriod } from './url-period';

/**
 * The figures pages' period controls: by month or a free range of days, nothing after today.
 * The state is the page's UrlPeriod; `changed` tells the page to write its URL. Used by the
 * town dashboard and the member-activity page (their test ids: `<testIdPrefix>-month`,
 * `<testIdPrefix>-range`, and `period-mode`).
 */
@Component({
  selector: 'app-period-picker',
  imports: [FormsModule, NzDatePickerModule, NzRadioModule, FieldLabel, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the dropdown is rendered outside the component (an overlay): its rule must be global
  encapsulation: ViewEncapsulation.None,
  styles: `
    app-period-picker {
      display: contents;
    }
    /* the range picker's two months one above the other on a phone, so the panel stays on-screen */
    @media (max-width: 600px) {
      .period-range-dropdown .ant-picker-panels {
        flex-direction: column;
      }
      .period-range-dropdown .ant-picker-panel-container {
        max-width: calc(100vw - 16px);
      }
    }
  `,
  template: `
    <nz-radio-group [ngModel]="picker().mode()" (ngModelChange)="setMode($event)" data-testid="period-mode">
      <label nz-radio-button nzValue="month">{{ 'town.byMonth' | t }}</label>
      <label nz-radio-button nzValue="range">{{ 'town.byRange' | t }}</label>
    </nz-radio-group>
    @if (picker().mode() === 'month') {
      <nz-date-picker
        nzMode="month"
        [nzAllowClear]="false"
        [nzDisabledDate]="disabledDate"
        [ngModel]="picker().pickedMonth()"
        (ngModelChange)="setMonth($event)"
        [appFieldLabel]="'town.month' | t"
        [nzPlaceHolder]="'town.month' | t"
        [attr.data-testid]="testIdPrefix() + '-month'"
      />
    } @else {
      <nz-range-picker
        [appFieldLabel]="'town.byRange' | t"
        nzDropdownClassName="period-range-dropdown"
        [nzDisabledDate]="disabledDate"
        [ngModel]="picker().range()"
        (ngModelChange)="setRange($event)"
        [attr.data-testid]="testIdPrefix() + '-range'"
      />
    }
  `,
})
export class PeriodPicker {
  readonly picker = input.required<UrlPeriod>();
  readonly testIdPrefix = input('period');
  /** the period changed (the page writes it into its URL) */
  readonly changed = output<void>();

  protected readonly disabledDate = (date: Date) => date.getTime() > Date.now();

  protected setMode(mode: PeriodChoice['mode']): void {
    this.picker().setMode(mode);
    this.changed.emit();
  }
  protected setMonth(month: Date | null): void {
    this.picker().setMonth(month);
    this.changed.emit();
  }
  protected setRange(range: Date[] | null): void {
    this.picker().setRange(range);
    this.changed.emit();
  }
}
