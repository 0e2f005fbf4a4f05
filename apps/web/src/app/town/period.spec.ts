import { monthPeriod } from '@tenplusn/domain';
import { monthOfPeriod, periodOfChoice, shanghaiDayStart } from './period';

describe('periodOfChoice', () => {
  it('a picked month is the Shanghai month (monthPeriod)', () => {
    const p = periodOfChoice({ mode: 'month', month: new Date(2026, 10, 1) });
    expect(p).toEqual(monthPeriod('2026-11'));
    expect(p?.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p?.to.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('a month picked on any day of it is that month; no pick is the current month', () => {
    expect(periodOfChoice({ mode: 'month', month: new Date(2026, 0, 31, 23, 59) })).toEqual(
      monthPeriod('2026-01'),
    );
    expect(periodOfChoice({ mode: 'month', month: null }, new Date(2026, 1, 10))).toEqual(
      monthPeriod('2026-02'),
    );
  });

  it('a range runs from midnight of the first day to midnight after the last day, Asia/Shanghai', () => {
    const p = periodOfChoice({
      mode: 'range',
      range: [new Date(2026, 10, 3, 15, 30), new Date(2026, 10, 5, 9)],
    });
    expect(p?.from.toISOString()).toBe('2026-11-02T16:00:00.000Z');
    expect(p?.to.toISOString()).toBe('2026-11-05T16:00:00.000Z');
  });

  it('a one-day range is that day; ends given backwards are put in order', () => {
    const one = periodOfChoice({ mode: 'range', range: [new Date(2026, 11, 31), new Date(2026, 11, 31)] });
    expect(one?.from.toISOString()).toBe('2026-12-30T16:00:00.000Z');
    expect(one?.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const back = periodOfChoice({ mode: 'range', range: [new Date(2026, 10, 5), new Date(2026, 10, 3)] });
    expect(back?.from.toISOString()).toBe('2026-11-02T16:00:00.000Z');
  });

  it('an incomplete range asks for nothing', () => {
    expect(periodOfChoice({ mode: 'range', range: [] })).toBeNull();
    expect(periodOfChoice({ mode: 'range', range: null })).toBeNull();
    expect(periodOfChoice({ mode: 'range', range: [new Date(2026, 10, 3), null] })).toBeNull();
  });

  it('shanghaiDayStart and monthOfPeriod', () => {
    expect(shanghaiDayStart(new Date(2026, 0, 1, 12)).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(monthOfPeriod(monthPeriod('2026-01'))).toBe('2026-01');
    expect(monthOfPeriod(monthPeriod('2026-12'))).toBe('2026-12');
  });
});
