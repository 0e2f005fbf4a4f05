import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** the longest the health check waits for the database (a free connection and `SELECT 1`) */
export const DB_CHECK_TIMEOUT_MS = 2000;

/** The pg pool inside TypeORM's PostgreSQL driver. */
interface PgPool {
  query(config: { text: string; query_timeout?: number }): Promise<unknown>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `SELECT 1` through the app's own pool, so "up" means that requests can reach the database
   * now. The query carries its own read timeout: on a broken connection (no answer, no reset)
   * the pool discards that connection instead of keeping it, so the check that reports the
   * database down also clears the way for the next one when it is back. On the embedded database
   * (no network, one connection) only the overall bound applies.
   */
  private async databaseUp(): Promise<boolean> {
    const pool = this.db.isInitialized
      ? (this.db.driver as unknown as { master?: PgPool }).master
      : undefined;
    if (!pool) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DB_CHECK_TIMEOUT_MS);
    });
    const check = pool
      .query({
        text: 'SELECT 1',
        ...(this.config.db.queryTimeoutMs ? { query_timeout: DB_CHECK_TIMEOUT_MS } : {}),
      })
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([check, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: string; db: string }> {
    if (await this.databaseUp()) return { status: 'ok', db: 'up' };
    res.status(503);
    return { status: 'error', db: 'down' };
  }
}
