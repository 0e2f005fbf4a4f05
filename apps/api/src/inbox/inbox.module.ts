import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { InboxController } from './inbox.controller';
import { InboxSweep } from './inbox-sweep';
import { InboxService } from './inbox.service';
import { NotifyDelivery } from './notify-delivery';

@Module({
  imports: [CalendarModule],
  controllers: [InboxController],
  providers: [InboxService, NotifyDelivery, InboxSweep],
  exports: [InboxService, NotifyDelivery],
})
export class InboxModule {}
