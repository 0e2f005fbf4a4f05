import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_KINDS,
  type ContactKind,
  HOUSEHOLD_CODE_PATTERN,
  HOUSEHOLD_TAGS,
  type HouseholdTag,
  PHONE_PATTERN,
  TEXT_LIMITS,
  type CreateHouseholdRequest,
  type UpdateHouseholdRequest,
} from '@tenplusn/domain';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { NoNulCharacter } from '../cases/case.dto';
import { PageQuery } from '../common/pagination';
import { IsOmittable, UserIdOrMe } from '../common/validation';
import { BooleanQuery } from '../common/query-transforms';

/** Surrounding spaces are not data: trimmed before validation, so '  ' is an empty name. */
const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * The fields every household form may send. The required ones (code, head, address) are not
 * here: class-validator merges a parent's @IsOptional() into a subclass that redeclares the
 * field, which once let a create without `headName` through to a 500.
 */
class HouseholdOptionalFieldsDto {
  @ApiPropertyOptional({ example: '13812345678', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mobile or landline number' })
  @Trim()
  phone?: string | null;

  @ApiPropertyOptional({ example: '3组', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(TEXT_LIMITS.villageGroup)
  @Trim()
  villageGroup?: string | null;

  @ApiPropertyOptional({ example: 4, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(99)
  size?: number | null;

  @ApiPropertyOptional({ enum: HOUSEHOLD_TAGS, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(HOUSEHOLD_TAGS.length)
  @ArrayUnique()
  @IsIn(HOUSEHOLD_TAGS, { each: true })
  tags?: HouseholdTag[];
}

export class CreateHouseholdDto extends HouseholdOptionalFieldsDto implements CreateHouseholdRequest {
  @ApiProperty()
  @IsUUID()
  branchId: string;

  @ApiProperty({ example: 'LW-001' })
  @IsString()
  @Matches(HOUSEHOLD_CODE_PATTERN, { message: 'code: 1–32 letters, digits, - or _' })
  @Trim()
  code: string;

  @ApiProperty({ example: '王建国' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.personName)
  @Trim()
  headName: string;

  @ApiProperty({ example: '李湾村3组12号' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.address)
  @Trim()
  address: string;
}

/** A PATCH: every field may be left out; the ones whose column cannot be empty refuse null. */
export class UpdateHouseholdDto extends HouseholdOptionalFieldsDto implements UpdateHouseholdRequest {
  @ApiPropertyOptional({ example: 'LW-001' })
  @IsOmittable()
  @IsString()
  @Matches(HOUSEHOLD_CODE_PATTERN, { message: 'code: 1–32 letters, digits, - or _' })
  @Trim()
  code?: string;

  @ApiPropertyOptional({ example: '王建国' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.personName)
  @Trim()
  headName?: string;

  @ApiPropertyOptional({ example: '李湾村3组12号' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.address)
  @Trim()
  address?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class HouseholdQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({
    description:
      'code, head of household, address (the address only of households whose personal data the caller sees unmasked)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.search)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;

  @ApiPropertyOptional({ enum: HOUSEHOLD_TAGS })
  @IsOptional()
  @IsIn(HOUSEHOLD_TAGS)
  tag?: HouseholdTag;

  @UserIdOrMe('a member id, or "me"')
  contactMemberId?: string;

  @ApiPropertyOptional({ description: 'true: no active core contact' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  uncovered?: boolean;

  @ApiPropertyOptional({ description: 'include deactivated households' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  includeInactive?: boolean;

  @ApiPropertyOptional({
    description:
      'a Shanghai date (YYYY-MM-DD): only households with no visit on or after it, oldest lastVisitAt first (never visited first)',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'notVisitedSince must be a date YYYY-MM-DD' })
  notVisitedSince?: string;
}

export class SetContactDto {
  @ApiProperty({ enum: CONTACT_KINDS })
  @IsIn(CONTACT_KINDS)
  kind: ContactKind;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'true: validate and report, write nothing', default: false })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: "the branch to import into (a secretary's own by default)" })
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

/** The text fields of the import form (the file itself is the field `file`). */
export class ImportForm {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

export class RosterQuery {
  @ApiPropertyOptional({ description: "required for staff; a secretary's own branch by default" })
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

/** POST /api/households/:id/erase: why the household's personal data is erased (kept in the log). */
export class EraseHouseholdDto {
  @ApiProperty({ example: '户主申请删除个人信息' })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.reason)
  @NoNulCharacter()
  reason: string;
}
