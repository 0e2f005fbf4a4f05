import { Module } from '@nestjs/common';
import { HouseholdRosterService } from './household-roster.service';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { HouseholdImportService } from './import/household-import.service';
import { SheetReader } from './import/sheet-reader';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdImportService, HouseholdRosterService, SheetReader],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
