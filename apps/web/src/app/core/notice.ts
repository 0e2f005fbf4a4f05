import { EnvironmentInjector, inject, Injectable } from '@angular/core';
import type { NzMessageService } from 'ng-zorro-antd/message';

export interface NoticeOptions {
  /** milliseconds; ng-zorro's default (3 s) when not given */
  duration?: number;
}

/**
 * Short messages at the top of the page (ng-zorro's message service), loaded on the first
 * message: the message service and the CDK overlay under it (≈ 20 KB gzip) stay out of the
 * first load of every page that shows none (docs/measurements.md). Offline before it was ever
 * loaded (a member's first message with no signal), the message shows in a plain box instead.
 */
@Injectable({ providedIn: 'root' })
export class Notice {
  private readonly injector = inject(EnvironmentInjector);
  private service?: Promise<NzMessageService>;

  success(text: string, options?: NoticeOptions): void {
    void this.show('success', text, options);
  }

  error(text: string, options?: NoticeOptions): void {
    void this.show('error', text, options);
  }

  info(text: string, options?: NoticeOptions): void {
    void this.show('info', text, options);
  }

  warning(text: string, options?: NoticeOptions): void {
    void this.show('warning', text, options);
  }

  private async show(
    kind: 'success' | 'error' | 'info' | 'warning',
    text: string,
    options?: NoticeOptions,
  ): Promise<void> {
    this.service ??= import('ng-zorro-antd/message').then((m) => this.injector.get(m.NzMessageService));
    let service: NzMessageService;
    try {
      service = await this.service;
    } catch {
      // offline and never loaded: say it the plain way rather than not at all (tried again next time)
      this.service = undefined;
      plainNotice(kind, text, options?.duration ?? 3000);
      return;
    }
    service[kind](text, options?.duration === undefined ? undefined : { nzDuration: options.duration });
  }
}

/** A message without ng-zorro: a box at the top of the page, read out by screen readers. */
function plainNotice(kind: 'success' | 'error' | 'info' | 'warning', text: string, duration: number): void {
  const box = document.createElement('div');
  box.setAttribute('role', kind === 'error' || kind === 'warning' ? 'alert' : 'status');
  box.dataset['testid'] = 'plain-notice';
  box.textContent = text;
  Object.assign(box.style, {
    position: 'fixed',
    top: '16px',
    left: '50%',
    transform: 'translateX(-50%)',
    maxWidth: 'calc(100% - 32px)',
    padding: '10px 16px',
    zIndex: '1010',
    background: '#fff',
    color: kind === 'error' ? '#a8071a' : 'rgba(0, 0, 0, 0.85)',
    borderRadius: '4px',
    boxShadow: '0 6px 16px rgba(0, 0, 0, 0.16)',
  });
  document.body.appendChild(box);
  setTimeout(() => box.remove(), duration);
}
