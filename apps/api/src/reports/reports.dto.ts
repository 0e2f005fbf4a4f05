import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';

export class MonthlyReportQuery {
  @ApiPropertyOptional({
    example: '2026-11',
    description: 'a calendar month (Asia/Shanghai); default: the current month',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must look like 2026-11' })
  month?: string;
}

/** GET /api/reports/not-visited-households.xlsx: households with no visit on or after a Shanghai date. */
export class NotVisitedExportQuery {
  @ApiProperty({ example: '2026-10-30', description: 'a Shanghai date YYYY-MM-DD (e.g. 30 days ago)' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'notVisitedSince must be a date YYYY-MM-DD' })
  notVisitedSince!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;
}
