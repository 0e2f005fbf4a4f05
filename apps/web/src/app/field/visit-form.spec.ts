import { jest } from '@jest/globals';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Page, TEXT_LIMITS, UserSummary } from '@tenplusn/domain';
import { Notice } from '../core/notice';
import { AuthStore } from '../core/auth-store';
import { VisitForm } from './visit-form';
import { VisitQueue } from './visit-queue';

const BRANCH = '11111111-1111-4111-8111-111111111111';
const HOUSEHOLD = '22222222-2222-4222-8222-222222222222';
const member: UserSummary = {
  id: 'm-1',
  username: 'dy_lw_01',
  displayName: '张娟',
  role: 'member',
  branchId: BRANCH,
};
const page = <T>(items: T[]): Page<T> => ({ items, total: items.length, page: 1, pageSize: 100 });
const householdRow = (id: string, code: string, headName: string) => ({
  id,
  branchId: BRANCH,
  code,
  headName,
  phone: null,
  address: '1组',
  villageGroup: null,
  size: 2,
  tags: [],
  active: true,
});
const settle = async () => {
  TestBed.tick();
  await Promise.resolve();
  TestBed.tick();
};
/** the form's providers, signed in as `user` */
function configure(user: UserSummary, notice: Partial<Notice>, submit: jest.Mock) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      { provide: AuthStore, useValue: { user: signal(user), role: () => user.role, actor: () => user } },
      { provide: Notice, useValue: { success: jest.fn(), error: jest.fn(), ...notice } },
      { provide: VisitQueue, useValue: { submit } },
    ],
  });
}

describe('VisitForm', () => {
  let fixture: ComponentFixture<VisitForm>;
  let http: HttpTestingController;
  const warning = jest.fn();
  const submit = jest.fn();
  const scrolledTo: Element[] = [];
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    warning.mockReset();
    submit.mockReset();
    scrolledTo.length = 0;
    // jsdom does not scroll: record which element the form brings into view
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolledTo.push(this);
    };
    configure(member, { warning }, submit);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VisitForm);
    fixture.componentRef.setInput('householdId', HOUSEHOLD);
    await settle();
    http
      .expectOne((r) => r.url === '/api/households')
      .flush(page([householdRow(HOUSEHOLD, 'LW-001', '王建国')]));
    await settle();
  });

  it('labels the visit method 走访方式, not 联系方式', () => {
    const labels = Array.from(el().querySelectorAll('nz-form-label')).map((l) => l.textContent?.trim());
    expect(labels).toContain('走访方式');
    expect(labels).not.toContain('联系方式');
  });

  it('has no default category: an item without one is not saved, and says so', async () => {
    byTestId('visit-add-item')?.click();
    await settle();
    expect(byTestId('item-category')?.textContent).toContain('请选择类别');
    el().querySelector<HTMLInputElement>('[data-testid="item-title"]')!.value = '路灯坏了';
    el().querySelector<HTMLInputElement>('[data-testid="item-title"]')!.dispatchEvent(new Event('input'));
    el().querySelector<HTMLInputElement>('[data-testid="visit-activities"] input')?.click();
    byTestId('visit-submit')?.click();
    await settle();
    expect(submit).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('类别'));
    expect(el().querySelector('.ant-form-item-has-error [data-testid="item-category"]')).not.toBeNull();
    // the first missing field is brought into view: the category (household, time, method, activity are filled)
    expect(scrolledTo[0]?.querySelector('[data-testid="item-category"]')).not.toBeNull();
  });

  it('shows the possible duplicates while filling in, once a household and a category are chosen', async () => {
    byTestId('visit-add-item')?.click();
    await settle();
    http.expectNone((r) => r.url === '/api/cases');
    const component = fixture.componentInstance as unknown as {
      caseItems: { at(i: number): { controls: { category: { setValue(v: string): void } } } };
    };
    component.caseItems.at(0).controls.category.setValue('infrastructure');
    await settle();
    const req = http.expectOne((r) => r.url === '/api/cases');
    expect(req.request.params.get('householdId')).toBe(HOUSEHOLD);
    expect(req.request.params.get('category')).toBe('infrastructure');
    expect(req.request.params.get('status')).toBe('open,assigned,in_progress,resolved');
    req.flush({ ...page([{ id: 'c-7', number: 'LW-2026-0007', title: '村口路灯不亮' }]), total: 1 });
    await settle();
    expect(byTestId('pending-duplicates')?.textContent).toContain('LW-2026-0007 · 村口路灯不亮');
    expect(submit).not.toHaveBeenCalled();
  });

  it('takes notes and descriptions as long as the API does (TEXT_LIMITS), not one character more', () => {
    const form = fixture.componentInstance as unknown as {
      form: { controls: { notes: { setValue(v: string): void; valid: boolean } } };
      addItem(): void;
      caseItems: {
        at(i: number): { controls: { description: { setValue(v: string): void; valid: boolean } } };
      };
    };
    const notes = form.form.controls.notes;
    // the API's CreateVisitDto takes 5,000 characters of notes; the form used to stop at 2,000
    notes.setValue('记'.repeat(TEXT_LIMITS.longText));
    expect(notes.valid).toBe(true);
    notes.setValue('记'.repeat(TEXT_LIMITS.longText + 1));
    expect(notes.valid).toBe(false);
    form.addItem();
    const description = form.caseItems.at(0).controls.description;
    description.setValue('述'.repeat(TEXT_LIMITS.longText));
    expect(description.valid).toBe(true);
    expect(TEXT_LIMITS.longText).toBe(5000);
  });
});

describe('VisitForm, a secretary in a village of more households than one page', () => {
  const secretary: UserSummary = {
    id: 's-1',
    username: 'sj_lw',
    displayName: '李书记',
    role: 'secretary',
    branchId: BRANCH,
  };
  const household = (n: number) =>
    householdRow(
      `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      `LW-${String(n).padStart(3, '0')}`,
      `户主${n}`,
    );
  let fixture: ComponentFixture<VisitForm>;
  let http: HttpTestingController;
  const labels = () =>
    (fixture.componentInstance['householdOptions']() as { label: string }[]).map((o) => o.label);

  beforeEach(async () => {
    jest.useFakeTimers();
    configure(secretary, { warning: jest.fn() }, jest.fn());
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VisitForm);
    await settle();
    const first = Array.from({ length: 100 }, (_, i) => household(i + 1));
    http
      .expectOne((r) => r.url === '/api/households' && !r.params.has('q'))
      .flush({ items: first, total: 640, page: 1, pageSize: 100 });
    await settle();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('finds a household beyond the first page by asking the API, and keeps the chosen one', async () => {
    expect(labels()).toHaveLength(100);
    fixture.componentInstance['onHouseholdSearch']('户主612');
    jest.advanceTimersByTime(300);
    await settle();
    const search = http.expectOne((r) => r.url === '/api/households' && r.params.get('q') === '户主612');
    search.flush({ items: [household(612)], total: 1, page: 1, pageSize: 50 });
    await settle();
    expect(labels()).toEqual(['户主612（LW-612）']);

    fixture.componentInstance['form'].controls.householdId.setValue(household(612).id);
    await settle();
    // another search: the chosen household stays selectable (and named) beside the new results
    fixture.componentInstance['onHouseholdSearch']('户主7');
    jest.advanceTimersByTime(300);
    await settle();
    http
      .expectOne((r) => r.params.get('q') === '户主7')
      .flush({ items: [household(7), household(70)], total: 2, page: 1, pageSize: 50 });
    await settle();
    expect(labels()).toEqual(['户主612（LW-612）', '户主7（LW-007）', '户主70（LW-070）']);
  });
});
