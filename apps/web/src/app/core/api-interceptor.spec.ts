import { jest } from '@jest/globals';
import {
  HttpClient,
  HttpContext,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { UserSummary } from '@tenplusn/domain';
import { Notice } from './notice';
import { firstValueFrom } from 'rxjs';
import { apiInterceptor, isApiUrl, REQUEST_TIMEOUT_MS } from './api-interceptor';
import { AppError, HANDLED_ERRORS } from './app-error';
import { AuthStore } from './auth-store';

const user: UserSummary = {
  id: 'u1',
  username: 'sj_lw',
  displayName: '李书记',
  role: 'secretary',
  branchId: 'b1',
};

describe('apiInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;
  let router: Router;
  let messageError: ReturnType<typeof jest.fn>;

  beforeEach(() => {
    messageError = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: Notice,
          useValue: { error: messageError, success: jest.fn(), warning: jest.fn() },
        },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  async function signIn(token = 'token-1'): Promise<void> {
    const done = firstValueFrom(auth.login('sj_lw', 'demo1234'));
    const login = backend.expectOne('/api/auth/login');
    expect(login.request.headers.has('Authorization')).toBe(false);
    login.flush({ accessToken: token, expiresIn: 900, user });
    await done;
  }

  it('recognises only our own API as /api', () => {
    expect(isApiUrl('/api/cases')).toBe(true);
    expect(isApiUrl(`${location.origin}/api/cases`)).toBe(true);
    expect(isApiUrl('https://evil.example.com/api/cases')).toBe(false);
    expect(isApiUrl('/apiary')).toBe(false);
    expect(isApiUrl('/assets/logo.svg')).toBe(false);
  });

  it('attaches the bearer token to /api requests only', async () => {
    await signIn();
    http.get('/api/cases').subscribe();
    http.get('https://cdn.example.com/api/font.woff').subscribe();
    http.get('/assets/config.json').subscribe();

    expect(backend.expectOne('/api/cases').request.headers.get('Authorization')).toBe('Bearer token-1');
    expect(
      backend.expectOne('https://cdn.example.com/api/font.woff').request.headers.has('Authorization'),
    ).toBe(false);
    expect(backend.expectOne('/assets/config.json').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 refreshes once and retries with the new token', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get<{ ok: boolean }>('/api/cases'));

    backend
      .expectOne('/api/cases')
      .flush({ code: 'UNAUTHENTICATED' }, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush({ accessToken: 'new', expiresIn: 900 });

    const retry = backend.expectOne('/api/cases');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new');
    retry.flush({ ok: true });

    await expect(result).resolves.toEqual({ ok: true });
    expect(auth.accessToken()).toBe('new');
  });

  it('shares one refresh between concurrent 401s', async () => {
    await signIn('old');
    const a = firstValueFrom(http.get('/api/a'));
    const b = firstValueFrom(http.get('/api/b'));
    backend.expectOne('/api/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/b').flush(null, { status: 401, statusText: 'Unauthorized' });

    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'new', expiresIn: 900 });
    backend.expectOne('/api/a').flush('a');
    backend.expectOne('/api/b').flush('b');
    await expect(Promise.all([a, b])).resolves.toEqual(['a', 'b']);
  });

  it('does not refresh a second time when the retry is refused too, and goes to the login page', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/cases'));
    backend.expectOne('/api/cases').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'new', expiresIn: 900 });
    backend.expectOne('/api/cases').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    backend.expectNone('/api/auth/refresh');
    expect(router.navigate).toHaveBeenCalledWith(['/login'], expect.anything());
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('signs out and goes to the login page when the refresh fails', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/cases'));
    backend.expectOne('/api/cases').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message: 'expired' },
        { status: 401, statusText: 'Unauthorized' },
      );

    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(router.navigate).toHaveBeenCalledWith(['/login'], expect.anything());
    expect(auth.accessToken()).toBeNull();
    expect(messageError).not.toHaveBeenCalled();
  });

  it('maps errors to the contract shape and shows a translated message', async () => {
    await signIn();
    const result = firstValueFrom(http.get('/api/households/x'));
    backend
      .expectOne('/api/households/x')
      .flush(
        { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'no such household' },
        { status: 404, statusText: 'Not Found' },
      );

    const error = (await result.catch((e: HttpErrorResponse) => e)) as HttpErrorResponse;
    expect((error.error as AppError).code).toBe('NOT_FOUND');
    expect(messageError).toHaveBeenCalledWith(
      '找不到该记录，可能已被删除或不在您的管辖范围',
      expect.anything(),
    );
  });

  it('shows validation details in Chinese from their codes, not the server English', async () => {
    await signIn();
    const result = firstValueFrom(http.post('/api/households', {}));
    backend.expectOne('/api/households').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'phone: phone must be a mobile or landline number; size: size must not be greater than 99',
        details: [
          { field: 'phone', message: 'phone must be a mobile or landline number', code: 'WRONG_FORMAT' },
          {
            field: 'size',
            message: 'size must not be greater than 99',
            code: 'TOO_LARGE',
            params: { limit: 99 },
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await result.catch(() => undefined);
    expect(messageError).toHaveBeenCalledWith(
      '填写的内容有误，请检查：联系电话：格式不正确；人口：不能大于 99',
      expect.anything(),
    );
  });

  it('turns a network failure into the NETWORK code, silently when the caller handles it', async () => {
    await signIn();
    const result = firstValueFrom(
      http.post('/api/visits', {}, { context: new HttpContext().set(HANDLED_ERRORS, ['NETWORK']) }),
    );
    backend.expectOne('/api/visits').error(new ProgressEvent('error'));

    const error = (await result.catch((e: HttpErrorResponse) => e)) as HttpErrorResponse;
    expect(error.status).toBe(0);
    expect((error.error as AppError).code).toBe('NETWORK');
    expect(messageError).not.toHaveBeenCalled();
  });

  it('a request with no answer in time fails as a network error (status 0), so callers queue instead of hanging', async () => {
    await signIn();
    const context = new HttpContext().set(HANDLED_ERRORS, ['NETWORK']).set(REQUEST_TIMEOUT_MS, 5);
    const result = firstValueFrom(http.get('/api/households', { context })).catch((e: unknown) => e);
    const pending = backend.expectOne('/api/households');
    const error = (await result) as HttpErrorResponse;
    expect(pending.cancelled).toBe(true);
    expect(error.status).toBe(0);
    expect((error.error as AppError).code).toBe('NETWORK');
    expect(messageError).not.toHaveBeenCalled();
  });
});
