import { monthOf, monthPeriod } from './time';

/**
 * 月联月访: the town asks for a visit to every household every month (the Shanghai calendar
 * month). The web marks and sorts the member's households by these rules; the API's
 * `GET /api/households?notVisitedSince=` answers the same question in SQL.
 */

/** The first day of the Shanghai month that contains `now`, as `notVisitedSince` takes it: '2026-11-01'. */
export function monthStartDate(now: Date = new Date()): string {
  return `${monthOf(now)}-01`;
}

/** Whether a household whose latest visit was `lastVisitAt` has had its visit this month. */
export function visitedThisMonth(lastVisitAt: string | null | undefined, now: Date = new Date()): boolean {
  if (!lastVisitAt) return false;
  return new Date(lastVisitAt).getTime() >= monthPeriod(monthOf(now)).from.getTime();
}

/** Who needs a visit first: never visited, then the longest ago; ties by household code. */
export function byLastVisit(
  a: { lastVisitAt?: string | null; code: string },
  b: { lastVisitAt?: string | null; code: string },
): number {
  const ta = a.lastVisitAt ? new Date(a.lastVisitAt).getTime() : -Infinity;
  const tb = b.lastVisitAt ? new Date(b.lastVisitAt).getTime() : -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** This month's round: how many of the households have had their visit ("7/12 户"). */
export function monthlyRound(
  households: readonly { lastVisitAt?: string | null }[],
  now: Date = new Date(),
): { visited: number; total: number } {
  return {
    visited: households.filter((h) => visitedThisMonth(h.lastVisitAt, now)).length,
    total: households.length,
  };
}
