/**
 * The personal-data log (PIPL): who saw a household's full record, who exported phone
 * numbers, who imported, changed or erased households. Kept AUDIT_RETENTION_DAYS.
 */
export const PERSONAL_DATA_ACTIONS = ['view', 'export', 'import', 'update', 'erase'] as const;
export type PersonalDataAction = (typeof PERSONAL_DATA_ACTIONS)[number];

/** GET /api/audit/personal-data items. */
export interface PersonalDataLogEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: PersonalDataAction;
  /** the one household concerned; null for an export or an import (many households) */
  householdId: string | null;
  /** households or rows concerned (an export's rows, an import's written rows) */
  count: number;
  detail: string | null;
}

/** What an erased household is called: its personal data is gone, its visits and cases stay. */
export const ERASED_HEAD_NAME = '已注销';

/** Three years, as PRODUCT.md asks. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 1095;
