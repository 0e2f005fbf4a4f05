import {
  currentMonthPeriod,
  monthOf,
  monthPeriod,
  monthsBetween,
  parseInstant,
  Period,
} from '@tenplusn/domain';
import { badRequest } from '../common/api-exception';

/** A trend longer than this many months is refused (20 years of monthly points). */
export const MAX_TREND_MONTHS = 240;

/**
 * [from, to) from the query. Values without a zone are Shanghai calendar times; each bound
 * left out is the current month's (so `from` alone runs to the end of this month).
 */
export function statsPeriod(q: { from?: string; to?: string }): Period {
  const month = currentMonthPeriod();
  const from = q.from === undefined ? month.from : parseInstant(q.from);
  if (!from) throw badRequest('from', '"from" must be a date or an ISO-8601 time', 'NOT_A_DATE');
  const to = q.to === undefined ? month.to : parseInstant(q.to);
  if (!to) throw badRequest('to', '"to" must be a date or an ISO-8601 time', 'NOT_A_DATE');
  if (from >= to) throw badRequest('to', '"to" must be after "from"', 'NOT_AFTER_START');
  return { from, to };
}

/** The months of a trend's period, refused (400) beyond MAX_TREND_MONTHS. */
export function trendMonths(p: Period): string[] {
  const months = monthsBetween(p);
  if (months.length > MAX_TREND_MONTHS)
    throw badRequest('from', `a trend covers at most ${MAX_TREND_MONTHS} months`, 'TOO_MANY', {
      limit: MAX_TREND_MONTHS,
    });
  return months;
}

/**
 * A period made of whole Asia/Shanghai calendar months, as the first day of its first month
 * and of the month after its last ('2026-11-01', '2026-12-01'); null for any other period.
 * Such periods are answered from the monthly roll-ups kept by triggers (migration
 * StatsRollups), others from the visits themselves.
 */
export function wholeMonths(p: Period): { from: string; to: string } | null {
  const months = monthsBetween(p);
  const [firstMonth, lastMonth] = [months[0], months[months.length - 1]];
  if (!firstMonth || !lastMonth || months.length > MAX_TREND_MONTHS * 5) return null;
  const last = monthPeriod(lastMonth);
  if (monthPeriod(firstMonth).from.getTime() !== p.from.getTime() || last.to.getTime() !== p.to.getTime())
    return null;
  return { from: `${firstMonth}-01`, to: `${monthOf(last.to)}-01` };
}
