import type { DetailCode, DetailParams } from './error-details';
import { Actor, managesBranch, type Role } from './roles';

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

/** Characters of an address a member who is not a contact still sees (the village part). */
export const MASKED_ADDRESS_KEEP = 6;

/** '宣风镇李湾村3组12号' → '宣风镇李湾村***': the first 6 characters (not UTF-16 units), then ***. */
export function maskAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  return `${Array.from(address).slice(0, MASKED_ADDRESS_KEEP).join('')}***`;
}

/** The personal fields of a household record: phone, address and the (sensitive) tags. */
export interface HouseholdPersonalData<Tag = HouseholdTag> {
  phone: string | null;
  address: string | null;
  tags: readonly Tag[];
}

/**
 * The one masking rule for every answer that carries a household (lists, details, case and
 * visit views, exports): someone who does not see the household's personal data gets the
 * phone masked, the address cut to its first 6 characters + '***' and no tags.
 */
export function maskHouseholdFor<T extends HouseholdPersonalData<unknown>>(
  actor: Actor,
  facts: HouseholdAccessFacts,
  record: T,
): T {
  if (seesPersonalData(actor, facts)) return record;
  return { ...record, phone: maskPhone(record.phone), address: maskAddress(record.address), tags: [] };
}

/** Household codes: letters, digits, '-' and '_', up to 32 characters. */
export const HOUSEHOLD_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** A mainland mobile (11 digits starting 1) or a landline with area code. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Over or under the branch's core quota (the "10" of 10+N): exactly the quota is 'at'. */
export type QuotaStatus = 'under' | 'at' | 'over';

/** A member's core households against the branch quota. */
export function quotaStatus(coreHouseholds: number, coreQuota: number): QuotaStatus {
  if (coreHouseholds > coreQuota) return 'over';
  return coreHouseholds < coreQuota ? 'under' : 'at';
}

/** One person who can hold contacts in a branch, with their 10+N counts (active households only). */
export interface RosterMember {
  memberId: string;
  memberName: string;
  role: Role;
  /** false for a deactivated account or one moved to another branch that still holds contacts here */
  active: boolean;
  core: number;
  extra: number;
  status: QuotaStatus;
  over: boolean;
  under: boolean;
}

/** GET /api/households/roster: the 10+N of one branch at a glance. */
export interface BranchRoster {
  branchId: string;
  coreQuota: number;
  /** active households of the branch */
  households: number;
  /** active households without an active core contact */
  uncovered: number;
  members: RosterMember[];
}

/** The import columns: contract header (English) and the headers Chinese spreadsheets use. */
export const HOUSEHOLD_IMPORT_COLUMNS = [
  { field: 'code', zh: '户号', required: true },
  { field: 'headName', zh: '户主姓名', required: true },
  { field: 'phone', zh: '联系电话', required: false },
  { field: 'address', zh: '住址', required: true },
  { field: 'villageGroup', zh: '村民小组', required: false },
  { field: 'size', zh: '人口', required: false },
  { field: 'tags', zh: '标签', required: false },
] as const;
export type HouseholdImportField = (typeof HOUSEHOLD_IMPORT_COLUMNS)[number]['field'];

/** Chinese names of the tags as secretaries write them, mapped to the tag codes. */
export const HOUSEHOLD_TAG_ALIASES: Readonly<Record<string, HouseholdTag>> = {
  独居老人: 'elderly_alone',
  空巢老人: 'elderly_alone',
  留守儿童: 'left_behind_children',
  低保户: 'low_income',
  低保: 'low_income',
  低收入: 'low_income',
  低收入户: 'low_income',
  残疾人: 'disabled',
  残疾: 'disabled',
  退役军人: 'veteran',
  其他特殊: 'other_special',
  其他: 'other_special',
};

/**
 * The example row of the import template. Its code can never be a real household's: the
 * code rule (HOUSEHOLD_CODE_PATTERN) refuses Chinese characters, and an import refuses the
 * row with EXAMPLE_ROW, so a template imported unchanged cannot touch a household.
 */
export const HOUSEHOLD_IMPORT_EXAMPLE: Readonly<Record<HouseholdImportField, string>> = {
  code: '示例-001',
  headName: '王建国',
  phone: '13812345678',
  address: '李湾村3组12号',
  villageGroup: '3组',
  size: '4',
  tags: '独居老人;低收入',
};

/** The example row of templates downloaded before the example got its reserved code. */
const LEGACY_IMPORT_EXAMPLE: Readonly<Partial<Record<HouseholdImportField, string>>> = {
  code: 'LW-001',
  headName: '王建国',
  phone: '13812345678',
  address: '李湾村3组12号',
};

/**
 * Whether a row of an import file is the template's example: a code starting with 示例, or
 * the old template's example row (its code LW-001 with the example's name, phone and address).
 */
export function isImportExampleRow(cells: Readonly<Partial<Record<HouseholdImportField, string>>>): boolean {
  const code = (cells.code ?? '').trim();
  if (code.startsWith('示例')) return true;
  return (Object.keys(LEGACY_IMPORT_EXAMPLE) as HouseholdImportField[]).every(
    (f) => (cells[f] ?? '').replace(/\s+/g, '') === LEGACY_IMPORT_EXAMPLE[f],
  );
}

/** A tag as written in a file ('独居老人', 'elderly_alone', ' Veteran ') → its code, or the input trimmed. */
export function normalizeHouseholdTag(raw: string): string {
  const t = raw.trim();
  return HOUSEHOLD_TAG_ALIASES[t] ?? t.toLowerCase();
}

export interface ImportRowError {
  /** the row number as a spreadsheet shows it: the header is row 1 */
  row: number;
  field: string;
  message: string;
  code: DetailCode;
  params?: DetailParams;
}

/** POST /api/households/import */
export interface HouseholdImportResult {
  /** rows that were (or, in a dry run, would be) inserted */
  created: number;
  /** existing codes whose data changed */
  updated: number;
  /** existing codes whose data is already as in the file */
  unchanged: number;
  errors: ImportRowError[];
  dryRun: boolean;
  /** columns of the file that are not import columns, ignored */
  ignoredColumns: string[];
  /** dry run only: the first rows and what would happen to each */
  preview?: { row: number; code: string; headName: string; action: 'create' | 'update' | 'unchanged' }[];
  /** dry run only: every existing household the import would change, with the fields that change */
  updates?: HouseholdImportUpdate[];
}

/** A column an import may change on an existing household. */
export type HouseholdImportChangeField = Exclude<HouseholdImportField, 'code'>;

/** One value of a household as an import writes it: text, a number (size), tag codes, or null (empty). */
export type HouseholdImportValue = string | number | string[] | null;

/** One field an import would change: its value now and in the file. */
export interface HouseholdFieldChange {
  field: HouseholdImportChangeField;
  /** the stored value, masked as the caller would see it in the household list */
  from: HouseholdImportValue;
  to: HouseholdImportValue;
}

/** An existing household the dry run would update: its row in the file and what changes. */
export interface HouseholdImportUpdate {
  row: number;
  code: string;
  /** the head of household as stored now */
  headName: string;
  changes: HouseholdFieldChange[];
}

/** Added to GET /api/households items and details: the latest visit by anyone ("my households"). */
export interface HouseholdVisitInfo {
  lastVisitAt: string | null;
}
