import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  ViewEncapsulation,
} from '@angular/core';
import { DomSanitizer } from '@angular/platform-browser';
import type { IconDefinition } from '@ant-design/icons-angular';

/**
 * An Ant Design icon drawn from its definition (`@ant-design/icons-angular/icons`), without
 * ng-zorro's icon service and its colour libraries (≈ 10 KB gzip): for the shell and the
 * member's pages, which must stay within the first load's budget (docs/measurements.md).
 * Decorative: the control around it carries the name.
 */
@Component({
  selector: 'app-icon',
  template: '',
  host: { class: 'anticon app-icon', 'aria-hidden': 'true', '[innerHTML]': 'svg()' },
  styles: `
    .app-icon {
      display: inline-flex;
      align-items: center;
      line-height: 0;
    }
    .app-icon svg {
      width: 1em;
      height: 1em;
      fill: currentColor;
    }
  `,
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Icon {
  private readonly sanitizer = inject(DomSanitizer);
  /** a name missing from the shell's table draws nothing (shell-icons.spec.ts checks the menu's names) */
  readonly icon = input.required<IconDefinition | undefined>();
  // the definitions are constants of the icon package, never user input
  protected readonly svg = computed(() => this.sanitizer.bypassSecurityTrustHtml(this.icon()?.icon ?? ''));
}
