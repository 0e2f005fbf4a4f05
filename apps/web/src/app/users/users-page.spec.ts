import { jest } from '@jest/globals';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { provideRouter } from '@angular/router';
import { needsBranch, Page, Role, UserDetail, UserSummary } from '@tenplusn/domain';
import { NzMessageService } from 'ng-zorro-antd/message';
import { AuthStore } from '../core/auth-store';
import { branchFor, userFormRules } from './user-rules';
import { UsersPage } from './users-page';

const LW = '11111111-1111-4111-8111-111111111111';
const staff: UserSummary = {
  id: 'staff',
  username: 'admin',
  displayName: '镇办',
  role: 'staff',
  branchId: null,
};
const secretary: UserSummary = {
  id: 'sec',
  username: 'sj_lw',
  displayName: '书记',
  role: 'secretary',
  branchId: LW,
};
const empty: Page<UserDetail> = { items: [], total: 0, page: 1, pageSize: 20 };

/** The parts of the page the tests drive: the dialog and its form. */
interface UsersPageInternals {
  form: FormGroup<{
    username: FormControl<string>;
    displayName: FormControl<string>;
    role: FormControl<Role>;
    branchId: FormControl<string | null>;
    phone: FormControl<string>;
    password: FormControl<string>;
  }>;
  openCreate(): void;
  save(): void;
}

describe('user rules', () => {
  it('needs a branch for members and secretaries, none for staff', () => {
    expect(needsBranch('member')).toBe(true);
    expect(needsBranch('secretary')).toBe(true);
    expect(needsBranch('staff')).toBe(false);
    expect(branchFor('staff', LW)).toBeNull();
    expect(branchFor('member', LW)).toBe(LW);
  });

  it('lets a secretary create members of their own branch only', () => {
    expect(userFormRules(secretary)).toEqual({ roles: ['member'], fixedBranchId: LW });
    expect(userFormRules(staff)).toEqual({ roles: ['member', 'secretary', 'staff'], fixedBranchId: null });
  });
});

describe('UsersPage form', () => {
  let fixture: ComponentFixture<UsersPage>;
  let http: HttpTestingController;
  const settle = async () => {
    TestBed.tick();
    await Promise.resolve();
    TestBed.tick();
  };

  async function render(user: UserSummary): Promise<UsersPageInternals> {
    const current = signal(user);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthStore,
          useValue: {
            user: current,
            role: computed(() => current().role),
            actor: computed(() => ({ id: current().id, role: current().role, branchId: current().branchId })),
          },
        },
        { provide: NzMessageService, useValue: { success: jest.fn(), error: jest.fn(), warning: jest.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPage);
    await settle();
    http
      .expectOne('/api/branches')
      .flush([{ id: LW, name: '李湾村党支部', code: 'LW', village: '李湾村', coreQuota: 10 }]);
    http.expectOne((r) => r.url === '/api/users').flush(empty);
    await settle();
    return fixture.componentInstance as unknown as UsersPageInternals;
  }

  const fill = (page: UsersPageInternals) =>
    page.form.patchValue({ username: 'dy_lw_11', displayName: '李明', password: 'long-enough-1' });

  afterEach(() => http.verify());

  it('staff: a staff account gets no branch, a member account cannot be saved without one', async () => {
    const page = await render(staff);
    page.openCreate();
    fill(page);

    page.form.controls.role.setValue('member');
    expect(page.form.controls.branchId.enabled).toBe(true);
    page.save();
    http.expectNone('/api/users');
    expect(page.form.controls.branchId.hasError('required')).toBe(true);

    page.form.controls.branchId.setValue(LW);
    page.form.controls.role.setValue('staff');
    expect(page.form.controls.branchId.disabled).toBe(true);
    expect(page.form.controls.branchId.value).toBeNull();
    page.save();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(post.request.body).toEqual({
      username: 'dy_lw_11',
      displayName: '李明',
      password: 'long-enough-1',
      role: 'staff',
    });
    post.flush({});
    await settle();
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/users').flush(empty);
  });

  it('secretary: creates a member of their own branch, the branch fixed', async () => {
    const page = await render(secretary);
    page.openCreate();
    expect(page.form.controls.role.value).toBe('member');
    expect(page.form.controls.branchId.value).toBe(LW);
    expect(page.form.controls.branchId.disabled).toBe(true);
    fill(page);
    page.save();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(post.request.body).toEqual({
      username: 'dy_lw_11',
      displayName: '李明',
      password: 'long-enough-1',
      role: 'member',
      branchId: LW,
    });
    post.flush({});
    await settle();
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/users').flush(empty);
  });
});
