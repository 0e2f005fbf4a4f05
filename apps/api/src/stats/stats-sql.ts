import { monthOf, monthPeriod, Period } from '@tenplusn/domain';
import { overdueSql } from '../common/status-predicates.sql';
import { wholeMonths } from './stats-period';

/** The case counts over cases received in [$1, $2), as columns of one row (or of a GROUP BY). */
export const CASE_COUNT_COLUMNS = `
  count(*) AS received,
  count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
  count(*) FILTER (WHERE c.kind = 'problem') AS problems,
  count(*) FILTER (WHERE c.status = 'closed') AS closed,
  count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
  count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
  count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied') AS closed_satisfied,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen')) AS reopened`;

/**
 * The median hours to close over the closed cases received in [$1, $2). A query of its own:
 * the ordered-set aggregate sorts only the closed cases, reached through
 * ix_cases_branch_status_created, and the counts above can hash instead of sort.
 */
export const MEDIAN_HOURS = `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600) AS median_hours`;
export const CLOSED_IN_PERIOD = `c.status = 'closed' AND c.closed_at IS NOT NULL AND c.created_at >= $1 AND c.created_at < $2`;

/**
 * The same median for the whole town over a period of whole months, exactly: $1, $2 the
 * period's instants, $3, $4 its months. stats_case_duration_months counts the closed cases with
 * a closing time per month of receipt and 8-hour bucket of their time to close (migration
 * StatsDurationHistogram); added up over the period's months, they tell which bucket holds the
 * middle case (0-based position (n - 1) / 2) and which the second middle one (n / 2), and how
 * many of the period's cases lie in earlier buckets. Only those buckets' stretch of
 * ix_cases_closed_duration is read (index only, in order of the time to close), skipping the
 * period's cases before the middle within it, and percentile_cont over the one or two middle
 * cases gives the value it gives over all of them (for 0.5: the middle value, or the mean of
 * the two middle ones; ordering by the interval is ordering by the exact number of seconds,
 * and bucket b holds exactly the durations in [b * 8 h, (b + 1) * 8 h)). No closed case: no
 * bucket, no row read, null. (Integer arithmetic: sum() of bigint is numeric, hence the casts.)
 */
export const MEDIAN_BY_HISTOGRAM = `
  WITH h AS (SELECT d.bucket, sum(d.closed)::bigint AS n FROM stats_case_duration_months d
              WHERE d.month >= $3::date AND d.month < $4::date GROUP BY d.bucket HAVING sum(d.closed) <> 0),
       b AS (SELECT h.bucket, h.n, (sum(h.n) OVER (ORDER BY h.bucket))::bigint - h.n AS before,
                     (sum(h.n) OVER ())::bigint AS total
               FROM h),
       lo AS (SELECT b.bucket, (b.total - 1) / 2 - b.before AS skip, 2 - b.total % 2 AS take FROM b
               WHERE (b.total - 1) / 2 >= b.before AND (b.total - 1) / 2 < b.before + b.n),
       hi AS (SELECT b.bucket FROM b WHERE b.total / 2 >= b.before AND b.total / 2 < b.before + b.n),
       m AS (SELECT c.closed_at - c.created_at AS d FROM cases c
              WHERE ${CLOSED_IN_PERIOD}
                AND c.closed_at - c.created_at >= make_interval(hours => 8 * (SELECT lo.bucket FROM lo))
                AND c.closed_at - c.created_at < make_interval(hours => 8 * ((SELECT hi.bucket FROM hi) + 1))
              ORDER BY c.closed_at - c.created_at
             OFFSET (SELECT lo.skip FROM lo) LIMIT (SELECT lo.take FROM lo))
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.d) / 3600) AS median_hours FROM m`;
/**
 * The median of one whole month ($1, its first day) per branch, as kept with the branch-month's
 * counters (migration StatsBranchMedians: the cases trigger recomputes MEDIAN_HOURS over the
 * branch-month's closed cases whenever one of them enters, leaves or changes its time to close).
 * Null for a branch-month without closed cases; no row: nothing received.
 */
