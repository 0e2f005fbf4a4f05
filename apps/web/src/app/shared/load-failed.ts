import { ChangeDetectionStrategy, Component, output } from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzResultModule } from 'ng-zorro-antd/result';
import { TranslatePipe } from '../core/i18n/translate-pipe';

/**
 * What a page shows where its data could not be loaded: the general error and a retry button
 * (`<app-load-failed (retry)="resource.reload()" />`).
 */
@Component({
  selector: 'app-load-failed',
  imports: [NzButtonModule, NzResultModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: block; }',
  template: `
    <nz-result nzStatus="warning" [nzTitle]="'errors.UNKNOWN' | t">
      <div nz-result-extra>
        <button nz-button (click)="retry.emit()">{{ 'common.retry' | t }}</button>
      </div>
    </nz-result>
  `,
})
export class LoadFailed {
  readonly retry = output<void>();
}
