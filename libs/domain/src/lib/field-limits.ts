/**
 * The limits of what people type, one constant per kind of field, read by the API's DTOs
 * (class-validator MaxLength, Matches) and the web's forms (Validators.maxLength, pattern), so
 * that a form never accepts what the API refuses nor refuses what it accepts. The spec sets no
 * lengths: these are the API's (the contract), which the web had shortened in places (visit
 * notes and case descriptions at 2,000 characters against 5,000).
 */
export const TEXT_LIMITS = {
  /** a case's title (cases.title is varchar(200)) */
  caseTitle: 200,
  /** what people write at length: a visit's notes, a case's description, a resolution, a comment */
  longText: 5000,
  /** a remark on a step: the note of assign, pause or close; the reason of reject or escalate */
  stepNote: 2000,
  /** a person's name: a user's display name, a household's head (varchar(100)) */
  personName: 100,
  /** a household's address (varchar(255)) */
  address: 255,
  /** a household's village group, 村民小组 (varchar(64)) */
  villageGroup: 64,
  /** why a household's personal data is erased; the note of a period's freeze */
  reason: 500,
  /** a search box (q) */
  search: 100,
} as const;

/** Sign-in names: 3–64 letters, digits, `_`, `.` or `-`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;

/** At least one character that is not white space. */
export const NOT_BLANK_PATTERN = /\S/;
