import {
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_STATUSES,
  CaseCategory,
  CaseKind,
  CaseStatus,
  parseInstant,
} from '@tenplusn/domain';
import { CaseQuery } from '../data/case-api';

/** The orders of GET /api/cases the desk offers. */
export const DESK_SORTS = ['-createdAt', 'createdAt', 'dueAt', '-dueAt', '-updatedAt'] as const;
export type DeskSort = (typeof DESK_SORTS)[number];

/**
 * Everything the case desk filters by, as it stands in the URL (?status=closed&q=LW-2026&page=2):
 * reload and Back give the same list. `from`/`to` are what the API takes (received in
 * [from, to)): calendar dates from the date picker, instants from a dashboard drill-down.
 */
export interface DeskState {
  status: CaseStatus[];
  kind: CaseKind | null;
  category: CaseCategory | null;
  branchId: string | null;
  assigneeId: string | null;
  q: string;
  overdue: boolean;
  escalated: boolean;
  from: string | null;
  to: string | null;
  sort: DeskSort;
  page: number;
}

export type DeskParams = Partial<Record<keyof DeskState, string | undefined>>;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | null =>
  value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : null;

/** The desk state of the URL's query parameters; anything unreadable is left out, never an error. */
export function deskStateOf(params: DeskParams): DeskState {
  const page = Number(params.page);
  const from = params.from && parseInstant(params.from) ? params.from : null;
  const to = params.to && parseInstant(params.to) ? params.to : null;
  return {
    status: (params.status ?? '').split(',').filter((s): s is CaseStatus => oneOf(CASE_STATUSES, s) !== null),
    kind: oneOf(CASE_KINDS, params.kind),
    category: oneOf(CASE_CATEGORIES, params.category),
    branchId: params.branchId || null,
    assigneeId: params.assigneeId || null,
    q: (params.q ?? '').trim(),
    overdue: params.overdue === 'true',
    escalated: params.escalated === 'true',
    from,
    to,
    sort: oneOf(DESK_SORTS, params.sort) ?? '-createdAt',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL's query parameters of a desk state; defaults are left out so links stay short. */
export function deskParamsOf(state: DeskState): Record<string, string | null> {
  return {
    status: state.status.length ? state.status.join(',') : null,
    kind: state.kind,
    category: state.category,
    branchId: state.branchId,
    assigneeId: state.assigneeId,
    q: state.q || null,
    overdue: state.overdue ? 'true' : null,
    escalated: state.escalated ? 'true' : null,
    from: state.from,
    to: state.to,
    sort: state.sort === '-createdAt' ? null : state.sort,
    page: state.page > 1 ? String(state.page) : null,
  };
}

/** The list request of a desk state (the exports take the same filters). */
export function caseQueryOf(state: DeskState): CaseQuery {
  return {
    status: state.status,
    kind: state.kind,
    category: state.category,
    branchId: state.branchId,
    assigneeId: state.assigneeId,
    q: state.q || null,
    overdue: state.overdue || undefined,
    escalated: state.escalated || undefined,
    from: state.from ?? undefined,
    to: state.to ?? undefined,
    sort: state.sort,
    page: state.page,
  };
}

/** Whether any filter is set (the escalated queue's preset applies only to a bare URL). */
export function hasFilters(params: DeskParams): boolean {
  return Object.values(params).some((v) => v !== undefined && v !== '');
}
