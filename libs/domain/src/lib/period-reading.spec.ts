import { METRICS } from './metric-registry';
import { readPeriod } from './period-reading';
import { monthPeriod } from './time';

describe('how figures read', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');

  it('tells the running month from a past month and a range', () => {
    expect(readPeriod(monthPeriod('2026-11'), now)).toEqual({ kind: 'current_month', running: true });
    expect(readPeriod(monthPeriod('2026-10'), now)).toEqual({
      kind: 'month',
      month: '2026-10',
      running: false,
    });
    // a range ending after now is still running; one ending before is not
    const running = { from: new Date('2026-11-09T16:00:00.000Z'), to: new Date('2026-11-29T16:00:00.000Z') };
    expect(readPeriod(running, now)).toEqual({ kind: 'range', running: true });
    const past = { from: new Date('2026-10-04T16:00:00.000Z'), to: new Date('2026-10-19T16:00:00.000Z') };
    expect(readPeriod(past, now)).toEqual({ kind: 'range', running: false });
  });

  it('marks exactly the figures that do not follow the period as "as of now"', () => {
    const asOfNow = METRICS.filter((m) => m.asOfNow)
      .map((m) => m.key)
      .sort();
    expect(asOfNow).toEqual(['coverageRate', 'covered', 'households', 'overdue']);
    for (const m of METRICS) {
      expect(m.explain.zh.length).toBeGreaterThan(4);
      expect(m.explain.en.length).toBeGreaterThan(4);
    }
  });
});
