import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth-user';
import { notFound, unauthenticated } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/** compares digests, so neither the length nor the content of the token leaks through timing */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /api/metrics for Prometheus. Not behind the JWT guard (@Public): a scraper has no user
 * account. It has its own credential instead: `Authorization: Bearer <METRICS_TOKEN>`, and
 * does not exist at all (404) while METRICS_TOKEN is unset.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) throw notFound('route');
    const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
    if (!given || !sameSecret(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw unauthenticated('the metrics token is required');
    }
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(await this.metrics.render());
  }
}
