import {
  addCalendarDays,
  awaitsTriage,
  addWorkingDays,
  CN_2026_CALENDAR,
  endOfShanghaiDay,
  hasCalendarData,
  isDueSoon,
  isIsoDate,
  isWorkingDay,
  moveDueByWorkingDays,
  pausedWorkingDays,
  shanghaiDate,
  WEEKENDS_ONLY,
  workingCalendar,
  workingDayDeadline,
  workingDaysBetween,
} from './working-days';

const cal = workingCalendar([CN_2026_CALENDAR]);

/** The notice of 2025-11-04 as PRODUCT.md states it: whole ranges of days off, weekends included. */
const DAYS_OFF: [string, string][] = [
  ['2026-01-01', '2026-01-03'],
  ['2026-02-15', '2026-02-23'],
  ['2026-04-04', '2026-04-06'],
  ['2026-05-01', '2026-05-05'],
  ['2026-06-19', '2026-06-21'],
  ['2026-09-25', '2026-09-27'],
  ['2026-10-01', '2026-10-07'],
];
const MAKE_UP = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

function expectedWorking(date: string): boolean {
  if (MAKE_UP.includes(date)) return true;
  if (DAYS_OFF.some(([a, b]) => date >= a && date <= b)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

const everyDayOf2026 = (): string[] => {
  const days: string[] = [];
  for (let d = '2026-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) days.push(d);
  return days;
};

describe('the 2026 working calendar, day by day', () => {
  it('has 365 days, each working or not exactly as the notice says', () => {
    const days = everyDayOf2026();
    expect(days).toHaveLength(365);
    const wrong = days.filter((d) => isWorkingDay(cal, d) !== expectedWorking(d));
    expect(wrong).toEqual([]);
    // 261 weekdays − 19 weekday holidays + 6 make-up days
    expect(days.filter((d) => isWorkingDay(cal, d))).toHaveLength(248);
  });

  it('makes every 调休 weekend day a working day, and not without the calendar', () => {
    for (const d of MAKE_UP) {
      expect(isWorkingDay(cal, d)).toBe(true);
      expect(isWorkingDay(WEEKENDS_ONLY, d)).toBe(false);
    }
  });

  it('counts the days off within each holiday, weekends included', () => {
    for (const [a, b] of DAYS_OFF) {
      for (let d = a; d <= b; d = addCalendarDays(d, 1)) expect(isWorkingDay(cal, d)).toBe(false);
    }
  });

  it('adds working days across holidays and make-up days', () => {
    // Fri 13 Feb + 1 → Sat 14 Feb (调休); + 2 → Tue 24 Feb (after the Spring Festival)
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-13', 2)).toBe('2026-02-24');
    // Thu 26 Feb + 2 → Sat 28 Feb (调休); + 3 → Mon 2 Mar
    expect(addWorkingDays(cal, '2026-02-26', 2)).toBe('2026-02-28');
    expect(addWorkingDays(cal, '2026-02-26', 3)).toBe('2026-03-02');
    // National Day: Wed 30 Sep + 1 → Thu 8 Oct; Fri 9 Oct + 1 → Sat 10 Oct
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-10-09', 1)).toBe('2026-10-10');
    // Labour Day: Thu 30 Apr + 1 → Wed 6 May; Fri 8 May + 1 → Sat 9 May
    expect(addWorkingDays(cal, '2026-04-30', 1)).toBe('2026-05-06');
    expect(addWorkingDays(cal, '2026-05-08', 1)).toBe('2026-05-09');
    // Dragon Boat, Mid-Autumn, Qingming: the Monday after a long weekend
    expect(addWorkingDays(cal, '2026-06-18', 1)).toBe('2026-06-22');
    expect(addWorkingDays(cal, '2026-09-18', 1)).toBe('2026-09-20');
    expect(addWorkingDays(cal, '2026-04-03', 1)).toBe('2026-04-07');
    expect(addWorkingDays(cal, '2026-11-30', 0)).toBe('2026-11-30');
    // normal priority: 10 working days from Mon 28 Sep → Fri 16 Oct (1–7 Oct off, Sat 10 Oct worked)
    expect(addWorkingDays(cal, '2026-09-28', 10)).toBe('2026-10-16');
  });

  it('adds and counts consistently for every day of 2026 and every n up to 60', () => {
    for (const d of everyDayOf2026()) {
      for (const n of [1, 3, 10, 60]) {
        const end = addWorkingDays(cal, d, n);
        expect(isWorkingDay(cal, end)).toBe(true);
        expect(workingDaysBetween(cal, d, end)).toBe(n);
      }
    }
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-08')).toBe(1);
    // Sat 14 Feb (调休), Tue 24 – Fri 27 Feb, Sat 28 Feb (调休)
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-28')).toBe(6);
    expect(workingDaysBetween(cal, '2026-03-02', '2026-03-02')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-05', '2026-03-02')).toBe(0);
    expect(workingDaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(248);
  });

  it('crosses the year boundary into a year with no data (weekends only)', () => {
    const both = workingCalendar([CN_2026_CALENDAR]);
    expect(hasCalendarData(both, 2026)).toBe(true);
    expect(hasCalendarData(both, 2027)).toBe(false);
    // Thu 31 Dec 2026 + 1 → Fri 1 Jan 2027: without 2027 data New Year's Day counts as a working day
    expect(addWorkingDays(both, '2026-12-31', 1)).toBe('2027-01-01');
    expect(addWorkingDays(both, '2026-12-31', 2)).toBe('2027-01-04');
    // into 2026 from 2025 (no data): Wed 31 Dec 2025 + 1 → Sun 4 Jan 2026, a 调休 day
    expect(addWorkingDays(both, '2025-12-31', 1)).toBe('2026-01-04');
    expect(workingDaysBetween(both, '2026-12-30', '2027-01-05')).toBe(4);
    // a year with no data at all: Mon–Fri
    expect(addWorkingDays(both, '2028-02-25', 1)).toBe('2028-02-28');
    expect(isWorkingDay(both, '2028-02-29')).toBe(true);
  });

  it('merges the years of a calendar', () => {
    const y2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [] };
    const merged = workingCalendar([CN_2026_CALENDAR, y2027]);
    expect(addWorkingDays(merged, '2026-12-31', 1)).toBe('2027-01-04');
    expect(hasCalendarData(merged, 2027)).toBe(true);
  });
});

describe('deadlines in Shanghai time', () => {
  it('reads the Shanghai date of an instant and the end of a Shanghai day', () => {
    expect(shanghaiDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(shanghaiDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(endOfShanghaiDay('2026-10-08').toISOString()).toBe('2026-10-08T15:59:59.000Z');
  });

  it('ends a deadline at 23:59:59 Shanghai of the Nth working day after today', () => {
    // 08:30 on Wed 30 Sep in Shanghai; 3 working days → Sat 10 Oct (调休)
    expect(workingDayDeadline(cal, 3, new Date('2026-09-30T00:30:00Z')).toISOString()).toBe(
      '2026-10-10T15:59:59.000Z',
    );
    // 01:00 Shanghai on Sat 3 Oct is already that Saturday
    expect(workingDayDeadline(cal, 1, new Date('2026-10-02T17:00:00Z')).toISOString()).toBe(
      '2026-10-08T15:59:59.000Z',
    );
  });

  it('moves a due date by the working days a case was paused', () => {
    // paused Mon 28 Sep, resumed Fri 9 Oct: 29, 30 Sep, 8, 9 Oct = 4 working days
    expect(pausedWorkingDays(cal, new Date('2026-09-28T02:00Z'), new Date('2026-10-09T02:00Z'))).toBe(4);
    // paused and resumed the same day: nothing
    expect(pausedWorkingDays(cal, new Date('2026-09-28T02:00Z'), new Date('2026-09-28T09:00Z'))).toBe(0);
    // over a weekend only (Sat → Sun): nothing
    expect(pausedWorkingDays(cal, new Date('2026-11-28T02:00Z'), new Date('2026-11-29T02:00Z'))).toBe(0);
    const due = new Date('2026-09-30T15:59:59.000Z');
    // Wed 30 Sep + 4: Thu 8, Fri 9, Sat 10 (调休), Mon 12 Oct
    expect(moveDueByWorkingDays(cal, due, 4).toISOString()).toBe('2026-10-12T15:59:59.000Z');
    expect(moveDueByWorkingDays(cal, due, 0).toISOString()).toBe(due.toISOString());
  });

  it('calls a case due soon when it is due by the end of the next working day', () => {
    const friday = new Date('2026-11-27T02:00:00Z');
    expect(isDueSoon(cal, new Date('2026-11-30T15:59:59Z'), friday)).toBe(true);
    expect(isDueSoon(cal, new Date('2026-12-01T15:59:59Z'), friday)).toBe(false);
    expect(isDueSoon(cal, new Date('2026-11-27T01:00:00Z'), friday)).toBe(false);
  });

  it('has an open case wait for triage after one whole working day', () => {
    // in on Wed 30 Sep: the next working day is Thu 8 Oct, so it waits from Fri 9 Oct (Shanghai)
    const created = new Date('2026-09-30T03:00:00Z');
    expect(awaitsTriage(cal, created, new Date('2026-10-08T15:59:58Z'))).toBe(false);
    expect(awaitsTriage(cal, created, new Date('2026-10-08T16:00:00Z'))).toBe(true);
  });

  it('recognises real ISO dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});