export const BRANCH_MONTH_MEDIANS = `SELECT s.branch_id, s.median_hours FROM stats_branch_case_months s WHERE s.month = $1::date`;
/** every branch by name, so that PostgreSQL uses the (branch_id, ...) indexes once per branch */
export const everyBranch = (alias: 'c' | 'v'): string =>
  `${alias}.branch_id = ANY (ARRAY(SELECT id FROM branches))`;
/** The median hours to close per branch over the cases received in [$1, $2) (MEDIAN_HOURS). */
export const BRANCH_MEDIANS = `SELECT c.branch_id, ${MEDIAN_HOURS} FROM cases c
  WHERE ${CLOSED_IN_PERIOD} AND ${everyBranch('c')} GROUP BY c.branch_id`;

/** overdue now: in assigned/in_progress with the due date passed, whenever received; never while paused */
export const OVERDUE = overdueSql('c');

/**
 * The current Shanghai month, computed once per statement (an InitPlan): written out in a
 * filter, `stats_month(now())` is computed again for every row it filters (county scale: the
 * branch table's 3,900 due-month counter rows, −0.5 to −0.8 ms of its 4.4–5.3 ms).
 */
const CURRENT_MONTH = '(SELECT stats_month(now()))';

/**
 * Overdue now (OVERDUE) per branch, without visiting every overdue case: every working case
 * (assigned or in progress, not paused) due before the current Shanghai month is overdue, and
 * stats_branch_due_months counts those per branch and month due (kept by the cases trigger,
 * migration OverdueCounters); the current month's part up to now is an index range count
 * (ix_cases_overdue). Branches without overdue cases have no row.
 */
export const OVERDUE_BY_BRANCH = `
  SELECT x.branch_id, sum(x.n)::bigint AS overdue FROM (
    SELECT s.branch_id, s.working::bigint AS n FROM stats_branch_due_months s WHERE s.month < ${CURRENT_MONTH}
    UNION ALL
    SELECT c.branch_id, count(*) FROM cases c
     WHERE ${OVERDUE} AND c.due_at >= stats_month_start(stats_month(now())) GROUP BY c.branch_id) x
   GROUP BY x.branch_id`;
/**
 * The same for the whole town. The plain count reads the same index alone as fast while the
 * visibility map is current, but every case updated since the last VACUUM sends it to the heap
 * (county copy after 20,000 case updates: 20.7 ms against 3.7-4.4 ms from the counters).
 */
export const OVERDUE_IN_TOWN = `
  SELECT (SELECT coalesce(sum(s.working), 0) FROM stats_branch_due_months s WHERE s.month < ${CURRENT_MONTH})::bigint
       + (SELECT count(*) FROM cases c WHERE ${OVERDUE} AND c.due_at >= stats_month_start(stats_month(now()))) AS overdue`;

/**
 * Distinct active households visited in the period (rows: branch_id, household_id); $1 and
 * $2 are the period's bounds, `branchParam` the placeholder of a branch or null for all.
 */
export function visitedHouseholdsSql(
  p: Period,
  branchParam: string | null,
): { sql: string; params: unknown[] } {
  const months = wholeMonths(p);
  const notInactive = `NOT EXISTS (SELECT 1 FROM stats_inactive_households i WHERE i.household_id = x.household_id)`;
  if (months) {
    // one month: (month, branch_id, household_id) is the key, so no DISTINCT is needed
    const single = isSingleMonth(months);
    return {
      sql: `SELECT ${single ? '' : 'DISTINCT'} x.branch_id, x.household_id FROM stats_household_visit_months x
             WHERE x.month >= $1::date AND x.month < $2::date ${branchParam ? `AND x.branch_id = ${branchParam}` : ''}
               AND ${notInactive}`,
      params: [months.from, months.to],
    };
  }
  return {
    sql: `SELECT DISTINCT x.branch_id, x.household_id FROM visits x
           WHERE x.visited_at >= $1 AND x.visited_at < $2
             ${branchParam ? `AND x.branch_id = ${branchParam}` : ''} AND ${notInactive}`,
    params: [p.from, p.to],
  };
}

