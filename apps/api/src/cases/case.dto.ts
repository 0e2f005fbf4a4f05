import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CLOSE_SATISFACTIONS,
  MAX_DUE_WORKING_DAYS,
  MIN_DUE_WORKING_DAYS,
  PAUSE_REASONS,
  type CaseCategory,
  type CaseKind,
  type CasePriority,
  type CaseStatus,
  type PauseReason,
  type Satisfaction,
  TEXT_LIMITS,
  type CommentRequest,
} from '@tenplusn/domain';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { UserIdOrMe } from '../common/validation';
import { BooleanQuery, CommaList } from '../common/query-transforms';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** PostgreSQL text cannot hold U+0000: refuse it with a 400 instead of failing the INSERT (500). */
export const NoNulCharacter = (): PropertyDecorator =>
  ValidateBy({
    name: 'noNulCharacter',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.includes('\u0000'),
      defaultMessage: () => '$property may not contain the NUL character',
    },
  });

/** A suggestion or problem heard on a visit (also the body of POST /cases without householdId). */
export class NewCaseDto {
  @ApiProperty({ enum: CASE_KINDS })
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @ApiProperty({ enum: CASE_CATEGORIES })
  @IsIn(CASE_CATEGORIES)
  category: CaseCategory;

  @ApiProperty({ example: '村口路灯不亮' })
  @IsString()
  @NoNulCharacter()
  @trim()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.caseTitle)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(TEXT_LIMITS.longText)
  description?: string;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;
}

export class CreateCaseDto extends NewCaseDto {
  @ApiProperty()
  @IsUUID()
  householdId: string;
}

class VersionedDto {
  @ApiProperty({ description: "the case's current version" })
  @IsInt()
  @Min(1)
  version: number;
}

export class AssignDto extends VersionedDto {
  @ApiProperty()
  @IsUUID()
  assigneeId: string;

  @ApiPropertyOptional({
    example: '2026-12-15T10:00:00.000Z',
    description:
      'a due date; or dueInWorkingDays; or neither: the priority default (normal 10, urgent 3 working days)',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  dueAt?: string;

  @ApiPropertyOptional({
    minimum: MIN_DUE_WORKING_DAYS,
    maximum: MAX_DUE_WORKING_DAYS,
    description: 'ends 23:59:59 Shanghai time of the Nth working day after today',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_DUE_WORKING_DAYS)
  @Max(MAX_DUE_WORKING_DAYS)
  dueInWorkingDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(TEXT_LIMITS.stepNote)
  note?: string;
}

export class StartDto extends VersionedDto {}

export class ResumeDto extends VersionedDto {}

export class PauseDto extends VersionedDto {
  @ApiProperty({ enum: PAUSE_REASONS })
  @IsIn(PAUSE_REASONS)
  reason: PauseReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(TEXT_LIMITS.stepNote)
  note?: string;
}

export class ResolveDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @NoNulCharacter()
  @trim()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.longText)
  resolution: string;
}

export class CloseDto extends VersionedDto {
  @ApiProperty({ enum: CLOSE_SATISFACTIONS })
  @IsIn(CLOSE_SATISFACTIONS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @MaxLength(TEXT_LIMITS.stepNote)
  note?: string;
}

export class ReasonDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @NoNulCharacter()
  @trim()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.stepNote)
  reason: string;
}

export class CommentDto implements CommentRequest {
  @ApiProperty()
  @IsString()
  @NoNulCharacter()
  @trim()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.longText)
  body: string;
}

export const CASE_SORTS = ['createdAt', '-createdAt', 'dueAt', '-dueAt', 'updatedAt', '-updatedAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export class CaseQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'comma list of statuses', example: 'open,assigned' })
  @IsOptional()
  @CommaList()
  @ArrayMinSize(1)
  @ArrayMaxSize(CASE_STATUSES.length)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: CASE_CATEGORIES })
  @IsOptional()
  @IsIn(CASE_CATEGORIES)
  category?: CaseCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @UserIdOrMe('a user id, or "me"')
  assigneeId?: string;

  @UserIdOrMe('raised by this user, or "me"')
  raisedById?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({
    description: 'true: cases reopened at least once (the reopen figures); false: never reopened',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  reopened?: boolean;

  @ApiPropertyOptional({ description: 'number, title or description' })
  @IsOptional()
  @IsString()
  @NoNulCharacter()
  @trim()
  @MaxLength(TEXT_LIMITS.search)
  q?: string;

  @ApiPropertyOptional({ description: 'received at or after' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'received before' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;
}
