import { currentMonthPeriod, monthOf, type Period } from './time';

/** What a period is to its reader: this month (running), another month, or a range of days. */
export type PeriodReading =
  | { kind: 'current_month'; running: true }
  | { kind: 'month'; month: string; running: false }
  | { kind: 'range'; running: boolean };

/**
 * Whether a period is the current month, another calendar month or a free range, and whether
 * it is still running (its end lies after now): its figures can still change.
 */
export function readPeriod(period: Period, now: Date = new Date()): PeriodReading {
  const current = currentMonthPeriod(now);
  if (period.from.getTime() === current.from.getTime() && period.to.getTime() === current.to.getTime()) {
    return { kind: 'current_month', running: true };
  }
  const month = monthOf(period.from);
  const calendar = currentMonthPeriod(period.from);
  if (calendar.from.getTime() === period.from.getTime() && calendar.to.getTime() === period.to.getTime()) {
    return { kind: 'month', month, running: false };
  }
  return { kind: 'range', running: period.to.getTime() > now.getTime() };
}
