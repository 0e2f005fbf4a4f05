import { jest } from '@jest/globals';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Case, Household, HouseholdVisitInfo, Page, UserSummary } from '@tenplusn/domain';
import { Notice } from '../core/notice';
import { AuthStore } from '../core/auth-store';
import { MyHouseholds } from './my-households';

const BRANCH = '11111111-1111-4111-8111-111111111111';
const member: UserSummary = {
  id: 'm-1',
  username: 'dy_lw_01',
  displayName: '张娟',
  role: 'member',
  branchId: BRANCH,
};
const NOW = new Date('2026-11-20T04:00:00Z');

function aHousehold(
  code: string,
  headName: string,
  lastVisitAt: string | null,
): Household & HouseholdVisitInfo {
  return {
    id: `hh-${code}`,
    branchId: BRANCH,
    code,
    headName,
    phone: '13812345678',
    address: '李湾村1组',
    villageGroup: '1组',
    size: 3,
    tags: [],
    active: true,
    lastVisitAt,
  };
}
function aCase(id: string, title: string, dueAt: string): Case {
  return {
    id,
    number: `LW-2026-${id}`,
    kind: 'problem',
    category: 'infrastructure',
    title,
    description: null,
    householdId: 'hh-LW-001',
    branchId: BRANCH,
    raisedById: 'm-1',
    priority: 'normal',
    status: 'assigned',
    assigneeId: 'm-1',
    dueAt,
    escalated: false,
    resolution: null,
    satisfaction: null,
    version: 2,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    closedAt: null,
  } as Case;
}
const page = <T>(items: T[], total = items.length): Page<T> => ({ items, total, page: 1, pageSize: 100 });

describe('MyHouseholds (the member home)', () => {
  let fixture: ComponentFixture<MyHouseholds>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (testId: string) =>
    el().querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
  const settle = async () => {
    TestBed.tick();
    await Promise.resolve();
    TestBed.tick();
  };
  const answerCases = (due: Case[], overdue: number) => {
    http
      .expectOne(
        (r) => r.url === '/api/cases' && r.params.get('pageSize') === '1' && !r.params.has('overdue'),
      )
      .flush(page(due));
    // the due-soon block (inbox) lists the earliest ones itself
    http
      .match((r) => r.url === '/api/cases' && r.params.get('pageSize') === '20')
      .forEach((r) => r.flush(page([])));
    http
      .expectOne((r) => r.url === '/api/cases' && r.params.get('overdue') === 'true')
      .flush(page([], overdue));
  };
  const householdsRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/households');

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthStore, useValue: { user: signal(member), role: () => 'member', actor: () => member } },
        { provide: Notice, useValue: { success: jest.fn(), error: jest.fn(), warning: jest.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyHouseholds);
    await settle();
  });
  afterEach(() => jest.useRealTimers());

  it('shows what is due first, with the count and the overdue count', async () => {
    answerCases(
      [aCase('0007', '路灯坏了', '2026-11-18T00:00:00Z'), aCase('0008', '修水渠', '2026-11-25T00:00:00Z')],
      1,
    );
    householdsRequest().flush(page([]));
    await settle();
    expect(text('due-all')).toContain('待办任务 2 件');
    expect(text('due-overdue')).toBe('1 件已超期');
    // due work comes before the households in the page
    const due = el().querySelector('[data-testid="due-work"]');
    const list = el().querySelector('[data-testid="household-empty"]');
    expect(due && list && due.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('gives a new member empty states, not a white page', async () => {
    answerCases([], 0);
    householdsRequest().flush(page([]));
    await settle();
    expect(text('due-none')).toBe('暂无待办任务');
    expect(text('household-empty')).toContain('您还没有联系户，请联系支部书记分配');
    expect(el().querySelector('[data-testid="household-round"]')).toBeNull();
  });

  it("puts the households that still need this month's visit first, marked, with the month's count", async () => {
    answerCases([], 0);
    const req = householdsRequest();
    expect(req.request.params.get('contactMemberId')).toBe('m-1');
    req.flush(
      page([
        aHousehold('LW-001', '王建国', '2026-11-05T02:00:00Z'),
        aHousehold('LW-002', '李梅', null),
        aHousehold('LW-003', '赵芳', '2026-09-01T02:00:00Z'),
        aHousehold('LW-004', '钱多', '2026-10-31T16:30:00Z'), // 00:30 on 1 Nov in the town
      ]),
    );
    await settle();
    expect(text('household-round')).toBe('本月已走访 2/4 户');
    const rows = Array.from(el().querySelectorAll('[data-testid="household-row"]'));
    expect(rows.map((r) => r.querySelector('strong')?.textContent)).toEqual([
      '李梅',
      '赵芳',
      '钱多',
      '王建国',
    ]);
    expect(rows.map((r) => r.querySelector('[data-testid="household-mark"]')?.textContent?.trim())).toEqual([
      '本月未访',
      '本月未访',
      '本月已访',
      '本月已访',
    ]);
    expect(rows[0]?.querySelector('[data-testid="household-last-visit"]')?.textContent?.trim()).toBe(
      '尚无走访记录',
    );
  });

  it('says when a search finds nothing', async () => {
    answerCases([], 0);
    householdsRequest().flush(page([aHousehold('LW-001', '王建国', null)]));
    await settle();
    const input = el().querySelector<HTMLInputElement>('[data-testid="household-search"]');
    if (!input) throw new Error('no search box');
    input.value = '没有这个人';
    input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
    await settle();
    const req = householdsRequest();
    expect(req.request.params.get('q')).toBe('没有这个人');
    req.flush(page([]));
    await settle();
    expect(text('household-empty')).toBe('没有找到与“没有这个人”匹配的联系户');
  });
});
