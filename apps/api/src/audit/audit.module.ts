import { Global, Module } from '@nestjs/common';
import { PersonalDataLogController } from './personal-data-log.controller';
import { PersonalDataLogService } from './personal-data-log.service';
import { RetentionJob } from './retention.job';

/** Global: households, reports and imports record into the personal-data log. */
@Global()
@Module({
  controllers: [PersonalDataLogController],
  providers: [PersonalDataLogService, RetentionJob],
  exports: [PersonalDataLogService],
})
export class AuditModule {}
