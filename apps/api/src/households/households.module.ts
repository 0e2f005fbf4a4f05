import { Module } from '@nestjs/common';
import { HouseholdRosterService } from './household-roster.service';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { HouseholdImportService } from './import/household-import.service';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdImportService, HouseholdRosterService],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
