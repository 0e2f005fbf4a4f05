/** A branch's short code, used in case numbers (LW-2026-0007): 1–16 capital letters or digits, a letter first. */
export const BRANCH_CODE_PATTERN = /^[A-Z][A-Z0-9]{0,15}$/;
/** Names and villages: up to 100 characters, not blank. */
export const BRANCH_NAME_MAX = 100;
/** How many core households a member of the branch looks after (the "10" of 10+N). */
export const CORE_QUOTA_MIN = 1;
export const CORE_QUOTA_MAX = 100;
