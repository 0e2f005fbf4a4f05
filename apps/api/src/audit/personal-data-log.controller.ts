import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, PersonalDataLogEntry } from '@tenplusn/domain';
import { Allow } from '../auth/auth-user';
import { PersonalDataLogQuery } from './personal-data-log.dto';
import { PersonalDataLogService } from './personal-data-log.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class PersonalDataLogController {
  constructor(private readonly log: PersonalDataLogService) {}

  /** Who viewed, exported, imported, changed or erased personal data; newest first. */
  @Allow('audit.personalData')
  @Get('personal-data')
  list(@Query() q: PersonalDataLogQuery): Promise<Page<PersonalDataLogEntry>> {
    return this.log.list(q);
  }
}
