import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { StatsModule } from '../stats/stats.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [StatsModule, HouseholdsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
