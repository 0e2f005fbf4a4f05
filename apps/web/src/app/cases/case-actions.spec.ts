import { jest } from '@jest/globals';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Actor, CaseDetail, CaseStatus } from '@tenplusn/domain';
import { NzMessageService } from 'ng-zorro-antd/message';
import { apiInterceptor } from '../core/api-interceptor';
import { AuthStore } from '../core/auth-store';
import { CaseActions } from './case-actions';

const BRANCH = 'branch-lw';
const secretary: Actor = { id: 'sec-1', role: 'secretary', branchId: BRANCH };
const otherSecretary: Actor = { id: 'sec-2', role: 'secretary', branchId: 'branch-other' };
const member: Actor = { id: 'mem-1', role: 'member', branchId: BRANCH };
const otherMember: Actor = { id: 'mem-2', role: 'member', branchId: BRANCH };
const staff: Actor = { id: 'staff-1', role: 'staff', branchId: null };

function aCase(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 'case-1',
    number: 'LW-2026-0001',
    kind: 'problem',
    category: 'infrastructure',
    title: '村口路灯坏了',
    description: null,
    householdId: 'hh-1',
    branchId: BRANCH,
    raisedById: member.id,
    priority: 'normal',
    status: 'open',
    assigneeId: null,
    dueAt: null,
    escalated: false,
    resolution: null,
    satisfaction: null,
    version: 3,
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    closedAt: null,
    paused: false,
    pausedAt: null,
    pauseReason: null,
    events: [],
    ...overrides,
  };
}

