import { Actor, managesBranch } from './roles';

export const HOUSEHOLD_TAGS = [
  'elderly_alone',
  'left_behind_children',
  'low_income',
  'disabled',
  'veteran',
  'other_special',
] as const;
export type HouseholdTag = (typeof HOUSEHOLD_TAGS)[number];

export const CONTACT_KINDS = ['core', 'extra'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const DEFAULT_CORE_QUOTA = 10;

/** What the permission rules need to know about a household and the caller's ties to it. */
export interface HouseholdAccessFacts {
  branchId: string;
  /** ids of the members who are active contacts (core or extra) of the household */
  contactMemberIds: readonly string[];
}

/**
 * Phone, address detail and vulnerable-group tags are personal data: only staff, the
 * branch's secretary and the household's own contacts see them unmasked.
 */
export function seesPersonalData(actor: Actor, household: HouseholdAccessFacts): boolean {
  return managesBranch(actor, household.branchId) || household.contactMemberIds.includes(actor.id);
}

/** '13812345678' → '138****5678'; short or odd numbers keep only their last two digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.trim();
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** Household codes: letters, digits, '-' and '_', up to 32 characters. */
export const HOUSEHOLD_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** A mainland mobile (11 digits starting 1) or a landline with area code. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
