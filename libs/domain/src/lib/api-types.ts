import type { ContactKind, HouseholdTag } from './household';
import type { Role } from './roles';
import type { VisitActivity, VisitMethod } from './visit';
import type {
  CaseAction,
  CaseCategory,
  CaseEventType,
  CaseKind,
  CasePriority,
  CaseStatus,
  Satisfaction,
} from './case-workflow';
import type { CaseFigures, CoverageFigures } from './metrics';
import type { FlatFigures } from './metric-registry';

/** The response types of the HTTP contract (API.md). */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  branchId: string | null;
}

export interface UserDetail extends UserSummary {
  phone: string | null;
  active: boolean;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: UserSummary;
}

export interface RefreshResponse {
  accessToken: string;
  expiresIn: number;
}

export interface Branch {
  id: string;
  name: string;
  code: string;
  village: string;
  coreQuota: number;
}

export interface Household {
  id: string;
  branchId: string;
  code: string;
  headName: string;
  phone: string | null;
  address: string;
  villageGroup: string | null;
  size: number | null;
  tags: HouseholdTag[];
  active: boolean;
}

export interface HouseholdContact {
  memberId: string;
  memberName: string;
  kind: ContactKind;
  since: string;
}

export interface HouseholdDetail extends Household {
  contacts: HouseholdContact[];
}

export interface Visit {
  id: string;
  householdId: string;
  memberId: string;
  visitedAt: string;
  method: VisitMethod;
  activities: VisitActivity[];
  notes: string | null;
  caseIds: string[];
}

export interface NewCaseInput {
  kind: CaseKind;
  category: CaseCategory;
  title: string;
  description?: string;
  priority?: CasePriority;
}

export interface CreateVisitRequest {
  clientId?: string;
  householdId: string;
  visitedAt: string;
  method: VisitMethod;
  activities: VisitActivity[];
  notes?: string;
  cases?: NewCaseInput[];
}

export interface CreateVisitResponse {
  visit: Visit;
  cases: Case[];
}

export interface Case {
  id: string;
  number: string;
  kind: CaseKind;
  category: CaseCategory;
  title: string;
  description: string | null;
  householdId: string;
  branchId: string;
  raisedById: string;
  priority: CasePriority;
  status: CaseStatus;
  assigneeId: string | null;
  dueAt: string | null;
  escalated: boolean;
  resolution: string | null;
  satisfaction: Satisfaction | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A row of GET /api/cases: the case plus names for list screens. */
export interface CaseListItem extends Case {
  householdName: string;
  assigneeName: string | null;
}

export interface CaseEvent {
  id: string;
  type: CaseEventType;
  actorId: string;
  actorName: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  note: string | null;
  at: string;
}

export interface CaseDetail extends Case {
  events: CaseEvent[];
  /** extras for the web: names, so screens need no second round trip */
  householdName?: string;
  assigneeName?: string | null;
  raisedByName?: string;
}

export type CaseActionRequest =
  | { action: 'assign'; assigneeId: string; dueAt: string; note?: string; version: number }
  | { action: 'start'; version: number }
  | { action: 'resolve'; resolution: string; version: number }
  | { action: 'close'; satisfaction: Satisfaction; note?: string; version: number }
  | { action: 'reopen' | 'reject' | 'escalate'; reason: string; version: number };

export type { CaseAction };

export interface StatsOverview {
  cases: CaseFigures;
  coverage: CoverageFigures;
  visits: { count: number; activeMembers: number; inactiveMembers: number };
  /** the same as cases.reopened and cases.reopenRate (API.md names them on the overview) */
  reopened: number;
  reopenRate: number | null;
}

/** One branch's figures (every figure of the metric registry) without the assessment. */
export interface BranchFigures extends FlatFigures {
  branchId: string;
  branchName: string;
  branchCode: string;
}

/** A row of GET /api/stats/branches: the figures and the live assessment score and rank. */
export interface BranchStatsRow extends BranchFigures {
  score: number | null;
  rank: number;
}

/** GET /api/stats/categories: cases received in the period per category. */
export interface CategoryCount {
  category: CaseCategory;
  received: number;
  closed: number;
}

export interface TrendPoint {
  month: string;
  received: number;
  closed: number;
  closureRate: number | null;
}