describe('CaseActions', () => {
  const actor = signal<Actor | null>(null);
  const warning = jest.fn();

  function render(who: Actor, c: CaseDetail): ComponentFixture<CaseActions> {
    actor.set(who);
    const fixture = TestBed.createComponent(CaseActions);
    fixture.componentRef.setInput('case', c);
    fixture.detectChanges();
    return fixture;
  }

  const buttons = (fixture: ComponentFixture<CaseActions>) =>
    Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid^="action-"]')).map((b) =>
      b.getAttribute('data-testid')?.replace('action-', ''),
    );

  beforeEach(() => {
    warning.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthStore,
          useValue: {
            actor,
            role: () => actor()?.role ?? null,
            accessToken: () => 'token',
            clear: jest.fn(),
          },
        },
        { provide: NzMessageService, useValue: { success: jest.fn(), warning, error: jest.fn() } },
      ],
    });
  });

  const table: [string, Actor, Partial<CaseDetail>, string[]][] = [
    [
      'the secretary of the branch, open case',
      secretary,
      { status: 'open' },
      ['assign', 'reject', 'escalate'],
    ],
    ['a secretary of another branch', otherSecretary, { status: 'open' }, []],
    ['the raising member, open case', member, { status: 'open' }, []],
    [
      'the assignee, assigned case',
      member,
      { status: 'assigned', assigneeId: member.id },
      ['start', 'pause'],
    ],
    [
      'the assignee, in progress',
      member,
      { status: 'in_progress', assigneeId: member.id },
      ['resolve', 'pause'],
    ],
    [
      'the assignee, paused',
      member,
      { status: 'in_progress', assigneeId: member.id, paused: true },
      ['resume'],
    ],
    ['another member, assigned case', otherMember, { status: 'assigned', assigneeId: member.id }, []],
    [
      'the secretary, resolved case',
      secretary,
      { status: 'resolved', assigneeId: member.id },
      ['close', 'reopen'],
    ],
    ['the secretary, escalated open case', secretary, { status: 'open', escalated: true }, []],
    [
      'town staff, escalated open case',
      staff,
      { status: 'open', escalated: true },
      ['assign', 'reject', 'deescalate'],
    ],
    ['town staff, open case not escalated', staff, { status: 'open' }, ['assign', 'reject']],
    [
      'the secretary, a case handed back',
      secretary,
      { status: 'open', escalated: false },
      ['assign', 'reject', 'escalate'],
    ],
    ['the secretary, closed case', secretary, { status: 'closed' as CaseStatus }, []],
  ];

  it.each(table)('shows exactly the allowed actions: %s', (_label, who, facts, expected) => {
    const fixture = render(who, aCase(facts));
    expect(buttons(fixture)).toEqual(expected);
    const empty = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="no-actions"]');
    expect(empty !== null).toBe(expected.length === 0);
  });

  it('starts the case with its current version', () => {
    const fixture = render(member, aCase({ status: 'assigned', assigneeId: member.id, version: 7 }));
    const changed = jest.fn();
    fixture.componentInstance.changed.subscribe(changed);
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="action-start"]')!
      .click();

    const request = TestBed.inject(HttpTestingController).expectOne('/api/cases/case-1/start');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ version: 7 });
    request.flush(aCase({ status: 'in_progress', assigneeId: member.id, version: 8 }));
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('reloads and explains when someone else changed the case first', () => {
    const fixture = render(member, aCase({ status: 'assigned', assigneeId: member.id }));
    const changed = jest.fn();
    fixture.componentInstance.changed.subscribe(changed);
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="action-start"]')!
      .click();

    TestBed.inject(HttpTestingController)
      .expectOne('/api/cases/case-1/start')
      .flush(
        { statusCode: 409, error: 'Conflict', code: 'STALE_VERSION', message: 'stale' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(changed).toHaveBeenCalledTimes(1);
    expect(warning).toHaveBeenCalledWith('该诉求刚被他人修改，已为您刷新，请重新操作', expect.anything());
  });

  it('closes only with the household answer chosen: nothing is pre-selected', () => {
    const fixture = render(secretary, aCase({ status: 'resolved', assigneeId: member.id, version: 5 }));
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid="action-close"]')!.click();
    fixture.detectChanges();
    const checked = () =>
      el.querySelectorAll('[data-testid="close-satisfaction"] .ant-radio-button-wrapper-checked');
    expect(checked().length).toBe(0);

    // submitting without an answer sends nothing and says what is missing
    el.querySelector<HTMLButtonElement>('[data-testid="close-submit"]')!.click();
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http.expectNone('/api/cases/case-1/close');
    expect(el.textContent).toContain('请选择群众的回访意见');

    el.querySelector<HTMLElement>('[data-testid="close-basically_satisfied"]')!.click();
    fixture.detectChanges();
    expect(checked().length).toBe(1);
    el.querySelector<HTMLButtonElement>('[data-testid="close-submit"]')!.click();
    const request = http.expectOne('/api/cases/case-1/close');
    expect(request.request.body).toEqual({ satisfaction: 'basically_satisfied', version: 5 });
  });

  it('assigns in working days, the priority default filled in', () => {
    const fixture = render(secretary, aCase({ status: 'open', priority: 'urgent', version: 4 }));
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="action-assign"]')!
      .click();
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http
      .match((r) => r.url.startsWith('/api/calendar/'))
      .forEach((r) =>
        r.flush({ year: 2026, holidays: [], workdays: [], configured: false, updatedAt: null }),
      );
    http
      .match((r) => r.url === '/api/users')
      .forEach((r) => r.flush({ items: [], total: 0, page: 1, pageSize: 100 }));
    const form = fixture.componentInstance['assignForm'];
    expect(form.controls.dueDays.value).toBe(3);
    form.patchValue({ assigneeId: member.id, dueDays: 5 });
    fixture.componentInstance['submitAssign']();
    const request = http.expectOne('/api/cases/case-1/assign');
    expect(request.request.body).toEqual({ assigneeId: member.id, dueInWorkingDays: 5, version: 4 });
  });

  it('pauses with a reason from the list and resumes with one tap', () => {
    const fixture = render(member, aCase({ status: 'in_progress', assigneeId: member.id, version: 5 }));
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="action-pause"]')!
      .click();
    fixture.detectChanges();
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLInputElement>('[data-testid="pause-waiting_funds"] input')!
      .click();
    fixture.detectChanges();
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="pause-submit"]')!
      .click();
    const http = TestBed.inject(HttpTestingController);
    const pause = http.expectOne('/api/cases/case-1/pause');
    expect(pause.request.body).toEqual({ reason: 'waiting_funds', version: 5 });

    const paused = render(
      member,
      aCase({ status: 'in_progress', assigneeId: member.id, paused: true, version: 6 }),
    );
    (paused.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="action-resume"]')!
      .click();
    expect(http.expectOne('/api/cases/case-1/resume').request.body).toEqual({ version: 6 });
  });

  it('hands an escalated case back to the branch with a reason, after a confirmation (交回支部)', () => {
    const fixture = render(
      staff,
      aCase({ status: 'assigned', assigneeId: member.id, escalated: true, version: 8 }),
    );
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid="action-deescalate"]')!.click();
    fixture.detectChanges();
    const submit = el.querySelector<HTMLButtonElement>('[data-testid="reason-submit"]')!;
    expect(submit.textContent?.trim()).toBe('交回支部');
    // a confirm like reject's (not a danger button: nothing is lost)
    expect(submit.hasAttribute('nz-popconfirm')).toBe(true);
    expect(submit.classList.contains('ant-btn-dangerous')).toBe(false);
    const http = TestBed.inject(HttpTestingController);
    // no reason: nothing is sent
    fixture.componentInstance['submitReason']('deescalate');
    http.expectNone('/api/cases/case-1/deescalate');
    fixture.componentInstance['reasonForm'].setValue({ reason: ' 村里可以处理 ' });
    fixture.componentInstance['submitReason']('deescalate');
    const request = http.expectOne('/api/cases/case-1/deescalate');
    expect(request.request.body).toEqual({ reason: '村里可以处理', version: 8 });
  });
});
