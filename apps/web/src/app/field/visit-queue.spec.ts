import { jest } from '@jest/globals';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CreateVisitRequest, UserSummary } from '@tenplusn/domain';
import { Notice } from '../core/notice';
import { apiInterceptor } from '../core/api-interceptor';
import { AuthStore } from '../core/auth-store';
import { QueuedVisit, VISIT_QUEUE_STORAGE_KEY, VisitQueue } from './visit-queue';
import { MemoryVisitStore, VISIT_STORE } from './visit-store';

const member: UserSummary = {
  id: 'mem-1',
  username: 'dy_lw_01',
  displayName: '王党员',
  role: 'member',
  branchId: 'b1',
};

const visit: CreateVisitRequest = {
  householdId: 'hh-1',
  visitedAt: '2026-11-28T02:00:00.000Z',
  method: 'in_person',
  activities: ['care'],
  cases: [{ kind: 'problem', category: 'infrastructure', title: '路灯坏了' }],
};

describe('VisitQueue', () => {
  let queue: VisitQueue;
  let backend: HttpTestingController;
  let store: MemoryVisitStore;
  const messageError = jest.fn();
  const stored = (): Promise<QueuedVisit[]> => store.all();

  beforeEach(() => {
    localStorage.clear();
    store = new MemoryVisitStore();
    messageError.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthStore,
          useValue: { user: signal(member), accessToken: () => 'token', clear: jest.fn() },
        },
        {
          provide: Notice,
          useValue: { error: messageError, success: jest.fn(), warning: jest.fn() },
        },
        { provide: VISIT_STORE, useFactory: () => store },
      ],
    });
    queue = TestBed.inject(VisitQueue);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  /** Lets the awaited HTTP call of the queue reach the testing backend. */
  const tick = () => new Promise((resolve) => setTimeout(resolve));

  it('sends a visit with a fresh clientId when the network works', async () => {
    const result = queue.submit(visit);
    const request = backend.expectOne('/api/visits');
    expect(request.request.body.clientId).toMatch(/^[0-9a-f-]{36}$/);
    request.flush({ visit: { id: 'v1' }, cases: [{ id: 'c1' }] }, { status: 201, statusText: 'Created' });
    await expect(result).resolves.toMatchObject({ status: 'sent', response: { cases: [{ id: 'c1' }] } });
    expect(queue.count()).toBe(0);
  });

  it('queues the visit on the device (the visit store) when the network fails, without an error message', async () => {
    const result = queue.submit(visit);
    const first = backend.expectOne('/api/visits');
    const clientId = first.request.body.clientId as string;
    first.error(new ProgressEvent('error'));

    await expect(result).resolves.toEqual({ status: 'queued' });
    expect(queue.count()).toBe(1);
    expect(await stored()).toEqual([
      expect.objectContaining({
        userId: member.id,
        request: expect.objectContaining({ clientId, householdId: 'hh-1' }),
      }),
    ]);
    expect(messageError).not.toHaveBeenCalled();
  });

  it('queues the visit when the server is unreachable (503), and rethrows a refusal (400)', async () => {
    const unreachable = queue.submit(visit);
    backend
      .expectOne('/api/visits')
      .flush(
        { statusCode: 503, error: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE', message: 'db down' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await expect(unreachable).resolves.toEqual({ status: 'queued' });
    expect(messageError).not.toHaveBeenCalled();

    const refused = queue.submit(visit);
    backend.expectOne('/api/visits').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'visitedAt in the future',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await expect(refused).rejects.toMatchObject({ status: 400 });
    expect(queue.count()).toBe(1);
    expect(messageError).toHaveBeenCalledTimes(1);
  });

  it('flushes a queued visit exactly once, with the same clientId, even when flushes overlap', async () => {
    const submitted = queue.submit(visit);
    const original = backend.expectOne('/api/visits');
    const clientId = original.request.body.clientId as string;
    original.error(new ProgressEvent('error'));
    await submitted;

    const first = queue.flush();
    const second = queue.flush(); // e.g. `online` fired while the start-up flush runs
    await tick();
    const replay = backend.expectOne('/api/visits');
    expect(replay.request.body.clientId).toBe(clientId);
    // The server already had it (an earlier attempt got through): 200 is success too.
    replay.flush({ visit: { id: 'v1' }, cases: [] }, { status: 200, statusText: 'OK' });

    await expect(first).resolves.toEqual({ sent: 1, refused: [], remaining: 0 });
    await expect(second).resolves.toEqual({ sent: 1, refused: [], remaining: 0 });
    expect(queue.count()).toBe(0);
    expect(await stored()).toEqual([]);

    await queue.flush();
    backend.expectNone('/api/visits');
  });

  it('keeps the visit queued while the network is still down', async () => {
    const submitted = queue.submit(visit);
    backend.expectOne('/api/visits').error(new ProgressEvent('error'));
    await submitted;

    const flushed = queue.flush();
    await tick();
    backend.expectOne('/api/visits').error(new ProgressEvent('error'));
    await expect(flushed).resolves.toEqual({ sent: 0, refused: [], remaining: 1 });
    expect(queue.count()).toBe(1);
  });

  it('keeps a queued visit the server refuses, with the reason, and does not send it again', async () => {
    const submitted = queue.submit(visit);
    backend.expectOne('/api/visits').error(new ProgressEvent('error'));
    await submitted;

    const flushed = queue.flush();
    await tick();
    backend
      .expectOne('/api/visits')
      .flush(
        { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'household not yours' },
        { status: 400, statusText: 'Bad Request' },
      );
    const result = await flushed;
    expect(result.sent).toBe(0);
    expect(result.refused.map((e) => e.code)).toEqual(['VALIDATION_FAILED']);
    expect(queue.count()).toBe(1);
    expect(await stored()).toEqual([
      expect.objectContaining({
        refused: expect.objectContaining({ code: 'VALIDATION_FAILED', message: 'household not yours' }),
      }),
    ]);
    await expect(queue.flush()).resolves.toEqual({ sent: 0, refused: [], remaining: 1 });
    backend.expectNone('/api/visits');
  });

  it('only sends the signed-in user’s queued visits', async () => {
    await store.put({ userId: 'someone-else', queuedAt: '', request: { ...visit, clientId: 'x' } });
    const other = TestBed.inject(VisitQueue);
    await other.ready;
    expect(other.count()).toBe(0);
    await expect(other.flush()).resolves.toEqual({ sent: 0, refused: [], remaining: 0 });
    backend.expectNone('/api/visits');
  });

  it('moves a queue left in localStorage by an earlier version into the visit store, once', async () => {
    localStorage.setItem(
      VISIT_QUEUE_STORAGE_KEY,
      JSON.stringify([
        { userId: member.id, queuedAt: '2026-11-28T03:00:00.000Z', request: { ...visit, clientId: 'old-1' } },
      ]),
    );
    TestBed.resetTestingModule();
    store = new MemoryVisitStore();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthStore,
          useValue: { user: signal(member), accessToken: () => 'token', clear: jest.fn() },
        },
        {
          provide: Notice,
          useValue: { error: messageError, success: jest.fn(), warning: jest.fn() },
        },
        { provide: VISIT_STORE, useFactory: () => store },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const fresh = TestBed.inject(VisitQueue);
    await fresh.ready;
    expect(fresh.count()).toBe(1);
    expect((await store.all()).map((i) => i.request.clientId)).toEqual(['old-1']);
    expect(localStorage.getItem(VISIT_QUEUE_STORAGE_KEY)).toBeNull();
  });
});
