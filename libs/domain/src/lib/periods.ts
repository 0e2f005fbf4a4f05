import { monthOf, monthPeriod, SHANGHAI_OFFSET_MS } from './time';

/**
 * Inspection periods: a Shanghai calendar month `2026-11` or quarter `2026-Q4`
 * (Q1 = January–March, …, Q4 = October–December), as [from, to).
 */
export type PeriodKind = 'month' | 'quarter';

export interface InspectionPeriod {
  period: string;
  kind: PeriodKind;
  from: Date;
  to: Date;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

const monthKey = (year: number, monthIndex: number): string => {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** '2026-11' or '2026-Q4' → the period; null for anything else. */
export function parsePeriod(value: string): InspectionPeriod | null {
  const m = MONTH_RE.exec(value);
  if (m) {
    const p = monthPeriod(value);
    return { period: value, kind: 'month', from: p.from, to: p.to };
  }
  const q = QUARTER_RE.exec(value);
  if (q) {
    const year = Number(q[1]);
    const first = (Number(q[2]) - 1) * 3;
    return {
      period: value,
      kind: 'quarter',
      from: monthPeriod(monthKey(year, first)).from,
      to: monthPeriod(monthKey(year, first + 2)).to,
    };
  }
  return null;
}

/** The Shanghai quarter that contains the instant, as 'YYYY-Qn'. */
export function quarterOf(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

export function periodOf(instant: Date, kind: PeriodKind): InspectionPeriod {
  return parsePeriod(kind === 'month' ? monthOf(instant) : quarterOf(instant)) as InspectionPeriod;
}

/** The period just before this one (same kind). */
export function previousPeriod(p: InspectionPeriod): InspectionPeriod {
  return periodOf(new Date(p.from.getTime() - 1), p.kind);
}

export function hasEnded(p: InspectionPeriod, now: Date = new Date()): boolean {
  return p.to.getTime() <= now.getTime();
}

/**
 * The ended periods of a kind whose automatic freeze is due: ended at least `days` days ago,
 * newest first, going back `lookback` periods.
 */
export function periodsDueForFreeze(
  kind: PeriodKind,
  days: number,
  now: Date = new Date(),
  lookback = kind === 'month' ? 3 : 2,
): InspectionPeriod[] {
  const due: InspectionPeriod[] = [];
  let p = previousPeriod(periodOf(now, kind));
  for (let i = 0; i < lookback; i++, p = previousPeriod(p)) {
    if (p.to.getTime() + days * 86400_000 <= now.getTime()) due.push(p);
  }
  return due;
}
