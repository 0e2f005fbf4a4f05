import { ApiPropertyOptional } from '@nestjs/swagger';
import { PERSONAL_DATA_ACTIONS, type PersonalDataAction } from '@tenplusn/domain';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class PersonalDataLogQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ enum: PERSONAL_DATA_ACTIONS })
  @IsOptional()
  @IsIn(PERSONAL_DATA_ACTIONS)
  action?: PersonalDataAction;

  @ApiPropertyOptional({ description: 'ISO-8601 time or a calendar date (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 time or a calendar date (Asia/Shanghai), exclusive' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}
