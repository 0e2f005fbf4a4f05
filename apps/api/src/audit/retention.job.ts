import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PersonalDataLogService } from './personal-data-log.service';

/** Once at start (after a minute) and then every six hours: cheap, and no run is ever far off. */
const FIRST_RUN_MS = 60_000;
const EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * The scheduled prune in the running app: personal-data log and audit_log rows past
 * AUDIT_RETENTION_DAYS, expired refresh tokens. A failed run (database down) is logged and
 * retried at the next tick; the timers never keep the process alive.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionJob.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly log: PersonalDataLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers.push(setTimeout(() => void this.run(), FIRST_RUN_MS).unref());
    this.timers.push(setInterval(() => void this.run(), EVERY_MS).unref());
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  async run(): Promise<void> {
    try {
      const r = await this.log.prune(this.config.auditRetentionDays);
      if (r.personalDataLog || r.auditLog || r.refreshTokens) {
        this.logger.log(
          `retention: deleted ${r.personalDataLog} personal-data log entries, ${r.auditLog} audit rows, ${r.refreshTokens} expired refresh tokens`,
        );
      }
    } catch (err) {
      this.logger.warn(
        `retention run failed, retried later: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
