import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CalendarYearResponse } from '@tenplusn/domain';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { badRequest } from '../common/api-exception';
import { PutCalendarDto } from './calendar.dto';
import { CalendarService, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './calendar.service';

const yearPipe = new ParseIntPipe({
  exceptionFactory: () => badRequest('year', 'year must be a whole number such as 2026', 'NOT_A_NUMBER'),
});

function checkYear(year: number): number {
  if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR)
    throw badRequest(
      'year',
      `year must be between ${MIN_CALENDAR_YEAR} and ${MAX_CALENDAR_YEAR}`,
      year < MIN_CALENDAR_YEAR ? 'TOO_SMALL' : 'TOO_LARGE',
    );
  return year;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** `configured: false`: no data for that year, so only weekends are days off. */
  @Allow('calendar.read')
  @Get(':year')
  get(@Param('year', yearPipe) year: number): Promise<CalendarYearResponse> {
    return this.calendar.year(checkYear(year));
  }

  @Allow('calendar.edit')
  @Put(':year')
  put(
    @CurrentUser() user: AuthUser,
    @Param('year', yearPipe) year: number,
    @Body() dto: PutCalendarDto,
  ): Promise<CalendarYearResponse> {
    return this.calendar.put(user, checkYear(year), dto);
  }
}
