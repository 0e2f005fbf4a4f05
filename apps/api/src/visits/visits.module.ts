import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HouseholdsModule } from '../households/households.module';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

@Module({
  imports: [HouseholdsModule, CasesModule],
  controllers: [VisitsController],
  providers: [VisitsService],
})
export class VisitsModule {}
