import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { BoardService } from './board.service';
import { AssessmentController, BoardController, PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

/** Monthly inspection and quarterly assessment: frozen periods, weights, scores, the village board. */
@Module({
  imports: [StatsModule],
  controllers: [PeriodsController, AssessmentController, BoardController],
  providers: [PeriodsService, BoardService],
  exports: [PeriodsService],
})
export class PeriodsModule {}
