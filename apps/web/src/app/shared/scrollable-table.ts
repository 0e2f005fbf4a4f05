import { AfterViewChecked, Directive, ElementRef, inject, input } from '@angular/core';
import { I18n } from '../core/i18n/i18n';

/**
 * A table wider than the screen scrolls sideways inside its own box (`.ant-table-content`,
 * styles.less). A box that scrolls must take the keyboard's focus, or someone without a
 * pointer cannot read its hidden columns (axe: scrollable-region-focusable).
 * `<nz-table [appScrollableTable]="label">` makes the box a region named `label` (empty: 表格),
 * focusable while — and only while — it overflows.
 */
@Directive({ selector: '[appScrollableTable]' })
export class ScrollableTable implements AfterViewChecked {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly i18n = inject(I18n);
  /** what the region is called (empty: 表格) */
  readonly appScrollableTable = input<string>('');

  ngAfterViewChecked(): void {
    const box = this.host.nativeElement.querySelector<HTMLElement>('.ant-table-content');
    if (!box) return;
    const overflows = box.scrollWidth > box.clientWidth;
    if (overflows && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', this.appScrollableTable() || this.i18n.t('common.table'));
    } else if (!overflows && box.hasAttribute('tabindex')) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}
