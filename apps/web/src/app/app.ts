import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, untracked } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { AuthStore } from './core/auth-store';
import { ErrorNotifier } from './core/error-notifier';
import { I18n } from './core/i18n/i18n';
import { Notice } from './core/notice';
import { VisitQueue } from './field/visit-queue';

/** How often queued visits are tried again while the app is open. */
const QUEUE_RETRY_MS = 60_000;

@Component({
  selector: 'app-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly auth = inject(AuthStore);
  private readonly queue = inject(VisitQueue);
  private readonly notice = inject(Notice);
  private readonly notifier = inject(ErrorNotifier);
  private readonly i18n = inject(I18n);

  constructor() {
    // Send visits queued offline when someone signs in (or the session is restored at start)…
    effect(() => {
      if (this.auth.user()) untracked(() => void this.flushQueue());
    });
    // …when the network comes back, and on a timer: a weak signal may never fire `online`.
    const onOnline = () => void this.flushQueue();
    window.addEventListener('online', onOnline);
    const timer = setInterval(onOnline, QUEUE_RETRY_MS);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', onOnline);
      clearInterval(timer);
    });
  }

  private async flushQueue(): Promise<void> {
    await this.queue.ready;
    if (!this.queue.pending().some((item) => !item.refused)) return;
    const result = await this.queue.flush();
    if (result.sent) this.notice.success(this.i18n.t('visit.queueFlushed', { count: result.sent }));
    for (const error of result.refused) {
      this.notice.error(this.i18n.t('visit.queueDropped', { message: this.notifier.describe(error) }), {
        duration: 8000,
      });
    }
  }
}
