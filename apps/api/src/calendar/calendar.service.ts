import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CalendarYearResponse,
  ErrorDetail,
  isIsoDate,
  isWeekend,
  WorkingCalendar,
  workingCalendar,
} from '@tenplusn/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ApiException } from '../common/api-exception';
import { CalendarYearEntity } from './calendar-year.entity';
import { PutCalendarDto } from './calendar.dto';

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;

/** The working calendar: stored per year, read whole (a few dozen dates a year) for each deadline. */
@Injectable()
export class CalendarService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every year that has data, merged: what the working-day arithmetic of libs/domain runs on. */
  async calendar(m: EntityManager = this.db.manager): Promise<WorkingCalendar> {
    const rows = await m.getRepository(CalendarYearEntity).find();
    return workingCalendar(rows);
  }

  async year(year: number): Promise<CalendarYearResponse> {
    const row = await this.db.getRepository(CalendarYearEntity).findOneBy({ year });
    return toResponse(year, row);
  }

  async put(actor: AuthUser, year: number, dto: PutCalendarDto): Promise<CalendarYearResponse> {
    const holidays = checkDates('holidays', year, dto.holidays, false);
    const workdays = checkDates('workdays', year, dto.workdays, true);
    const repo = this.db.getRepository(CalendarYearEntity);
    await repo.upsert({ year, holidays, workdays, updatedAt: new Date(), updatedById: actor.id }, ['year']);
    return toResponse(year, await repo.findOneBy({ year }));
  }
}

function toResponse(year: number, row: CalendarYearEntity | null): CalendarYearResponse {
  return {
    year,
    holidays: row?.holidays ?? [],
    workdays: row?.workdays ?? [],
    configured: !!row,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

/**
 * Real dates of that year, without repeats, sorted; holidays are weekdays (a Saturday off is
 * no news) and workdays weekend days (a Tuesday at work is no news either).
 */
function checkDates(
  field: 'holidays' | 'workdays',
  year: number,
  dates: string[],
  weekend: boolean,
): string[] {
  const details = dates.flatMap((d, i): ErrorDetail[] => {
    const where = `${field}[${i}]`;
    if (!isIsoDate(d) || !d.startsWith(`${year}-`))
      return [{ field: where, message: `${d} is not a date of ${year}`, code: 'NOT_A_DATE' }];
    if (isWeekend(d) !== weekend)
      return [
        {
          field: where,
          code: 'NOT_ALLOWED',
          message: weekend
            ? `${d} is a weekday: only weekend days can be made working days`
            : `${d} is a weekend day: only weekdays can be holidays`,
        },
      ];
    return [];
  });
  if (details.length)
    throw new ApiException('VALIDATION_FAILED', details.map((d) => d.message).join('; '), details);
  return [...new Set(dates)].sort();
}
