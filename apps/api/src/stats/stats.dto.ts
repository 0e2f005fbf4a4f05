import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsUUID } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({
    description: 'start of the period (inclusive); default: start of the current month, Asia/Shanghai',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'end of the period (exclusive); default: start of the next month' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

export class MemberStatsQuery extends StatsQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only members with no visit in the period',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  inactive?: 'true' | 'false';
}
