import { BranchRoster, RosterMember } from '@tenplusn/domain';

/** One line of the roster table: how far a member is from the branch's core quota. */
export interface RosterLine extends RosterMember {
  /** households over (positive) or short of (negative) the quota */
  gap: number;
  /** 'none': a secretary (or staff) who holds no households is not expected to fill a quota */
  highlight: 'over' | 'under' | 'at' | 'none';
}

function highlightOf(m: RosterMember): RosterLine['highlight'] {
  return m.role !== 'member' && m.core === 0 && m.extra === 0 ? 'none' : m.status;
}

/**
 * Members who need the secretary's attention first: over quota, then the furthest under;
 * a secretary without households and deactivated accounts that still hold contacts come last.
 */
export function rosterLines(roster: BranchRoster): RosterLine[] {
  const rank = { over: 0, under: 1, at: 2, none: 3 } as const;
  return roster.members
    .map((m) => ({ ...m, gap: m.core - roster.coreQuota, highlight: highlightOf(m) }))
    .sort(
      (a, b) =>
        Number(!a.active) - Number(!b.active) ||
        rank[a.highlight] - rank[b.highlight] ||
        (a.highlight === 'over' ? b.gap - a.gap : a.gap - b.gap) ||
        a.memberName.localeCompare(b.memberName, 'zh-CN'),
    );
}
