import { registerLocaleData } from '@angular/common';
import localeZh from '@angular/common/locales/zh';
import { monthOf, monthPeriod, Period } from '@tenplusn/domain';

// ng-zorro's date picker formats through Angular's DatePipe in its own locale (zh-cn):
// Chinese locale data is needed, and only on the pages with a month picker.
registerLocaleData(localeZh);

/** A month picker gives a Date; the figures want the Shanghai month it stands for. */
export function periodOfPickedMonth(picked: Date | null): Period {
  const date = picked ?? new Date();
  const month = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
  return monthPeriod(month);
}

export function currentMonthStart(now: Date = new Date()): Date {
  const [year = now.getFullYear(), month = 1] = monthOf(now).split('-').map(Number);
  return new Date(year, month - 1, 1);
}
