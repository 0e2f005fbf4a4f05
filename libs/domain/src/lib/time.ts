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

const LOCAL_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?$/;

/**
 * A period bound from a query string. An instant with a zone (`Z`, `+08:00`) is taken as
 * is; a calendar value without a zone (`2026-11`, `2026-11-01`, `2026-11-01T08:00`) is
 * read in Asia/Shanghai, so that `from=2026-11-01` means midnight in the town, not in
 * London, whatever the server's own time zone. null when the value is not a valid time.
 */
export function parseInstant(value: string): Date | null {
  const v = value.trim();
  const local = LOCAL_RE.exec(v);
  if (local) {
    const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '0'] = local;
    const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
    const utc = Date.UTC(...parts, Number(frac.padEnd(3, '0').slice(0, 3)));
    const check = new Date(utc);
    // Date.UTC rolls 2026-02-30 over to March: refuse instead
    if (
      check.getUTCFullYear() !== parts[0] ||
      check.getUTCMonth() !== parts[1] ||
      check.getUTCDate() !== parts[2] ||
      parts[3] > 23 ||
      parts[4] > 59 ||
      parts[5] > 59
    )
      return null;
    return new Date(utc - SHANGHAI_OFFSET_MS);
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) return null;
  const instant = new Date(v);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** '2026-11-29 16:00' in Asia/Shanghai (for exports and printed sheets); '' for null. */
export function formatShanghai(instant: Date | string | null | undefined): string {
  if (instant === null || instant === undefined) return '';
  const t = new Date(instant).getTime();
  if (Number.isNaN(t)) return '';
  const l = new Date(t + SHANGHAI_OFFSET_MS);
  return `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
}
