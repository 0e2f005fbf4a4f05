import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  VISIT_ACTIVITIES,
  VISIT_METHODS,
  type VisitActivity,
  type VisitMethod,
  TEXT_LIMITS,
} from '@tenplusn/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NewCaseDto, NoNulCharacter } from '../cases/case.dto';
import { PageQuery } from '../common/pagination';
import { UserIdOrMe } from '../common/validation';

export class CreateVisitDto {
  @ApiPropertyOptional({
    description: 'a UUID made by the client; the same one again returns the first visit',
  })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiProperty()
  @IsUUID()
  householdId: string;

  @ApiProperty({ example: '2026-11-29T08:00:00.000Z' })
  @IsDateString({ strict: true })
  visitedAt: string;

  @ApiProperty({ enum: VISIT_METHODS })
  @IsIn(VISIT_METHODS)
  method: VisitMethod;

  @ApiProperty({ enum: VISIT_ACTIVITIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VISIT_ACTIVITIES.length)
  @ArrayUnique()
  @IsIn(VISIT_ACTIVITIES, { each: true })
  activities: VisitActivity[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(TEXT_LIMITS.longText)
  notes?: string;

  @ApiPropertyOptional({ type: [NewCaseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NewCaseDto)
  cases?: NewCaseDto[];
}

export class VisitQuery extends PageQuery {
  @UserIdOrMe('a member id, or "me"')
  memberId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
