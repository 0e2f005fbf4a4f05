import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  ViewEncapsulation,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthStore } from '../core/auth-store';
import { Connectivity } from '../core/connectivity';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { VisitQueue } from '../field/visit-queue';
import { InboxBell } from '../inbox/inbox-bell';
import { Icon } from './icon';
import { navigationFor } from './navigation';
import { SHELL_ICONS } from './shell-icons';
import { Viewport } from './viewport';

/**
 * The frame of every signed-in page: side menu (desktop) or header and drawer (phone). Plain
 * HTML on ng-zorro's class names (the few rules it needs in shell-frame.css, buttons from the
 * global styles), without ng-zorro's modules (the CDK overlay, the icon service): the member's
 * home is a first load within the budget (docs/measurements.md).
 */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    NgTemplateOutlet,
    RouterLink,
    RouterLinkActive,
    Icon,
    InboxBell,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './shell.html',
  styleUrls: ['./shell-frame.css', './shell.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
  host: { '(document:keydown.escape)': 'closeDrawer()' },
})
export class Shell {
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  protected readonly auth = inject(AuthStore);
  protected readonly i18n = inject(I18n);
  protected readonly queue = inject(VisitQueue);
  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly online = inject(Connectivity).online;
  protected readonly icons = SHELL_ICONS;
  protected readonly drawerOpen = signal(false);
  /** sign-out was asked for while visits wait on this device: say so first */
  protected readonly confirmingLogout = signal(false);
  protected readonly nav = computed(() => navigationFor(this.auth.role()));
  /** 演示数据: a demo account, or an instance that holds the demo town (its sentence's key, or null) */
  protected readonly demoNotice = computed(() => {
    const user = this.auth.user();
    if (user?.demo) return 'demo.account' as const;
    return user?.demoData ? ('demo.instance' as const) : null;
  });
  private readonly drawer = viewChild<ElementRef<HTMLElement>>('drawer');
  private readonly menuButton = viewChild<ElementRef<HTMLElement>>('menuButton');

  protected toggleLanguage(): void {
    void this.i18n.use(this.i18n.language() === 'zh-CN' ? 'en' : 'zh-CN');
  }

  protected openDrawer(): void {
    this.drawerOpen.set(true);
    afterNextRender(
      () => this.drawer()?.nativeElement.querySelector<HTMLElement>('.ant-drawer-close')?.focus(),
      {
        injector: this.injector,
      },
    );
  }

  protected closeDrawer(returnFocus = true): void {
    if (!this.drawerOpen()) return;
    this.drawerOpen.set(false);
    if (returnFocus) this.menuButton()?.nativeElement.focus();
  }

  /** Tab stays inside the open drawer (a modal dialog). */
  protected trapFocus(event: Event): void {
    const panel = this.drawer()?.nativeElement;
    if (!panel) return;
    const focusable = Array.from(panel.querySelectorAll<HTMLElement>('a[href], button:not([disabled])'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const shift = (event as KeyboardEvent).shiftKey;
    if (shift && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!shift && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  protected logout(): void {
    this.closeDrawer(false);
    if (this.queue.count() > 0 && !this.confirmingLogout()) {
      this.confirmingLogout.set(true);
      return;
    }
    this.confirmingLogout.set(false);
    this.auth.logout().subscribe(() => void this.router.navigate(['/login']));
  }
}