/** the placeholders of a period's whole months' bounds ('2026-11-01', '2026-12-01') */
type MonthBounds = readonly [string, string];
const MONTHS: MonthBounds = ['$1', '$2'];

/**
 * The case counts of a period of whole months from the roll-up stats_branch_case_months (kept
 * by the triggers of migration StatsMonthCounters, statuses as of now): $1 and $2 are the
 * months' bounds ('2026-11-01', '2026-12-01'), `branchParam` a branch's placeholder or null.
 */
export function caseMonthsSql(
  branchParam: string | null,
  groupByBranch = false,
  [from, to]: MonthBounds = MONTHS,
): string {
  const sum = (col: string) => `coalesce(sum(s.${col}), 0) AS ${col}`;
  return `SELECT ${groupByBranch ? 's.branch_id, ' : ''}${['received', 'suggestions', 'problems', 'closed', 'rejected', 'closed_on_time', 'closed_satisfied', 'reopened'].map(sum).join(', ')}
            FROM stats_branch_case_months s
           WHERE s.month >= ${from}::date AND s.month < ${to}::date ${branchParam ? `AND s.branch_id = ${branchParam}` : ''}
           ${groupByBranch ? 'GROUP BY s.branch_id' : ''}`;
}

/** Visits of a period of whole months ($1, $2 as above) from stats_branch_visit_months. */
export function visitMonthsSql(
  branchParam: string | null,
  groupByBranch = false,
  [from, to]: MonthBounds = MONTHS,
): string {
  return `SELECT ${groupByBranch ? 's.branch_id, ' : ''}coalesce(sum(s.visits), 0) AS visits
            FROM stats_branch_visit_months s
           WHERE s.month >= ${from}::date AND s.month < ${to}::date ${branchParam ? `AND s.branch_id = ${branchParam}` : ''}
           ${groupByBranch ? 'GROUP BY s.branch_id' : ''}`;
}

/**
 * Per branch over a period of whole months ($1, $2 as above): `visited`, the (branch, active
 * household) pairs whose latest visit falls in the period (stats_branch_last_visit_months
 * counts the pairs of active households only), and `later`, whether such a pair has its latest
 * visit at or after the period's end. When it does not, the branch's active households visited
 * in the period are exactly those pairs; otherwise visitedInBranchesSql counts them.
 */
export function latestVisitCountsSql(branchParam: string | null, [from, to]: MonthBounds = MONTHS): string {
  return `SELECT s.branch_id,
                 coalesce(sum(s.households) FILTER (WHERE s.month >= ${from}::date AND s.month < ${to}::date), 0) AS visited,
                 coalesce(bool_or(s.month >= ${to}::date AND s.households > 0), false) AS later
            FROM stats_branch_last_visit_months s ${branchParam ? `WHERE s.branch_id = ${branchParam}` : ''}
           GROUP BY s.branch_id`;
}

/**
 * Per branch over a period of whole months ($1, $2 as above), from stats_branch_member_months
 * (the branch's active accounts with role member by the month of their latest visit,
 * '-infinity' for none): `members`, `active_members` (latest visit in the period) and `later`,
 * whether one of them has a visit at or after the period's end. When none has, the members
 * active in the period are exactly those; otherwise membersActiveInBranchesSql counts them.
 */
export function memberMonthsSql(branchParam: string | null, [from, to]: MonthBounds = MONTHS): string {
  return `SELECT s.branch_id, coalesce(sum(s.members), 0) AS members,
                 coalesce(sum(s.members) FILTER (WHERE s.month >= ${from}::date AND s.month < ${to}::date), 0) AS active_members,
                 coalesce(bool_or(s.month >= ${to}::date AND s.members > 0), false) AS later
            FROM stats_branch_member_months s ${branchParam ? `WHERE s.branch_id = ${branchParam}` : ''}
           GROUP BY s.branch_id`;
}

