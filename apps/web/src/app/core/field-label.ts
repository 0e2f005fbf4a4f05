import {
  afterNextRender,
  afterRenderEffect,
  DestroyRef,
  Directive,
  ElementRef,
  inject,
  input,
} from '@angular/core';

/**
 * Names the inputs inside an ng-zorro select or date picker for screen readers (axe: every
 * form field has a label). Those widgets render their own <input>s, re-create them as the
 * user types or switches modes, and offer no aria-label: set it on each, now and later.
 */
@Directive({ selector: '[appFieldLabel]' })
export class FieldLabel {
  readonly appFieldLabel = input.required<string>();

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const apply = () => {
      const label = this.appFieldLabel();
      host.querySelectorAll('input').forEach((el) => {
        if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
      });
    };
    afterRenderEffect(() => apply());
    if (typeof MutationObserver !== 'undefined') {
      const observer = new MutationObserver(() => apply());
      // from the first render on: the widget's children can appear before the label is bound (NG0950)
      afterNextRender(() => observer.observe(host, { childList: true, subtree: true }));
      inject(DestroyRef).onDestroy(() => observer.disconnect());
    }
  }
}
