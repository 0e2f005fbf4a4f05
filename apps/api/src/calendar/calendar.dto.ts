import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PutCalendarDto {
  @ApiProperty({ description: 'weekdays that are days off', example: ['2026-10-01', '2026-10-02'] })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'each holiday must be a date YYYY-MM-DD' })
  holidays: string[];

  @ApiProperty({ description: 'weekend days that are working days (调休)', example: ['2026-10-10'] })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'each workday must be a date YYYY-MM-DD' })
  workdays: string[];
}
