import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../common/validation';

const CODE = /^[A-Z][A-Z0-9]{0,15}$/;
const CODE_MESSAGE = 'code must be 1–16 capital letters or digits, starting with a letter';
const NOT_BLANK = /\S/;

export class CreateBranchDto {
  @ApiProperty({ example: '李湾村党支部' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'LW', description: 'short code used in case numbers' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '李湾村' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'village must not be blank' })
  @MaxLength(100)
  village: string;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  coreQuota?: number;
}

/** Any of the fields; none may be null (every column is required). */
export class UpdateBranchDto {
  @ApiPropertyOptional({ example: '李湾村党支部' })
  @IsOmittable()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: 'LW' })
  @IsOmittable()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '李湾村' })
  @IsOmittable()
  @IsString()
  @Matches(NOT_BLANK, { message: 'village must not be blank' })
  @MaxLength(100)
  village?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100)
  coreQuota?: number;
}