/** Whether whole months (wholeMonths) are a single month. */
export const isSingleMonth = (months: { from: string; to: string }): boolean =>
  monthOf(monthPeriod(months.from.slice(0, 7)).to) === months.to.slice(0, 7);

/**
 * From how many branches on membersActiveInBranchesSql lets PostgreSQL find the members with a
 * visit in the period in one pass over the period's member-months instead of probing each
 * member's months (county, 300 branches, a past month: 105 -> 28 ms, a quarter 117 -> 29 ms,
 * 12 months 58 ms). For a few branches the probe is the faster (one branch: 0.9 ms for a month;
 * the pass over 12 months of member-months would take 81 ms), and the planner, estimating the
 * members of a branch list badly, does not always see it.
 */
export const MANY_BRANCHES = 100;

/**
 * Active members of the branches $3 (an array) with a visit in the whole months [$1, $2), per
 * branch. For a few branches a probe of each member's months (a hash of the period's
 * member-months would read every branch's months); for MANY_BRANCHES or more a semi-join, which
 * the planner may answer with one pass over the period's member-months.
 */
export function membersActiveInBranchesSql(branches: number): string {
  const active = `EXISTS (SELECT 1 FROM stats_member_visit_months s
                           WHERE s.member_id = u.id AND s.month >= $1::date AND s.month < $2::date)`;
  const members = `u.active AND u.role = 'member' AND u.branch_id = ANY ($3::uuid[])`;
  if (branches < MANY_BRANCHES)
    return `SELECT u.branch_id, count(*) AS members, count(*) FILTER (WHERE ${active}) AS active_members
              FROM users u WHERE ${members} GROUP BY u.branch_id`;
  return `SELECT m.branch_id, m.members, coalesce(a.active_members, 0) AS active_members
            FROM (SELECT u.branch_id, count(*) AS members FROM users u WHERE ${members} GROUP BY u.branch_id) m
            LEFT JOIN (SELECT u.branch_id, count(*) AS active_members FROM users u
                        WHERE ${members} AND ${active} GROUP BY u.branch_id) a ON a.branch_id = m.branch_id`;
}

/**
 * Visited active households of the branches $3 (an array) over whole months [$1, $2), per
 * branch. The branches are joined, not filtered with `= ANY ($3)`: the index is read by month,
 * and as a filter every row would be compared with each branch of the array in turn (county,
 * 300 branches, a past month: 76,000 household-months, 94-110 -> 22 ms). A single month's
 * (month, branch, household) rows are distinct already.
 */
export function visitedInBranchesSql(singleMonth: boolean): string {
  return `SELECT x.branch_id, count(${singleMonth ? '*' : 'DISTINCT x.household_id'}) AS visited
            FROM stats_household_visit_months x JOIN unnest($3::uuid[]) b(id) ON b.id = x.branch_id
           WHERE x.month >= $1::date AND x.month < $2::date
             AND NOT EXISTS (SELECT 1 FROM stats_inactive_households i WHERE i.household_id = x.household_id)
           GROUP BY x.branch_id`;
}

/**
 * A LEFT JOIN of what stats_past_counts keeps for `kind` over the whole months [from, to) of
 * the branch `branch`, still valid (the current generation): NULL columns when nothing is kept.
 */
export function keptJoin(
  alias: string,
  kind: 'visited' | 'members',
  branch: string,
  [from, to]: MonthBounds = MONTHS,
): string {
  return `LEFT JOIN stats_past_counts ${alias} ON ${alias}.kind = '${kind}' AND ${alias}.month_from = ${from}::date
            AND ${alias}.month_to = ${to}::date AND ${alias}.branch_id = ${branch}
            AND ${alias}.gen = (SELECT g.gen FROM stats_past_generation g)`;
}

/**
 * `count` (visitedInBranchesSql or membersActiveInBranchesSql: $1, $2 the whole months, $3 the
 * branches) answered and kept in stats_past_counts in one statement, with the generation read
 * in the same snapshot as the rows counted: an answer counted before a change committed keeps
 * the generation before the change, and is not used after it. Every branch asked for gets a row
 * (zeros when it has none), so that the next answer finds them all.
 */
