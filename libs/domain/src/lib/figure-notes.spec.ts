import { FIGURE_NOTES, readPeriod } from './figure-notes';
import { monthPeriod } from './time';

describe('figure notes', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');

  it('tells the running month from a past month and a range', () => {
    expect(readPeriod(monthPeriod('2026-11'), now)).toEqual({ kind: 'current_month', running: true });
    expect(readPeriod(monthPeriod('2026-10'), now)).toEqual({ kind: 'month', month: '2026-10', running: false });
    // a range ending after now is still running; one ending before is not
    const running = { from: new Date('2026-11-09T16:00:00.000Z'), to: new Date('2026-11-29T16:00:00.000Z') };
    expect(readPeriod(running, now)).toEqual({ kind: 'range', running: true });
    const past = { from: new Date('2026-10-04T16:00:00.000Z'), to: new Date('2026-10-19T16:00:00.000Z') };
    expect(readPeriod(past, now)).toEqual({ kind: 'range', running: false });
  });

  it('marks exactly the figures that do not follow the period as "as of now"', () => {
    const asOfNow = Object.entries(FIGURE_NOTES)
      .filter(([, n]) => n.asOfNow)
      .map(([k]) => k)
      .sort();
    expect(asOfNow).toEqual(['coverageRate', 'households', 'overdue']);
    for (const note of Object.values(FIGURE_NOTES)) {
      expect(note.zh.length).toBeGreaterThan(4);
      expect(note.en.length).toBeGreaterThan(4);
    }
  });
});
