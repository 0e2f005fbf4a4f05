import { BranchRoster, quotaStatus, RosterMember } from '@tenplusn/domain';
import { rosterLines } from './roster-quota';

function aMember(
  memberId: string,
  memberName: string,
  core: number,
  extra = 0,
  extras: Partial<RosterMember> = {},
): RosterMember {
  const status = quotaStatus(core, 10);
  return {
    memberId,
    memberName,
    role: 'member',
    active: true,
    core,
    extra,
    status,
    over: status === 'over',
    under: status === 'under',
    ...extras,
  };
}

describe('rosterLines', () => {
  const roster = (members: RosterMember[]): BranchRoster => ({
    branchId: 'b',
    coreQuota: 10,
    households: 40,
    uncovered: 3,
    members,
  });

  it('puts over-quota members first, then the furthest under, then those at quota', () => {
    const lines = rosterLines(
      roster([
        aMember('a', '甲', 10),
        aMember('b', '乙', 8),
        aMember('c', '丙', 12),
        aMember('d', '丁', 3),
        aMember('e', '戊', 11),
      ]),
    );
    expect(lines.map((l) => [l.memberId, l.highlight, l.gap])).toEqual([
      ['c', 'over', 2],
      ['e', 'over', 1],
      ['d', 'under', -7],
      ['b', 'under', -2],
      ['a', 'at', 0],
    ]);
  });

  it('does not ask a secretary without households to fill a quota, and puts deactivated accounts last', () => {
    const lines = rosterLines(
      roster([
        aMember('s', '书记', 0, 0, { role: 'secretary', status: 'under', under: true }),
        aMember('x', '已停用', 2, 0, { active: false }),
        aMember('a', '甲', 10),
      ]),
    );
    expect(lines.map((l) => [l.memberId, l.highlight])).toEqual([
      ['a', 'at'],
      ['s', 'none'],
      ['x', 'under'],
    ]);
  });
});