export function countAndKeepPastSql(kind: 'visited' | 'members', count: string): string {
  const figures =
    kind === 'visited'
      ? 'coalesce(r.visited, 0), NULL::bigint, NULL::bigint'
      : 'NULL::bigint, coalesce(r.members, 0), coalesce(r.active_members, 0)';
  return `WITH r AS (${count}),
       g AS (SELECT gen FROM stats_past_generation),
       kept AS (
         INSERT INTO stats_past_counts AS k (kind, month_from, month_to, branch_id, visited, members, active_members, gen)
         SELECT '${kind}', $1::date, $2::date, b.id, ${figures}, g.gen
           FROM unnest($3::uuid[]) b(id) LEFT JOIN r ON r.branch_id = b.id CROSS JOIN g
         ON CONFLICT (kind, month_from, month_to, branch_id) DO UPDATE
           SET visited = EXCLUDED.visited, members = EXCLUDED.members,
               active_members = EXCLUDED.active_members, gen = EXCLUDED.gen)
  SELECT * FROM r`;
}

/**
 * The columns of what stats_past_counts keeps, read beside each branch's counters (keptJoin kv,
 * km): a branch whose counters cannot answer a period in the past (`later`) reads these instead
 * when they are there (not NULL), and is counted again only when they are not.
 */
const KEPT = {
  visited: 'kv.visited AS kept_visited',
  members: 'km.members AS kept_members, km.active_members AS kept_active_members',
} as const;
const KEPT_COLUMNS = `${KEPT.visited}, ${KEPT.members}`;

/** A per-branch counter query (latestVisitCountsSql, memberMonthsSql over $1, $2) with what is kept for `kind` beside each row. */
export function withKept(kind: 'visited' | 'members', perBranch: string): string {
  return `SELECT x.*, ${KEPT[kind]} FROM (${perBranch}) x
    ${keptJoin(kind === 'visited' ? 'kv' : 'km', kind, 'x.branch_id')}`;
}

/**
 * The branch table over a period of whole months ($1, $2 as above) in one statement: every
 * branch (code order) with its case counters, overdue, coverage, visited households
 * (`visited_later`: counted elsewhere, see latestVisitCountsSql), visits and members
 * (`members_later`: see memberMonthsSql), and for a single month ($1) its kept median. One
 * result set instead of seven: each branch's row is parsed once and needs no joining in Node.
 * A single month (the default period) reads each branch's row of the month counters by key
 * instead of summing months (county scale: 4.4 -> 3.7 ms).
 */
export function branchTableOfMonthsSql(singleMonth: boolean): string {
  if (singleMonth) return branchTableOfMonthSql();
  return `WITH c AS (${caseMonthsSql(null, true)}),
       o AS (${OVERDUE_BY_BRANCH}),
       l AS (${latestVisitCountsSql(null)}),
       vm AS (${visitMonthsSql(null, true)}),
       mm AS (${memberMonthsSql(null)})
  SELECT b.id AS branch_id, b.name, b.code,
         c.received, c.suggestions, c.problems, c.closed, c.rejected, c.closed_on_time, c.closed_satisfied,
         c.reopened, o.overdue, NULL AS median_hours,
         h.households, h.covered, l.visited, l.later AS visited_later,
         vm.visits, mm.members, mm.active_members, mm.later AS members_later, ${KEPT_COLUMNS}
    FROM branches b
    LEFT JOIN c ON c.branch_id = b.id
    LEFT JOIN o ON o.branch_id = b.id
    LEFT JOIN stats_branch_coverage h ON h.branch_id = b.id
    LEFT JOIN l ON l.branch_id = b.id
    LEFT JOIN vm ON vm.branch_id = b.id
    LEFT JOIN mm ON mm.branch_id = b.id
    ${keptJoin('kv', 'visited', 'b.id')}
    ${keptJoin('km', 'members', 'b.id')}
   ORDER BY b.code, b.id`;
}

