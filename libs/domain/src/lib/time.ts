/**
 * Months and days of the figures are calendar months in Asia/Shanghai. China has had no
 * daylight saving since 1991, so the zone is a fixed UTC+8 and needs no tz database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface Period {
  from: Date;
  to: Date;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** '2026-11' → [2026-10-31T16:00Z, 2026-11-30T16:00Z) */
export function monthPeriod(month: string): Period {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const monthIndex = Number(m[2]) - 1;
  return {
    from: new Date(Date.UTC(year, monthIndex, 1) - SHANGHAI_OFFSET_MS),
    to: new Date(Date.UTC(year, monthIndex + 1, 1) - SHANGHAI_OFFSET_MS),
  };
}

/** The Shanghai calendar month that contains the instant, as 'YYYY-MM'. */
export function monthOf(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function currentMonthPeriod(now: Date = new Date()): Period {
  return monthPeriod(monthOf(now));
}

/** The months whose start lies in [from, to), in order, e.g. for a trend chart. */
export function monthsBetween(period: Period): string[] {
  const months: string[] = [];
  let month = monthOf(period.from);
  while (monthPeriod(month).from < period.to) {
    months.push(month);
    const next = monthPeriod(month).to;
    month = monthOf(next);
  }
  return months;
}

/** The Shanghai calendar year of an instant (case numbers restart each year). */
export function yearOf(instant: Date): number {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}
