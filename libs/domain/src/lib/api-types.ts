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
  PauseReason,
  Satisfaction,
} from './case-workflow';
import type { CaseFigures, CoverageFigures } from './metrics';
import type { FlatFigures } from './metric-registry';
import type { AssessmentWeights } from './assessment';
import type { Page } from './pagination';

/** The response types of the HTTP contract (API.md). */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  branchId: string | null;
  /** added to the contract: an account of the demo town (shared public password, made-up data) */
  demo?: boolean;
  /** login and /api/auth/me only: this database holds the demo town, so the web says 演示数据 */
  demoData?: boolean;
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
  /** null once the household's personal data is erased */
  address: string | null;
  villageGroup: string | null;
  size: number | null;
  tags: HouseholdTag[];
  active: boolean;
  /** when its personal data was erased on request; null otherwise */
  erasedAt?: string | null;
}

export interface HouseholdContact {
  memberId: string;
  memberName: string;
  kind: ContactKind;
  since: string;
}

export interface HouseholdDetail extends Household {
  contacts: HouseholdContact[];
  /** every contact the household has had, ended ones too, newest first (who looked after it, since when) */
  contactHistory?: HouseholdContactPeriod[];
}

/** One member's time as a contact of a household; `until` is null while it lasts. */
export interface HouseholdContactPeriod {
  memberId: string;
  memberName: string;
  kind: ContactKind;
  since: string;
  until: string | null;
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

/** A row of GET /api/visits: the visit plus the visitor's name for history screens. */
export interface VisitListItem extends Visit {
  memberName: string;
}

/** The visit a case was raised on, as the case page shows it. */
export interface CaseVisitSummary {
  id: string;
  visitedAt: string;
  method: VisitMethod;
  memberId: string;
  memberName: string;
  notes: string | null;
}

/** POST /api/branches (staff); PATCH takes any of the fields. */
export interface CreateBranchRequest {
  name: string;
  code: string;
  village: string;
  coreQuota?: number;
}
export type UpdateBranchRequest = Partial<CreateBranchRequest>;

/** What a secretary fills in for a household (POST and PATCH /api/households). */
export interface HouseholdFields {
  code: string;
  headName: string;
  address: string;
  phone?: string | null;
  villageGroup?: string | null;
  size?: number | null;
  tags?: HouseholdTag[];
}
export interface CreateHouseholdRequest extends HouseholdFields {
  branchId: string;
}
export interface UpdateHouseholdRequest extends Partial<HouseholdFields> {
  active?: boolean;
}

/** POST /api/users (staff: any role; secretary: members of their branch). */
export interface CreateUserRequest {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  branchId?: string;
  phone?: string;
}
/** PATCH /api/users/:id; a password here is a reset (one's own goes through POST /api/auth/password). */
export interface UpdateUserRequest {
  displayName?: string;
  phone?: string | null;
  active?: boolean;
  role?: Role;
  branchId?: string | null;
  password?: string;
}

/** POST /api/cases/:id/comments */
export interface CommentRequest {
  body: string;
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
  /** the clock is stopped: never overdue while paused */
  paused: boolean;
  pausedAt: string | null;
  pauseReason: PauseReason | null;
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
  /** assign: to whom and until when */
  assigneeId?: string | null;
  dueAt?: string | null;
  /** close: what the household said */
  satisfaction?: Satisfaction | null;
  /** pause: why */
  pauseReason?: PauseReason | null;
  /** resume: the working days the due date moved by */
  pausedWorkingDays?: number | null;
}

export interface CaseDetail extends Case {
  events: CaseEvent[];
  /** extras for the web: names, so screens need no second round trip */
  householdName?: string;
  assigneeName?: string | null;
  raisedByName?: string;
  /** the household's code and phone (the phone masked by the household rules) */
  householdCode?: string;
  householdPhone?: string | null;
  /** the visit the case was raised on; null for a case raised on its own */
  visit?: CaseVisitSummary | null;
}

export type CaseActionRequest =
  | {
      action: 'assign';
      assigneeId: string;
      /** a date, or a number of working days (1–60), or neither: the priority's default */
      dueAt?: string;
      dueInWorkingDays?: number;
      note?: string;
      version: number;
    }
  | { action: 'pause'; reason: PauseReason; note?: string; version: number }
  | { action: 'resume'; version: number }
  | { action: 'start'; version: number }
  | { action: 'resolve'; resolution: string; version: number }
  | { action: 'close'; satisfaction: Satisfaction; note?: string; version: number }
  | { action: 'reopen' | 'reject' | 'escalate' | 'deescalate'; reason: string; version: number };

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

/** A row of GET /api/stats/members: one active member's activity in the period. */
export interface MemberStatsRow {
  memberId: string;
  memberName: string;
  branchId: string;
  visits: number;
  householdsVisited: number;
  /** active households they are the active core contact of (as of now) */
  coreHouseholds: number;
  /** of those core households, the ones they visited themselves in the period */
  coreHouseholdsVisited: number;
  /** coreHouseholdsVisited / coreHouseholds (核心联系户走访率); null when coreHouseholds is 0 */
  coreVisitRate: number | null;
  /** cases they raised that were received in the period */
  casesRaised: number;
  /** cases they resolved in the period (a resolve event of theirs) */
  casesResolved: number;
  /** their latest visit ever, or null */
  lastVisitAt: string | null;
}

/** GET /api/periods: a frozen month or quarter. */
export interface FrozenPeriod {
  period: string;
  kind: 'month' | 'quarter';
  from: string;
  to: string;
  frozenAt: string;
  /** the staff user who froze it; null when frozen automatically */
  frozenBy: string | null;
  frozenByName: string | null;
  automatic: boolean;
  note: string | null;
}

/** A branch row of a frozen period: every figure as it stood, the score and the rank. */
export interface PeriodBranchRow extends BranchFigures {
  score: number | null;
  rank: number;
}

/** GET /api/periods/:period. A secretary gets the town, their own row (with its rank) only. */
export interface PeriodSnapshot extends FrozenPeriod {
  weights: AssessmentWeights;
  town: StatsOverview;
  branches: PeriodBranchRow[];
  /** how many branches were ranked (a secretary sees one row of them) */
  branchCount: number;
}

/** GET /api/board: the village board (村务公开栏) of a branch or the town for a month. */
export interface VillageBoard {
  scope: { branchId: string | null; name: string };
  period: string;
  suggestionsCollected: number;
  problemsSolved: number;
  visits: number;
  householdsVisited: number;
  coverageRate: number | null;
  byCategory: { category: CaseCategory; count: number }[];
  solved: { number: string; category: CaseCategory; title: string; closedAt: string }[];
  sinceStart: { suggestionsCollected: number; problemsSolved: number; since: string | null };
}

/** GET /api/calendar/:year: `configured` false means no data for the year (weekends only). */
export interface CalendarYearResponse {
  year: number;
  holidays: string[];
  workdays: string[];
  configured: boolean;
  updatedAt: string | null;
}

export const INBOX_TYPES = [
  'assigned_to_you',
  'due_soon',
  'overdue',
  'awaiting_triage',
  'awaiting_verification',
  'escalated',
  /** staff handed an escalated case back to the branch (交回支部): for its secretaries */
  'deescalated',
  'reopened',
] as const;
export type InboxType = (typeof INBOX_TYPES)[number];

export interface InboxItem {
  id: string;
  type: InboxType;
  caseId: string;
  title: string;
  at: string;
  read: boolean;
}

/** GET /api/inbox: a page of items plus the caller's unread count. */
export interface InboxPage extends Page<InboxItem> {
  unread: number;
}
