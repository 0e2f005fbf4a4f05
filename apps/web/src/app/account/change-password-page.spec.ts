import { jest } from '@jest/globals';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NzMessageService } from 'ng-zorro-antd/message';
import { apiInterceptor } from '../core/api-interceptor';
import { AuthStore } from '../core/auth-store';
import { ChangePasswordPage } from './change-password-page';

describe('ChangePasswordPage', () => {
  let fixture: ComponentFixture<ChangePasswordPage>;
  let http: HttpTestingController;
  const success = jest.fn();
  const error = jest.fn();

  const el = () => fixture.nativeElement as HTMLElement;
  const type = (id: string, value: string) => {
    const input = el().querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    el().querySelector<HTMLButtonElement>('[data-testid="password-submit"]')!.click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    success.mockReset();
    error.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { accessToken: () => 'token', clear: jest.fn() } },
        { provide: NzMessageService, useValue: { success, error, warning: jest.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChangePasswordPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('sends nothing while the new password is short or the two entries differ', async () => {
    type('password-current', 'demo1234');
    type('password-new', 'short');
    type('password-confirm', 'short');
    await submit();
    http.expectNone('/api/auth/password');
    expect(el().textContent).toContain('新密码至少 10 个字符');

    type('password-new', 'a-long-new-password');
    type('password-confirm', 'another-long-password');
    await submit();
    http.expectNone('/api/auth/password');
    expect(el().textContent).toContain('两次输入的新密码不一致');
  });

  it('changes the password, and says so plainly when the current one is wrong', async () => {
    type('password-current', 'wrong-one');
    type('password-new', 'a-long-new-password');
    type('password-confirm', 'a-long-new-password');
    await submit();
    const wrong = http.expectOne('/api/auth/password');
    expect(wrong.request.body).toEqual({ currentPassword: 'wrong-one', newPassword: 'a-long-new-password' });
    wrong.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'the current password is wrong',
        details: [{ field: 'currentPassword', message: 'the current password is wrong' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="password-error"]')?.textContent).toContain('当前密码不正确');
    expect(error).not.toHaveBeenCalled();

    type('password-current', 'demo1234');
    await submit();
    http.expectOne('/api/auth/password').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(success).toHaveBeenCalledWith('密码已修改，其他设备上的登录已失效');
    expect(el().querySelector('[data-testid="password-error"]')).toBeNull();
  });
});
