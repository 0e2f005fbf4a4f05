import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { TEXT_LIMITS } from '@tenplusn/domain';

export class FreezeDto {
  @ApiPropertyOptional({ maxLength: TEXT_LIMITS.reason })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.reason)
  note?: string;
}

export class PeriodListQuery {
  @ApiPropertyOptional({ enum: ['month', 'quarter'] })
  @IsOptional()
  @IsIn(['month', 'quarter'])
  kind?: 'month' | 'quarter';
}

const weight = (): PropertyDecorator => {
  const decorators = [ApiProperty({ minimum: 0, maximum: 100 }), IsInt(), Min(0), Max(100)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** integers 0–100 that sum to 100 (the sum is checked by weightProblems in libs/domain) */
export class WeightsDto {
  @weight() closureRate: number;
  @weight() onTimeRate: number;
  @weight() satisfactionRate: number;
  @weight() coverageRate: number;
  @weight() visitCoverageRate: number;
}

export class BoardQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ example: '2026-11', description: 'a Shanghai calendar month; default this month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month such as 2026-11' })
  period?: string;
}
