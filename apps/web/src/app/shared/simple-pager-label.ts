import { AfterViewChecked, Directive, ElementRef, inject } from '@angular/core';
import { I18n } from '../core/i18n/i18n';

/**
 * ng-zorro's simple pager (`<nz-pagination nzSimple>`, the lists on a phone) renders its page
 * box as a bare `<input size="3">` with no label, which screen readers announce as an unnamed
 * field (axe: "Form elements must have labels"). `<nz-pagination nzSimple appPagerLabel>` names it
 * 页码 / Page number.
 */
@Directive({ selector: '[appPagerLabel]' })
export class SimplePagerLabel implements AfterViewChecked {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly i18n = inject(I18n);

  ngAfterViewChecked(): void {
    const input = this.host.nativeElement.querySelector('.ant-pagination-simple-pager input');
    const label = this.i18n.t('common.pageNumber');
    if (input && input.getAttribute('aria-label') !== label) input.setAttribute('aria-label', label);
  }
}
