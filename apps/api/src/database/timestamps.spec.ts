import { types } from 'pg';
import { isoOf, ISO_TIMESTAMPS, timestamptzToIso } from './timestamps';

/** what the lists answered before: pg's Date, formatted */
const viaDate = (text: string): string =>
  new Date(types.getTypeParser(1184)(text) as unknown as Date).toISOString();

describe('timestamptz as ISO text', () => {
  it.each([
    '2026-11-30 01:41:13+00',
    '2026-11-30 01:41:13.1+00',
    '2026-11-30 01:41:13.12+00',
    '2026-11-30 01:41:13.123+00',
    '2026-11-30 01:41:13.123456+00',
    '2026-11-30 01:41:13.999999+00',
    '1999-12-31 23:59:59.9995+00',
    '2024-02-29 00:00:00.000001+00',
    '0099-01-01 00:00:00+00',
    // another session time zone: pg's parser
    '2026-11-30 09:41:13.5+08',
    '2026-11-29 22:11:13.123456-03:30',
  ])('%s reads as pg read it', (text) => {
    expect(timestamptzToIso(text)).toBe(viaDate(text));
  });

  it('agrees with pg on every millisecond and microsecond digit count', () => {
    for (let us = 0; us < 1_000_000; us += 7919) {
      for (const digits of [1, 2, 3, 4, 5, 6]) {
        const fraction = String(us).padStart(6, '0').slice(0, digits);
        const text = `2026-06-15 12:34:56.${fraction}+00`;
        expect(timestamptzToIso(text)).toBe(viaDate(text));
      }
    }
  });

  it("is pg's parser for every other type, and for timestamptz in binary", () => {
    expect(ISO_TIMESTAMPS.getTypeParser(1184)).toBe(timestamptzToIso);
    expect(ISO_TIMESTAMPS.getTypeParser(1184, 'binary')).toBe(types.getTypeParser(1184, 'binary'));
    for (const oid of [16, 20, 23, 25, 1009, 1114, 2950]) {
      expect(ISO_TIMESTAMPS.getTypeParser(oid)).toBe(types.getTypeParser(oid));
    }
  });

  it('isoOf takes a Date or ISO text, and null', () => {
    expect(isoOf(new Date('2026-11-30T01:41:13.123Z'))).toBe('2026-11-30T01:41:13.123Z');
    expect(isoOf('2026-11-30T01:41:13.123Z')).toBe('2026-11-30T01:41:13.123Z');
    expect(isoOf(null)).toBeNull();
    expect(isoOf(undefined)).toBeNull();
  });
});
