import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  signal,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzLayoutModule } from 'ng-zorro-antd/layout';
import { NzMenuModule } from 'ng-zorro-antd/menu';
import { AuthStore } from '../core/auth-store';
import { Connectivity } from '../core/connectivity';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { VisitQueue } from '../field/visit-queue';
import { InboxBell } from '../inbox/inbox-bell';
import { navigationFor } from './navigation';
import { Viewport } from './viewport';

@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    NgTemplateOutlet,
    RouterLink,
    NzLayoutModule,
    NzMenuModule,
    NzDrawerModule,
    NzButtonModule,
    NzIconModule,
    InboxBell,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './shell.html',
  styleUrls: ['./shell-zorro.less', './shell.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this component needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class Shell {
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthStore);
  protected readonly i18n = inject(I18n);
  protected readonly queue = inject(VisitQueue);
  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly online = inject(Connectivity).online;
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

  protected toggleLanguage(): void {
    this.i18n.use(this.i18n.language() === 'zh-CN' ? 'en' : 'zh-CN');
  }

  protected logout(): void {
    this.drawerOpen.set(false);
    if (this.queue.count() > 0 && !this.confirmingLogout()) {
      this.confirmingLogout.set(true);
      return;
    }
    this.confirmingLogout.set(false);
    this.auth.logout().subscribe(() => void this.router.navigate(['/login']));
  }
}
