import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { Icon } from '../layout/icon';
import { SHELL_ICONS } from '../layout/shell-icons';
import { UnreadCount } from './unread-count';

/** The bell in every role's header: the unread count, a link to the inbox. */
@Component({
  selector: 'app-inbox-bell',
  imports: [RouterLink, Icon, TranslatePipe],
  template: `
    <a
      class="ant-btn ant-btn-text bell"
      routerLink="/inbox"
      [attr.aria-label]="'inbox.bell' | t: { count: unread.value() ?? 0 }"
      [attr.title]="'inbox.bell' | t: { count: unread.value() ?? 0 }"
      data-testid="inbox-bell"
    >
      <app-icon [icon]="bell" class="bell-icon" />
      @if (unread.value(); as count) {
        <span class="count" data-testid="inbox-unread">{{ count > 99 ? '99+' : count }}</span>
      }
    </a>
  `,
  styles: `
    .bell {
      position: relative;
      display: inline-flex;
      align-items: center;
      padding: 0 10px;
      /* a touch target of 44 px */
      min-width: 44px;
      min-height: 44px;
      color: inherit;
    }
    .count {
      position: absolute;
      top: 50%;
      left: 22px;
      transform: translateY(-120%);
      min-width: 18px;
      height: 18px;
      padding: 0 5px;
      border-radius: 9px;
      /* white on it at 4.5:1 or better (#ff4d4f was 3.3:1) */
      background: #cf1322;
      color: #fff;
      font-size: 11px;
      line-height: 18px;
      text-align: center;
      box-shadow: 0 0 0 1px #fff;
    }
    .bell-icon {
      font-size: 18px;
      color: inherit;
    }
    :host-context(.phone) .bell-icon {
      color: #fff;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxBell {
  protected readonly unread = inject(UnreadCount);
  protected readonly bell = SHELL_ICONS['bell'];

  constructor() {
    this.unread.watch();
  }
}
