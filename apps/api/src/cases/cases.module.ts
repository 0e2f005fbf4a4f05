import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { HouseholdsModule } from '../households/households.module';
import { InboxModule } from '../inbox/inbox.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [HouseholdsModule, CalendarModule, InboxModule],
  controllers: [CasesController],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
