import { formatShanghai, maskHouseholdFor } from '@tenplusn/domain';
import type { AuthUser } from '../auth/auth-user';
import {
  CATEGORY_LABELS,
  KIND_LABELS,
  labelOf,
  PRIORITY_LABELS,
  SATISFACTION_LABELS,
  STATUS_LABELS,
  yesNo,
} from './report-labels';

/** One case as the export query returns it (raw SQL row). */
export interface CaseExportRow {
  id: string;
  number: string;
  kind: string;
  category: string;
  title: string;
  description: string | null;
  head_name: string | null;
  phone: string | null;
  branch_id: string;
  branch_name: string | null;
  status: string;
  priority: string;
  escalated: boolean;
  assignee_name: string | null;
  due_at: Date | null;
  overdue: boolean;
  resolution: string | null;
  satisfaction: string | null;
  raised_by_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  sort_key: string;
}

/** The columns of the case export, in order: Chinese header and the cell of one row. */
export const CASE_EXPORT_COLUMNS: {
  header: string;
  width: number;
  cell: (r: CaseExportRow, actor: AuthUser) => string;
}[] = [
  { header: '编号', width: 18, cell: (r) => r.number },
  { header: '类型', width: 10, cell: (r) => labelOf(KIND_LABELS, r.kind) },
  { header: '类别', width: 12, cell: (r) => labelOf(CATEGORY_LABELS, r.category) },
  { header: '标题', width: 30, cell: (r) => r.title },
  { header: '描述', width: 40, cell: (r) => r.description ?? '' },
  { header: '户主', width: 10, cell: (r) => r.head_name ?? '' },
  {
    header: '联系电话',
    width: 14,
    // exports are for managers of the branch, who see phones in full; the rule stays the domain's
    cell: (r, actor) =>
      maskHouseholdFor(
        actor,
        { branchId: r.branch_id, contactMemberIds: [] },
        { phone: r.phone, address: null, tags: [] },
      ).phone ?? '',
  },
  { header: '村/支部', width: 16, cell: (r) => r.branch_name ?? '' },
  { header: '状态', width: 12, cell: (r) => labelOf(STATUS_LABELS, r.status) },
  { header: '优先级', width: 8, cell: (r) => labelOf(PRIORITY_LABELS, r.priority) },
  { header: '已上报镇', width: 9, cell: (r) => yesNo(r.escalated) },
  { header: '责任人', width: 10, cell: (r) => r.assignee_name ?? '' },
  { header: '期限', width: 17, cell: (r) => formatShanghai(r.due_at) },
  { header: '是否超期', width: 9, cell: (r) => yesNo(r.overdue) },
  { header: '办理结果', width: 30, cell: (r) => r.resolution ?? '' },
  { header: '满意度', width: 10, cell: (r) => labelOf(SATISFACTION_LABELS, r.satisfaction) },
  { header: '提出人', width: 10, cell: (r) => r.raised_by_name ?? '' },
  { header: '创建时间', width: 17, cell: (r) => formatShanghai(r.created_at) },
  { header: '办结时间', width: 17, cell: (r) => formatShanghai(r.closed_at) },
];

/**
 * One CSV field. Quoted when needed; a leading = + - @ (or tab/CR) is prefixed with ' so
 * that Excel never runs a title typed on a doorstep as a formula (CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly string[]): string => `${cells.map(csvField).join(',')}\r\n`;
