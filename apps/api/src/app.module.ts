import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BranchesModule } from './branches/branches.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { HealthController } from './health/health.controller';
import { HouseholdsModule } from './households/households.module';
import { PeriodsModule } from './periods/periods.module';
import { InboxModule } from './inbox/inbox.module';
import { createLogger } from './observability/logging';
import { ObservabilityModule } from './observability/observability.module';
import { ReportsModule } from './reports/reports.module';
import { StatsModule } from './stats/stats.module';
import { UsersModule } from './users/users.module';
import { VisitsModule } from './visits/visits.module';

@Module({})
export class AppModule {
  /** @param databaseUrl the database actually used (the embedded one's URL in demo mode) */
  static register(
    config: AppConfig,
    databaseUrl: string,
    logger: Logger = createLogger(config),
  ): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: databaseUrl, ...config.db }),
          // the app keeps running while the database is down and recovers by itself
          retryAttempts: 10,
          retryDelay: 1000,
        }),
        ObservabilityModule.register(logger),
        AuthModule,
        BranchesModule,
        UsersModule,
        HouseholdsModule,
        CasesModule,
        VisitsModule,
        StatsModule,
        ReportsModule,
        PeriodsModule,
        CalendarModule,
        InboxModule,
        AuditModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
