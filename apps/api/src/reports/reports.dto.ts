import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class MonthlyReportQuery {
  @ApiPropertyOptional({
    example: '2026-11',
    description: 'a calendar month (Asia/Shanghai); default: the current month',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must look like 2026-11' })
  month?: string;
}
