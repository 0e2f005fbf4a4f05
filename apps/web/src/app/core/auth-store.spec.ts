import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { UserSummary } from '@tenplusn/domain';
import { Notice } from './notice';
import { firstValueFrom } from 'rxjs';
import { apiInterceptor } from './api-interceptor';
import { AuthStore, SESSION_MARKER_KEY } from './auth-store';

const user: UserSummary = {
  id: 'u1',
  username: 'dy_lw_01',
  displayName: '王党员',
  role: 'member',
  branchId: 'b1',
};
const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('AuthStore: the session marker, restore and sign-out', () => {
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: Notice, useValue: { error: () => undefined } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => backend.verify());

  async function signIn(): Promise<void> {
    const done = firstValueFrom(auth.login('dy_lw_01', 'demo1234'));
    backend.expectOne('/api/auth/login').flush({ accessToken: 't1', expiresIn: 900, user });
    await done;
  }

  it('a first visit (no marker) sends no request at all, so the console shows no 401', async () => {
    await auth.restore();
    backend.expectNone('/api/auth/refresh');
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('sign-in leaves a marker; a reload restores the session through the refresh cookie', async () => {
    await signIn();
    expect(JSON.parse(localStorage.getItem(SESSION_MARKER_KEY) ?? 'null')).toEqual(user);
    auth.clear();
    localStorage.setItem(SESSION_MARKER_KEY, JSON.stringify(user));

    const restored = auth.restore();
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 't2', expiresIn: 900 });
    await flushPromises();
    backend.expectOne('/api/auth/me').flush(user);
    await restored;
    expect(auth.accessToken()).toBe('t2');
    expect(auth.offlineSession()).toBe(false);
  });

  it('with no network a reload keeps the member signed in (offline), and does not remove the marker', async () => {
    localStorage.setItem(SESSION_MARKER_KEY, JSON.stringify(user));
    const restored = auth.restore();
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await restored;
    expect(auth.user()).toEqual(user);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.offlineSession()).toBe(true);
    expect(localStorage.getItem(SESSION_MARKER_KEY)).not.toBeNull();
  });

  it('a refused session (401) signs out and removes the marker', async () => {
    localStorage.setItem(SESSION_MARKER_KEY, JSON.stringify(user));
    const restored = auth.restore();
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message: 'session ended' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await restored;
    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(SESSION_MARKER_KEY)).toBeNull();
  });

  it('sign-out posts without an access token and clears the state and the marker, also when offline', async () => {
    await signIn();
    const done = firstValueFrom(auth.logout());
    const req = backend.expectOne('/api/auth/logout');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.error(new ProgressEvent('error'), { status: 0 });
    await done;
    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(SESSION_MARKER_KEY)).toBeNull();
  });
});
