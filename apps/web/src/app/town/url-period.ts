import { computed, linkedSignal, Signal } from '@angular/core';
import { formatShanghai, readPeriod } from '@tenplusn/domain';
import { I18n } from '../core/i18n/i18n';
import { currentMonthStart } from './month';
import { monthOfPeriod, PeriodChoice, periodOfChoice } from './period';

/** A period as it stands in the URL: ?month=2026-10 (absent: this month), or ?from=…&to=… */
const MONTH_PARAM = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_PARAM = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthParam = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
const dayParam = (d: Date) => `${monthParam(d)}-${String(d.getDate()).padStart(2, '0')}`;
function monthOfParam(value: string | undefined): Date {
  const m = MONTH_PARAM.exec(value ?? '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, 1) : currentMonthStart();
}
function pickedDay(value: string | undefined): Date | null {
  const m = DAY_PARAM.exec(value ?? '');
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d;
}

/** The page's query parameters the period is read from (the router binds them as inputs). */
export interface PeriodParams {
  month: Signal<string | undefined>;
  from: Signal<string | undefined>;
  to: Signal<string | undefined>;
}

/**
 * The period picker of a figures page (month or free range), starting from the URL so that a
 * reload and Back give the same page; the page writes `queryParams()` back when it changes.
 * Used by the town dashboard and the member-activity page.
 */
export class UrlPeriod {
  readonly mode = linkedSignal<PeriodChoice['mode']>(() =>
    this.params.from() !== undefined || this.params.to() !== undefined ? 'range' : 'month',
  );
  readonly pickedMonth = linkedSignal<Date>(() => monthOfParam(this.params.month()));
  readonly range = linkedSignal<Date[]>(() => {
    const a = pickedDay(this.params.from());
    const b = pickedDay(this.params.to());
    return a && b ? [a, b] : [];
  });
  readonly period = computed(() =>
    periodOfChoice(
      this.mode() === 'month'
        ? { mode: 'month', month: this.pickedMonth() }
        : { mode: 'range', range: this.range() },
    ),
  );
  /** what the period is to its reader: the current month (running), another month, a range */
  readonly reading = computed(() => {
    const period = this.period();
    return period ? readPeriod(period) : null;
  });
  /** the period in words under the title (统计期：2026年11月, or from – to) */
  readonly caption = computed(() => {
    const period = this.period();
    const r = this.reading();
    if (!period || !r) return '';
    if (r.kind !== 'range') {
      const m = monthOfPeriod(period);
      return this.i18n.t('fig.monthCaption', { year: m.slice(0, 4), month: Number(m.slice(5)) });
    }
    const day = (d: Date) => formatShanghai(d).slice(0, 10);
    return this.i18n.t('fig.rangeCaption', {
      from: day(period.from),
      to: day(new Date(period.to.getTime() - 1)),
    });
  });

  constructor(
    private readonly params: PeriodParams,
    private readonly i18n: I18n,
  ) {}

  setMode(mode: PeriodChoice['mode']): void {
    this.mode.set(mode);
  }
  setMonth(month: Date | null): void {
    this.pickedMonth.set(month ?? currentMonthStart());
  }
  setRange(range: Date[] | null): void {
    this.range.set(range ?? []);
  }

  /** the period's query parameters (null: left out; the current month is the default) */
  queryParams(): { month: string | null; from: string | null; to: string | null } {
    const [a, b] = this.range();
    const isMonth = this.mode() === 'month';
    const month = monthParam(this.pickedMonth());
    return {
      month: isMonth && month !== monthParam(currentMonthStart()) ? month : null,
      from: !isMonth ? (a ? dayParam(a) : '') : null,
      to: !isMonth ? (b ? dayParam(b) : '') : null,
    };
  }
}
