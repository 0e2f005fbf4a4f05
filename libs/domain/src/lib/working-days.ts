import type { CasePriority } from './case-workflow';
import { SHANGHAI_OFFSET_MS } from './time';

/**
 * Working days (工作日) for government deadlines (PRODUCT.md, "Deadlines in working days"):
 * Monday to Friday, minus the public holidays that fall on weekdays, plus the weekend days
 * that are made working days (调休). The calendar is data kept per year; a year with no data
 * counts weekends only. Dates are Asia/Shanghai calendar dates as 'YYYY-MM-DD' strings.
 */

/** One year of the calendar as the API carries it (GET /api/calendar/:year). */
export interface CalendarYear {
  year: number;
  /** weekdays that are days off */
  holidays: string[];
  /** weekend days that are working days (调休) */
  workdays: string[];
}

export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** the years that have data; any other year counts weekends only */
  years: ReadonlySet<number>;
}

/** The State Council's 2026 schedule (国务院办公厅 notice of 2025-11-04), shipped as data. */
export const CN_2026_CALENDAR: CalendarYear = {
  year: 2026,
  holidays: [
    // 元旦 1–3 Jan (Thu–Sat): the weekday days off
    '2026-01-01',
    '2026-01-02',
    // 春节 15–23 Feb (Sun–Mon)
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-23',
    // 清明 4–6 Apr (Sat–Mon)
    '2026-04-06',
    // 劳动节 1–5 May (Fri–Tue)
    '2026-05-01',
    '2026-05-04',
    '2026-05-05',
    // 端午 19–21 Jun (Fri–Sun)
    '2026-06-19',
    // 中秋 25–27 Sep (Fri–Sun)
    '2026-09-25',
    // 国庆 1–7 Oct (Thu–Wed)
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** Working days a deadline runs by default, by priority (API.md, assign). */
export const DEFAULT_DUE_WORKING_DAYS: Record<CasePriority, number> = { normal: 10, urgent: 3 };
export const MIN_DUE_WORKING_DAYS = 1;
export const MAX_DUE_WORKING_DAYS = 60;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

const toUtc = (date: string): number => {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The date `days` calendar days after `date` (negative: before). */
export function addCalendarDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const dow = new Date(toUtc(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The Asia/Shanghai calendar date of an instant ('2026-11-29T16:30Z' → '2026-11-30'). */
export function shanghaiDate(instant: Date | string): string {
  return fromUtc(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).slice(0, 10);
}

/** 23:59:59 Shanghai time of the date: the instant a working-day deadline ends. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(toUtc(date) + DAY_MS - 1000 - SHANGHAI_OFFSET_MS);
}

/** The calendar made of the years that have data (several years merge into one). */
export function workingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  return {
    holidays: new Set(years.flatMap((y) => y.holidays)),
    workdays: new Set(years.flatMap((y) => y.workdays)),
    years: new Set(years.map((y) => y.year)),
  };
}

/** Weekends only: what a year without data counts. */
export const WEEKENDS_ONLY: WorkingCalendar = workingCalendar([]);

/** Whether the calendar has data for the year (else: weekends only, and the app says so). */
export function hasCalendarData(cal: WorkingCalendar, year: number): boolean {
  return cal.years.has(year);
}

export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return !isWeekend(date);
}

/**
 * The Nth working day after `date` (the date itself does not count); n = 0 gives the date.
 * So a deadline of 3 working days set on a Friday ends on Wednesday.
 */
export function addWorkingDays(cal: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a number of working days: ${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(cal, day)) left--;
  }
  return day;
}

/**
 * How many working days lie after `from` up to and including `to` (0 when `to` is not after
 * `from`): the inverse of addWorkingDays, workingDaysBetween(d, addWorkingDays(d, n)) = n.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(cal, day)) count++;
  }
  return count;
}

/** A deadline of n working days from now: 23:59:59 Shanghai time of the Nth working day after today. */
export function workingDayDeadline(cal: WorkingCalendar, n: number, now: Date = new Date()): Date {
  return endOfShanghaiDay(addWorkingDays(cal, shanghaiDate(now), n));
}

/**
 * The due date after a pause: later by the working days the case was paused (whole days,
 * counted from the day it was paused to the day it resumed, at least 0), at the same time of day.
 */
export function pausedWorkingDays(
  cal: WorkingCalendar,
  pausedAt: Date | string,
  resumedAt: Date | string,
): number {
  return workingDaysBetween(cal, shanghaiDate(pausedAt), shanghaiDate(resumedAt));
}

export function moveDueByWorkingDays(cal: WorkingCalendar, dueAt: Date | string, n: number): Date {
  const due = new Date(dueAt);
  if (n <= 0) return due;
  const from = shanghaiDate(due);
  const to = addWorkingDays(cal, from, n);
  return new Date(due.getTime() + (toUtc(to) - toUtc(from)));
}

/** Due within one working day: by the end of the next working day after today (and not yet passed). */
export function isDueSoon(cal: WorkingCalendar, dueAt: Date | string, now: Date = new Date()): boolean {
  const due = new Date(dueAt).getTime();
  return due >= now.getTime() && due <= workingDayDeadline(cal, 1, now).getTime();
}

/** An open case waits for triage once a whole working day after the day it came in has passed. */
export function awaitsTriage(
  cal: WorkingCalendar,
  createdAt: Date | string,
  now: Date = new Date(),
): boolean {
  return now.getTime() > endOfShanghaiDay(addWorkingDays(cal, shanghaiDate(createdAt), 1)).getTime();
}
