import { EnvironmentInjector, inject, Injectable } from '@angular/core';
import type { NzMessageService } from 'ng-zorro-antd/message';

export interface NoticeOptions {
  /** milliseconds; ng-zorro's default (3 s) when not given */
  duration?: number;
}

/**
 * Short messages at the top of the page (ng-zorro's message service), loaded on the first
 * message: the message service and the CDK overlay under it (≈ 20 KB gzip) stay out of the
 * first load of every page that shows none (docs/measurements.md).
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
      // offline and never loaded: say it the plain way rather than not at all
      this.service = undefined;
      window.alert(text);
      return;
    }
    service[kind](text, options?.duration === undefined ? undefined : { nzDuration: options.duration });
  }
}