/**
 * branchTableOfMonthsSql for the single month [$1, $2): the month's rows of the case, visit
 * and latest-visit counters joined by their keys (branch_id, month), the same figures as the
 * sums over one month (a branch without a row reads NULL, as a branch without a group does).
 */
function branchTableOfMonthSql(): string {
  return `WITH o AS (${OVERDUE_BY_BRANCH}),
       mm AS (${memberMonthsSql(null)})
  SELECT b.id AS branch_id, b.name, b.code,
         c.received, c.suggestions, c.problems, c.closed, c.rejected, c.closed_on_time, c.closed_satisfied,
         c.reopened, o.overdue, c.median_hours,
         h.households, h.covered, l.households AS visited,
         EXISTS (SELECT 1 FROM stats_branch_last_visit_months s
                  WHERE s.branch_id = b.id AND s.month >= $2::date AND s.households > 0) AS visited_later,
         vm.visits, mm.members, mm.active_members, mm.later AS members_later, ${KEPT_COLUMNS}
    FROM branches b
    LEFT JOIN stats_branch_case_months c ON c.branch_id = b.id AND c.month = $1::date
    LEFT JOIN o ON o.branch_id = b.id
    LEFT JOIN stats_branch_coverage h ON h.branch_id = b.id
    LEFT JOIN stats_branch_last_visit_months l ON l.branch_id = b.id AND l.month = $1::date
    LEFT JOIN stats_branch_visit_months vm ON vm.branch_id = b.id AND vm.month = $1::date
    LEFT JOIN mm ON mm.branch_id = b.id
    ${keptJoin('kv', 'visited', 'b.id')}
    ${keptJoin('km', 'members', 'b.id')}
   ORDER BY b.code, b.id`;
}

/**
 * The town's overview over a period of whole months in one statement ($1, $2 the period's
 * instants, $3, $4 its months' bounds): the case counters, the median (MEDIAN_BY_HISTOGRAM),
 * overdue (OVERDUE_IN_TOWN), coverage, visited households, visits and members, each as the
 * separate statements count them, and `visited_later` / `members_later`: whether some branch
 * has a latest visit at or after the period's end (latestVisitCountsSql, memberMonthsSql) and
 * nothing valid kept for it in stats_past_counts, when those two counts need the fallbacks; a
 * branch with its counts kept adds those. One round trip instead of seven.
 */
export const TOWN_OVERVIEW_OF_MONTHS = `
  SELECT c.*, (${MEDIAN_BY_HISTOGRAM}) AS median_hours, (${OVERDUE_IN_TOWN}) AS overdue,
         h.households, h.covered, l.visited, l.later AS visited_later,
         v.visits, m.members, m.active_members, m.later AS members_later
    FROM (${caseMonthsSql(null, false, ['$3', '$4'])}) c,
         (SELECT coalesce(sum(households), 0) AS households, coalesce(sum(covered), 0) AS covered
            FROM stats_branch_coverage) h,
         (SELECT coalesce(sum(CASE WHEN x.later THEN kv.visited ELSE x.visited END), 0) AS visited,
                 coalesce(bool_or(x.later AND kv.visited IS NULL), false) AS later
            FROM (${latestVisitCountsSql(null, ['$3', '$4'])}) x
            ${keptJoin('kv', 'visited', 'x.branch_id', ['$3', '$4'])}) l,
         (${visitMonthsSql(null, false, ['$3', '$4'])}) v,
         (SELECT coalesce(sum(CASE WHEN x.later THEN km.members ELSE x.members END), 0) AS members,
                 coalesce(sum(CASE WHEN x.later THEN km.active_members ELSE x.active_members END), 0) AS active_members,
                 coalesce(bool_or(x.later AND km.members IS NULL), false) AS later
            FROM (${memberMonthsSql(null, ['$3', '$4'])}) x
            ${keptJoin('km', 'members', 'x.branch_id', ['$3', '$4'])}) m`;
