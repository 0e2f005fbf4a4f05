import { SHANGHAI_OFFSET_MS } from '@tenplusn/domain';

/** Today's (plus `days`) calendar date in Asia/Shanghai, as a UTC-midnight Date. */
export function todayInShanghai(days = 0, now: Date = new Date()): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days));
}

/** 'YYYY-MM-DD' of a UTC-midnight date. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A due date is the end of that day in Shanghai: '2026-12-06' → 2026-12-06T15:59:59.000Z. */
export function dueAtEndOfDay(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const instant = new Date(`${date}T23:59:59+08:00`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}
