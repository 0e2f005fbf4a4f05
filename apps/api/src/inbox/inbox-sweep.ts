import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InboxService } from './inbox.service';

/** Runs the inbox sweep in the running app every INBOX_SWEEP_MINUTES (first soon after start). */
@Injectable()
export class InboxSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InboxSweep');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly inbox: InboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.inboxSweepMinutes;
    if (!minutes) return;
    const run = () => {
      this.running = this.inbox
        .sweep()
        .then((made) => {
          if (made) this.logger.log(`inbox sweep: ${made} new items`);
        })
        .catch((err: Error) => this.logger.warn(`inbox sweep failed: ${err.message}`))
        .finally(() => (this.running = null));
    };
    const first = setTimeout(run, 15_000);
    first.unref();
    this.timer = setInterval(run, minutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
