import { jest } from '@jest/globals';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  BranchRoster,
  Household,
  HouseholdDetail,
  Page,
  quotaStatus,
  RosterMember,
  UserSummary,
} from '@tenplusn/domain';
import { NzMessageService } from 'ng-zorro-antd/message';
import { AuthStore } from '../core/auth-store';
import { RosterPage } from './roster-page';

const BRANCH = '11111111-1111-4111-8111-111111111111';
const secretary: UserSummary = {
  id: 'sec',
  username: 'sj_lw',
  displayName: '书记',
  role: 'secretary',
  branchId: BRANCH,
};

function aMember(memberId: string, memberName: string, core: number, extra = 0): RosterMember {
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
  };
}

const roster: BranchRoster = {
  branchId: BRANCH,
  coreQuota: 10,
  households: 30,
  uncovered: 1,
  members: [
    aMember('m-at', '张娟', 10, 2),
    aMember('m-over', '侯水根', 12, 1),
    aMember('m-under', '廖艳', 7),
  ],
};
const uncoveredHousehold: Household = {
  id: 'hh-1',
  branchId: BRANCH,
  code: 'LW-061',
  headName: '赵芳',
  phone: null,
  address: '李湾村6组46号',
  villageGroup: '6组',
  size: 2,
  tags: [],
  active: true,
};
const page = <T>(items: T[]): Page<T> => ({ items, total: items.length, page: 1, pageSize: 10 });

describe('RosterPage', () => {
  let fixture: ComponentFixture<RosterPage>;
  let http: HttpTestingController;
  const success = jest.fn();

  const el = () => fixture.nativeElement as HTMLElement;
  // rxResource requests start in effects: run them, let the answers arrive, render
  const settle = async () => {
    TestBed.tick();
    await Promise.resolve();
    TestBed.tick();
  };

  beforeEach(async () => {
    success.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthStore,
          useValue: { user: signal(secretary), role: () => 'secretary', actor: () => secretary },
        },
        { provide: NzMessageService, useValue: { success, error: jest.fn(), warning: jest.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RosterPage);
    await settle();
    http
      .expectOne((r) => r.url === '/api/households/roster' && r.params.get('branchId') === BRANCH)
      .flush(roster);
    http
      .expectOne((r) => r.url === '/api/households' && r.params.get('uncovered') === 'true')
      .flush(page([uncoveredHousehold]));
    await settle();
  });

  afterEach(() => http.verify());

  it('lists members over quota first and marks over and under quota', () => {
    const rows = Array.from(el().querySelectorAll<HTMLElement>('[data-testid="roster-member"]'));
    expect(rows.map((r) => [r.dataset['memberId'], r.dataset['quota']])).toEqual([
      ['m-over', 'over'],
      ['m-under', 'under'],
      ['m-at', 'at'],
    ]);
    expect(rows[0]?.classList).toContain('quota-over');
    expect(rows[1]?.classList).toContain('quota-under');
    expect(rows.map((r) => r.querySelector('[data-testid="roster-quota"]')?.textContent?.trim())).toEqual([
      '超出 2 户',
      '还差 3 户',
      '已满额',
    ]);
    expect(el().querySelector('[data-testid="roster-uncovered-count"]')?.textContent).toContain(
      '未落实联系人 1 户',
    );
    expect(el().querySelectorAll('[data-testid="uncovered-household"]')).toHaveLength(1);
  });

  it('assigns an uncovered household to a member as core contact in a few clicks, then reloads the counts', async () => {
    el().querySelector<HTMLButtonElement>('[data-testid="uncovered-assign"]')!.click();
    await settle();
    http
      .expectOne('/api/households/hh-1')
      .flush({ ...uncoveredHousehold, contacts: [] } satisfies HouseholdDetail);
    await settle();
    const submit = () => el().querySelector<HTMLButtonElement>('[data-testid="assign-submit"]')!;
    expect(submit().disabled).toBe(true);

    (fixture.componentInstance as unknown as { memberId: { set(v: string): void } }).memberId.set('m-under');
    await settle();
    expect(submit().disabled).toBe(false);
    submit().click();

    const put = http.expectOne('/api/households/hh-1/contacts/m-under');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ kind: 'core' });
    put.flush({
      ...uncoveredHousehold,
      contacts: [{ memberId: 'm-under', memberName: '廖艳', kind: 'core', since: '2026-11-29' }],
    });
    await settle();
    expect(success).toHaveBeenCalledWith('已将 赵芳 分配给 廖艳（核心联系）');
    http.expectOne((r) => r.url === '/api/households/roster').flush(roster);
    http
      .expectOne((r) => r.url === '/api/households' && r.params.get('uncovered') === 'true')
      .flush(page([]));
    await settle();
  });
});
