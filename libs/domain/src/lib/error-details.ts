/**
 * Machine codes of validation details and import row errors: the API keeps an English
 * `message` for people reading the JSON, the web shows the code in the user's language.
 */
export const DETAIL_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'TOO_SHORT',
  'TOO_SMALL',
  'TOO_LARGE',
  'TOO_MANY',
  'NOT_A_NUMBER',
  'NOT_ALLOWED',
  'WRONG_FORMAT',
  'NOT_A_DATE',
  'UNKNOWN_FIELD',
  'DUPLICATE',
  'IN_FUTURE',
  'NOT_AFTER_START',
  'NO_SUCH_OBJECT',
  'WRONG_PASSWORD',
  'FILE_MISSING',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_NO_ROWS',
  'FILE_TOO_MANY_ROWS',
  'FILE_TOO_WIDE',
  'FILE_TOO_LARGE',
  'EXAMPLE_ROW',
  'CSV_SYNTAX',
  'COLUMN_MISSING',
  'COLUMN_TWICE',
  'CODE_REPEATED',
  'INVALID',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];

/** Values a code's sentence refers to: a length or size `limit`, a `row`, a `column`. */
export type DetailParams = Readonly<Record<string, string | number>>;

/** class-validator constraint names → detail codes (anything else is INVALID). */
const CODE_OF_CONSTRAINT: Readonly<Record<string, DetailCode>> = {
  isNotEmpty: 'REQUIRED',
  isDefined: 'REQUIRED',
  arrayNotEmpty: 'REQUIRED',
  arrayMinSize: 'REQUIRED',
  maxLength: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  min: 'TOO_SMALL',
  max: 'TOO_LARGE',
  arrayMaxSize: 'TOO_MANY',
  isInt: 'NOT_A_NUMBER',
  isNumber: 'NOT_A_NUMBER',
  isNumberString: 'NOT_A_NUMBER',
  isPositive: 'TOO_SMALL',
  isIn: 'NOT_ALLOWED',
  isEnum: 'NOT_ALLOWED',
  matches: 'WRONG_FORMAT',
  isUuid: 'WRONG_FORMAT',
  isString: 'WRONG_FORMAT',
  isBoolean: 'WRONG_FORMAT',
  isArray: 'WRONG_FORMAT',
  isObject: 'WRONG_FORMAT',
  nestedValidation: 'WRONG_FORMAT',
  isEmail: 'WRONG_FORMAT',
  isMobilePhone: 'WRONG_FORMAT',
  isDateString: 'NOT_A_DATE',
  isIso8601: 'NOT_A_DATE',
  isDate: 'NOT_A_DATE',
  whitelistValidation: 'UNKNOWN_FIELD',
  arrayUnique: 'DUPLICATE',
};

/** Codes whose sentence names a number that the validator's message carries. */
const CODES_WITH_LIMIT: ReadonlySet<DetailCode> = new Set([
  'TOO_LONG',
  'TOO_SHORT',
  'TOO_SMALL',
  'TOO_LARGE',
  'TOO_MANY',
]);

/**
 * The code of a class-validator constraint (`maxLength`, `isUUID` …), and for limits the
 * number its English message states ("must be shorter than or equal to 100 characters").
 */
export function detailOfConstraint(
  constraint: string,
  message: string,
): { code: DetailCode; params?: DetailParams } {
  const code = CODE_OF_CONSTRAINT[constraint] ?? 'INVALID';
  if (!CODES_WITH_LIMIT.has(code)) return { code };
  const numbers = message.match(/\d+/g);
  return numbers ? { code, params: { limit: Number(numbers[numbers.length - 1]) } } : { code };
}

/** When a value breaks several rules, the most basic one is the one to tell: 'many' is not a number, not "too large". */
const PRECEDENCE: readonly DetailCode[] = [
  'UNKNOWN_FIELD',
  'REQUIRED',
  'NOT_A_NUMBER',
  'NOT_A_DATE',
  'WRONG_FORMAT',
  'NOT_ALLOWED',
];

/** The code of the most basic of a value's failed constraints (class-validator's `constraints`). */
export function detailOfConstraints(constraints: Readonly<Record<string, string>>): {
  code: DetailCode;
  params?: DetailParams;
} {
  const all = Object.entries(constraints).map(([name, message]) => detailOfConstraint(name, message));
  if (all.length === 0) return { code: 'INVALID' };
  const rank = (code: DetailCode) => {
    const i = PRECEDENCE.indexOf(code);
    return i < 0 ? PRECEDENCE.length : i;
  };
  return all.reduce((best, d) => (rank(d.code) < rank(best.code) ? d : best));
}
