import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateBranchDto {
  @ApiProperty({ example: '李湾村党支部' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'LW', description: 'short code used in case numbers' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9]{0,15}$/, {
    message: 'code must be 1–16 capital letters or digits, starting with a letter',
  })
  code: string;

  @ApiProperty({ example: '李湾村' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  village: string;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  coreQuota?: number;
}

export class UpdateBranchDto extends PartialType(CreateBranchDto) {}
