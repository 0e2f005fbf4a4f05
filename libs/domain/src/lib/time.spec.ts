import {
  currentMonthPeriod,
  formatShanghai,
  monthOf,
  monthPeriod,
  monthsBetween,
  parseInstant,
  yearOf,
} from './time';

describe('Shanghai calendar months', () => {
  it('starts a month at midnight Asia/Shanghai', () => {
    expect(monthPeriod('2026-11')).toEqual({
      from: new Date('2026-10-31T16:00:00.000Z'),
      to: new Date('2026-11-30T16:00:00.000Z'),
    });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
  });

  it('places instants around midnight in the right month', () => {
    expect(monthOf(new Date('2026-10-31T15:59:59.999Z'))).toBe('2026-10');
    expect(monthOf(new Date('2026-10-31T16:00:00.000Z'))).toBe('2026-11');
    expect(yearOf(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
  });

  it('lists the months of a period and the current month', () => {
    expect(monthsBetween({ from: monthPeriod('2026-10').from, to: monthPeriod('2027-01').to })).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(currentMonthPeriod(new Date('2026-11-29T08:00:00Z'))).toEqual(monthPeriod('2026-11'));
  });

  it('refuses what is not a month', () => {
    expect(() => monthPeriod('2026-13')).toThrow(RangeError);
  });
});

describe('period bounds from a query string', () => {
  it('reads values without a zone as Asia/Shanghai calendar times', () => {
    expect(parseInstant('2026-11-01')).toEqual(new Date('2026-10-31T16:00:00.000Z'));
    expect(parseInstant('2026-11')).toEqual(new Date('2026-10-31T16:00:00.000Z'));
    expect(parseInstant('2026-11-01T08:30')).toEqual(new Date('2026-11-01T00:30:00.000Z'));
    expect(parseInstant('2026-11-01T08:30:15.250')).toEqual(new Date('2026-11-01T00:30:15.250Z'));
  });

  it('takes instants with a zone as they are', () => {
    expect(parseInstant('2026-10-31T16:00:00.000Z')).toEqual(new Date('2026-10-31T16:00:00.000Z'));
    expect(parseInstant('2026-11-01T00:00:00+08:00')).toEqual(new Date('2026-10-31T16:00:00.000Z'));
  });

  it('refuses what is not a time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30',
      '2026-13-01',
      '2026-11-01T25:00',
      '2026-11-01T10:00+99:99x',
    ])
      expect(parseInstant(bad)).toBeNull();
  });

  it('formats an instant in Shanghai time for printed sheets', () => {
    expect(formatShanghai(new Date('2026-10-31T16:00:00.000Z'))).toBe('2026-11-01 00:00');
    expect(formatShanghai(null)).toBe('');
  });
});
