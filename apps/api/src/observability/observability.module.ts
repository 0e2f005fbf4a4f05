import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Logging (nestjs-pino's Nest logger on our pino instance) and Prometheus metrics; MetricsService
 * is injectable everywhere. The per-request middlewares (requestLogging, metrics.middleware) are
 * mounted by createApp with app.use: Nest's forRoutes('*') would register catch-all routes on
 * the router (and make them every unmatched request's route pattern).
 */
@Global()
@Module({})
export class ObservabilityModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] })],
      controllers: [MetricsController],
      providers: [MetricsService],
      exports: [MetricsService],
    };
  }
}
