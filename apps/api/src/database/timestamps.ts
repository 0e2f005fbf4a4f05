import { types } from 'pg';

/** PostgreSQL's type id of `timestamp with time zone` */
const TIMESTAMPTZ = 1184;
const parseTimestamptz = types.getTypeParser(TIMESTAMPTZ) as (text: string) => Date | number;
/** PostgreSQL's text of a timestamptz in a session at UTC: `2026-11-30 01:41:13.123456+00` */
const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?\+00$/;

/**
 * A timestamptz as PostgreSQL sends it, straight to the ISO text the API answers with: the
 * same string as `new Date(<pg's Date>).toISOString()` (milliseconds cut, not rounded, like
 * pg's parser), without making a Date and formatting it (a list page has ~100 of them; issue 15).
 * Text in another session time zone takes pg's parser.
 */
export function timestamptzToIso(text: string): string {
  if (UTC_TEXT.test(text)) {
    const fraction = text.length > 22 ? text.slice(20, text.length - 3) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${(fraction + '000').slice(0, 3)}Z`;
  }
  return new Date(parseTimestamptz(text)).toISOString();
}

/** pg's `types` for a query whose timestamptz columns are read as ISO text (timestamptzToIso). */
export const ISO_TIMESTAMPS = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((text: string) => unknown) =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? timestamptzToIso
      : (types.getTypeParser as (oid: number, format?: string) => (text: string) => unknown)(oid, format),
};

/** A timestamp as the API's ISO text: a Date, or ISO text already (rows read with ISO_TIMESTAMPS). */
export function isoOf(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return typeof d === 'string' ? d : new Date(d).toISOString();
}
