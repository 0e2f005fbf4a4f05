import { monthPeriod, Period, SHANGHAI_OFFSET_MS } from '@tenplusn/domain';

/** What the period picker holds: a calendar month, or a free range of days (both ends included). */
export type PeriodChoice =
  | { mode: 'month'; month: Date | null }
  | { mode: 'range'; range: readonly (Date | null)[] | null };

const ymd = (d: Date) => ({ y: d.getFullYear(), m: d.getMonth(), day: d.getDate() });

/** Midnight in Asia/Shanghai of the calendar day the picker shows for `picked`. */
export function shanghaiDayStart(picked: Date): Date {
  const { y, m, day } = ymd(picked);
  return new Date(Date.UTC(y, m, day) - SHANGHAI_OFFSET_MS);
}

/**
 * The period [from, to) the figures are asked for. A month is the Shanghai month
 * (monthPeriod); a range runs from midnight of its first day to midnight after its last day.
 * An incomplete range gives null (nothing is asked until both days are picked).
 */
export function periodOfChoice(choice: PeriodChoice, now: Date = new Date()): Period | null {
  if (choice.mode === 'month') {
    const d = choice.month ?? now;
    return monthPeriod(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
  }
  const [start, end] = choice.range ?? [];
  if (!start || !end) return null;
  const [a, b] = start.getTime() <= end.getTime() ? [start, end] : [end, start];
  const from = shanghaiDayStart(a);
  const last = ymd(b);
  const to = new Date(Date.UTC(last.y, last.m, last.day + 1) - SHANGHAI_OFFSET_MS);
  return { from, to };
}

/** The month (2026-11) a period starts in, Shanghai time: the monthly report's month. */
export function monthOfPeriod(period: Period): string {
  const local = new Date(period.from.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}
