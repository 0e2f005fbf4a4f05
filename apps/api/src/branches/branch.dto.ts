import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  BRANCH_CODE_PATTERN,
  BRANCH_NAME_MAX,
  CORE_QUOTA_MAX,
  CORE_QUOTA_MIN,
  type CreateBranchRequest,
  type UpdateBranchRequest,
  NOT_BLANK_PATTERN,
} from '@tenplusn/domain';
import { IsOmittable } from '../common/validation';

const CODE = BRANCH_CODE_PATTERN;
const CODE_MESSAGE = 'code must be 1–16 capital letters or digits, starting with a letter';

export class CreateBranchDto implements CreateBranchRequest {
  @ApiProperty({ example: '李湾村党支部' })
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'name must not be blank' })
  @MaxLength(BRANCH_NAME_MAX)
  name: string;

  @ApiProperty({ example: 'LW', description: 'short code used in case numbers' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '李湾村' })
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'village must not be blank' })
  @MaxLength(BRANCH_NAME_MAX)
  village: string;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @IsInt()
  @Min(CORE_QUOTA_MIN)
  @Max(CORE_QUOTA_MAX)
  coreQuota?: number;
}

/** Any of the fields; none may be null (every column is required). */
export class UpdateBranchDto implements UpdateBranchRequest {
  @ApiPropertyOptional({ example: '李湾村党支部' })
  @IsOmittable()
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'name must not be blank' })
  @MaxLength(BRANCH_NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ example: 'LW' })
  @IsOmittable()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '李湾村' })
  @IsOmittable()
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'village must not be blank' })
  @MaxLength(BRANCH_NAME_MAX)
  village?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  @Min(CORE_QUOTA_MIN)
  @Max(CORE_QUOTA_MAX)
  coreQuota?: number;
}
