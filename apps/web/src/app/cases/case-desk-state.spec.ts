import { caseQueryOf, deskParamsOf, deskStateOf, hasFilters } from './case-desk-state';

describe('the case desk state in the URL', () => {
  it('reads every filter of GET /api/cases back from the query parameters', () => {
    const params = {
      status: 'closed,rejected',
      kind: 'problem',
      category: 'infrastructure',
      branchId: 'b-1',
      assigneeId: 'u-1',
      q: ' LW-2026 ',
      overdue: 'true',
      escalated: 'true',
      from: '2026-10-01',
      to: '2026-11-01',
      sort: 'dueAt',
      page: '3',
    };
    const state = deskStateOf(params);
    expect(state).toEqual({
      status: ['closed', 'rejected'],
      kind: 'problem',
      category: 'infrastructure',
      branchId: 'b-1',
      assigneeId: 'u-1',
      q: 'LW-2026',
      overdue: true,
      escalated: true,
      from: '2026-10-01',
      to: '2026-11-01',
      sort: 'dueAt',
      page: 3,
    });
    // and writes the same URL again (a reload gives the same list)
    expect(deskStateOf(deskParamsOf(state) as Record<string, string>)).toEqual(state);
    expect(caseQueryOf(state)).toMatchObject({
      status: ['closed', 'rejected'],
      q: 'LW-2026',
      overdue: true,
      page: 3,
      sort: 'dueAt',
    });
  });

  it('drops what it cannot read instead of failing, and keeps defaults out of the URL', () => {
    const state = deskStateOf({
      status: 'closed,bogus',
      kind: 'x',
      sort: 'name',
      page: '-2',
      from: 'yesterday',
    });
    expect(state).toMatchObject({ status: ['closed'], kind: null, sort: '-createdAt', page: 1, from: null });
    expect(deskParamsOf(deskStateOf({}))).toEqual(
      Object.fromEntries(Object.keys(deskParamsOf(deskStateOf({}))).map((k) => [k, null])),
    );
    expect(caseQueryOf(deskStateOf({}))).toMatchObject({ overdue: undefined, escalated: undefined, q: null });
  });

  it('tells a bare URL (where a preset applies) from a filtered one', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ status: undefined, q: '' })).toBe(false);
    expect(hasFilters({ status: 'closed' })).toBe(true);
  });
});
