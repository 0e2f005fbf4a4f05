#!/usr/bin/env bash
# EXPLAIN ANALYZE of the case-list queries on the 300k-case scratch database (cases-300k.sql).
# Prints the median execution time of 5 runs per query and the plan's top scan node.
#
#   tools/load/explain-case-lists.sh <scratch database name> [member username] [--before]
#
# --before runs the queries as the API wrote them before docs/workflow.md's changes
# (COUNT(DISTINCT id), NULLS LAST on every sort) with the two new indexes dropped inside a
# rolled-back transaction.
set -euo pipefail
DB=${1:?scratch database name}
MEMBER=${2:-g3_m7}
BEFORE=${3:-}
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -At -v ON_ERROR_STOP=1)
M=$("${PSQL[@]}" -c "SELECT id FROM users WHERE username = '$MEMBER'")
B=$("${PSQL[@]}" -c "SELECT branch_id FROM users WHERE username = '$MEMBER'")
[[ -n "$M" && -n "$B" ]] || { echo "no member $MEMBER in $DB" >&2; exit 1; }

COUNT='COUNT(*)'
NL_CREATED=''
PRE=''
if [[ "$BEFORE" == "--before" ]]; then
  COUNT='COUNT(DISTINCT(c.id))'
  NL_CREATED=' NULLS LAST'
  PRE='DROP INDEX IF EXISTS ix_cases_branch_due_active; DROP INDEX IF EXISTS ix_cases_escalated_created;'
fi

MEMBER_SCOPE="c.branch_id = '$B' AND (c.raised_by_id = '$M' OR c.assignee_id = '$M')"
TASKS="$MEMBER_SCOPE AND c.status IN ('assigned', 'in_progress') AND c.assignee_id = '$M'"
OPEN="c.branch_id = '$B' AND c.status IN ('open')"
OVERDUE="c.branch_id = '$B' AND c.status IN ('assigned', 'in_progress') AND c.due_at < now() AND NOT c.paused"
BRANCH="c.branch_id = '$B'"

declare -a NAMES SQLS
add() { NAMES+=("$1"); SQLS+=("$2"); }
add "member tasks: rows (assigneeId=me&status=assigned,in_progress&sort=dueAt)" \
  "SELECT c.* FROM cases c WHERE $TASKS ORDER BY c.due_at ASC NULLS LAST, c.id ASC LIMIT 20"
add "member tasks: count" "SELECT $COUNT FROM cases c WHERE $TASKS"
add "member, all own cases: rows (default -createdAt)" \
  "SELECT c.* FROM cases c WHERE $MEMBER_SCOPE ORDER BY c.created_at DESC$NL_CREATED, c.id ASC LIMIT 20"
add "member, all own cases: count" "SELECT $COUNT FROM cases c WHERE $MEMBER_SCOPE"
add "secretary open: rows (status=open&sort=createdAt)" \
  "SELECT c.* FROM cases c WHERE $OPEN ORDER BY c.created_at ASC$NL_CREATED, c.id ASC LIMIT 20"
add "secretary open: rows (status=open, default -createdAt)" \
  "SELECT c.* FROM cases c WHERE $OPEN ORDER BY c.created_at DESC$NL_CREATED, c.id ASC LIMIT 20"
add "secretary open: count" "SELECT $COUNT FROM cases c WHERE $OPEN"
add "secretary overdue: rows (overdue=true&sort=dueAt)" \
  "SELECT c.* FROM cases c WHERE $OVERDUE ORDER BY c.due_at ASC NULLS LAST, c.id ASC LIMIT 20"
add "secretary overdue: count" "SELECT $COUNT FROM cases c WHERE $OVERDUE"
add "secretary, whole branch: rows (default -createdAt)" \
  "SELECT c.* FROM cases c WHERE $BRANCH ORDER BY c.created_at DESC$NL_CREATED, c.id ASC LIMIT 20"
add "secretary, whole branch: count" "SELECT $COUNT FROM cases c WHERE $BRANCH"
add "staff escalated queue: rows (escalated=true, default -createdAt)" \
  "SELECT c.* FROM cases c WHERE c.escalated = true ORDER BY c.created_at DESC$NL_CREATED, c.id ASC LIMIT 20"
add "staff escalated queue: count" "SELECT $COUNT FROM cases c WHERE c.escalated = true"

for i in "${!NAMES[@]}"; do
  times=()
  plan=''
  for _ in 1 2 3 4 5; do
    out=$("${PSQL[@]}" -c "BEGIN; $PRE EXPLAIN (ANALYZE, TIMING OFF) ${SQLS[$i]}; ROLLBACK;")
    times+=("$(grep -oP 'Execution Time: \K[0-9.]+' <<<"$out")")
    plan=$(grep -oP '(Index Only Scan|Index Scan Backward|Index Scan|Bitmap Index Scan|Seq Scan|Parallel Seq Scan)( using| on) \S+' <<<"$out" | head -2 | paste -sd '+' -)
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  printf '| %s | %s ms | %s |\n' "${NAMES[$i]}" "$median" "$plan"
done
