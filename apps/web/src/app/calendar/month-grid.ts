import { addCalendarDays, isWeekend } from '@tenplusn/domain';

export interface GridDay {
  date: string;
  day: number;
  weekend: boolean;
}

/** The weeks of a month, Monday first; null pads the days before the 1st and after the last. */
export function monthWeeks(year: number, month: number): (GridDay | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (GridDay | null)[] = Array.from({ length: lead }, () => null);
  for (let d = first; d.startsWith(first.slice(0, 8)); d = addCalendarDays(d, 1)) {
    cells.push({ date: d, day: Number(d.slice(8)), weekend: isWeekend(d) });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (GridDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * A tap on a day flips it between working day and day off: a weekday goes into (or out of)
 * the holidays, a weekend day into (or out of) the make-up working days.
 */
export function toggleDay(
  days: { holidays: readonly string[]; workdays: readonly string[] },
  date: string,
): { holidays: string[]; workdays: string[] } {
  const flip = (list: readonly string[]) =>
    list.includes(date) ? list.filter((d) => d !== date) : [...list, date].sort();
  return isWeekend(date)
    ? { holidays: [...days.holidays], workdays: flip(days.workdays) }
    : { holidays: flip(days.holidays), workdays: [...days.workdays] };
}
