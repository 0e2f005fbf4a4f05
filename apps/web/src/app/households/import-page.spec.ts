import { jest } from '@jest/globals';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { HouseholdImportResult, UserSummary } from '@tenplusn/domain';
import { DownloadOutline, PaperClipOutline } from '@ant-design/icons-angular/icons';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { apiInterceptor } from '../core/api-interceptor';
import { AuthStore } from '../core/auth-store';
import { ImportPage } from './import-page';

const BRANCH = '11111111-1111-4111-8111-111111111111';
const secretary: UserSummary = {
  id: 'sec',
  username: 'sj_lw',
  displayName: '书记',
  role: 'secretary',
  branchId: BRANCH,
};
const result = (extra: Partial<HouseholdImportResult> = {}): HouseholdImportResult => ({
  created: 1,
  updated: 0,
  unchanged: 0,
  errors: [],
  dryRun: true,
  ignoredColumns: [],
  ...extra,
});

describe('ImportPage', () => {
  let fixture: ComponentFixture<ImportPage>;
  let http: HttpTestingController;
  const messageError = jest.fn();

  const el = () => fixture.nativeElement as HTMLElement;
  const button = (id: string) => el().querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
  const settle = async () => {
    TestBed.tick();
    await Promise.resolve();
    TestBed.tick();
  };
  const choose = async (file: File) => {
    const input = el().querySelector<HTMLInputElement>('[data-testid="import-file"]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
  };
  const csv = (name = 'households.csv') =>
    new File(['户号,户主姓名,住址\nLW-1,王,李湾村\n'], name, { type: 'text/csv' });

  beforeEach(async () => {
    messageError.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideNzIcons([DownloadOutline, PaperClipOutline]),
        {
          provide: AuthStore,
          useValue: {
            user: signal(secretary),
            role: () => 'secretary',
            actor: () => secretary,
            accessToken: () => 'token',
            clear: jest.fn(),
          },
        },
        {
          provide: NzMessageService,
          useValue: { success: jest.fn(), error: messageError, warning: jest.fn() },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ImportPage);
    await settle();
    http
      .expectOne('/api/branches')
      .flush([{ id: BRANCH, name: '李湾村党支部', code: 'LW', village: '李湾村', coreQuota: 10 }]);
    await settle();
  });

  afterEach(() => http.verify());

  it('checks the file first and imports it only after a dry run without errors', async () => {
    expect(button('import-check').disabled).toBe(true);
    await choose(csv());
    expect(button('import-check').disabled).toBe(false);
    expect(button('import-confirm').disabled).toBe(true);

    button('import-check').click();
    await settle();
    const dry = http.expectOne((r) => r.url === '/api/households/import');
    expect(dry.request.params.get('dryRun')).toBe('true');
    expect(dry.request.params.get('branchId')).toBe(BRANCH);
    const form = dry.request.body as FormData;
    expect((form.get('file') as File).name).toBe('households.csv');
    expect(form.get('branchId')).toBe(BRANCH);
    dry.flush(result());
    await settle();
    expect(el().querySelector('[data-testid="import-ok"]')).not.toBeNull();
    expect(button('import-confirm').disabled).toBe(false);

    button('import-confirm').click();
    await settle();
    const real = http.expectOne((r) => r.url === '/api/households/import');
    expect(real.request.params.get('dryRun')).toBe('false');
    real.flush(result({ dryRun: false }));
    await settle();
    expect(el().querySelector('[data-testid="import-done"]')?.textContent).toContain('新增 1 户');
  });

  it('lists the errors of a dry run by row and field and keeps the import closed', async () => {
    await choose(csv());
    button('import-check').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/households/import')
      .flush(
        result({
          errors: [
            { row: 3, field: 'address', message: 'address is required', code: 'REQUIRED' },
            {
              row: 3,
              field: 'phone',
              message: 'phone must be a mobile or landline number',
              code: 'WRONG_FORMAT',
            },
            {
              row: 4,
              field: 'size',
              message: 'size must not be greater than 99',
              code: 'TOO_LARGE',
              params: { limit: 99 },
            },
            {
              row: 5,
              field: 'code',
              message: 'the code A-1 is already used in row 2',
              code: 'CODE_REPEATED',
              params: { code: 'A-1', row: 2 },
            },
          ],
        }),
      );
    await settle();
    const rows = Array.from(el().querySelectorAll('[data-testid="import-error"]')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
    );
    // in Chinese only: the API's English message stays in the JSON
    expect(rows).toEqual([
      ['3', '住址', '必须填写'],
      ['3', '联系电话', '格式不正确'],
      ['4', '人口', '不能大于 99'],
      ['5', '户号', '户号 A-1 与第 2 行重复'],
    ]);
    expect(el().querySelector('[data-testid="import-errors"]')?.textContent).not.toMatch(/[A-Za-z]{3,}/);
    expect(button('import-confirm').disabled).toBe(true);
  });

  it('shows, for each household the dry run would update, which fields change (old → new)', async () => {
    await choose(csv());
    button('import-check').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/households/import')
      .flush(
        result({
          created: 0,
          updated: 1,
          unchanged: 1,
          updates: [
            {
              row: 2,
              code: 'LW-1',
              headName: '王建国',
              changes: [
                { field: 'phone', from: '13800000011', to: '13900000011' },
                { field: 'villageGroup', from: '2组', to: null },
                { field: 'tags', from: ['elderly_alone'], to: ['elderly_alone', 'low_income'] },
              ],
            },
          ],
        }),
      );
    await settle();
    const rows = Array.from(el().querySelectorAll('[data-testid="import-update"]')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['2', 'LW-1', '王建国']]);
    const changes = Array.from(el().querySelectorAll('[data-testid="import-change"]')).map((li) =>
      li.textContent?.trim(),
    );
    expect(changes).toEqual([
      '联系电话：13800000011 → 13900000011',
      '村民小组：2组 → （空）',
      '标签：独居老人 → 独居老人、低收入',
    ]);
    expect(el().querySelector('[data-testid="import-no-updates"]')).toBeNull();
  });

  it('says so when a dry run changes no existing household', async () => {
    await choose(csv());
    button('import-check').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/households/import')
      .flush(result({ created: 0, unchanged: 1, updates: [] }));
    await settle();
    expect(el().querySelector('[data-testid="import-no-updates"]')?.textContent).toContain(
      '本次导入不会修改任何已有的户',
    );
    expect(el().querySelector('[data-testid="import-update"]')).toBeNull();
  });

  it("offers a template whose example row can never be a real household's code", async () => {
    let blob: Blob | null = null;
    Object.assign(URL, {
      createObjectURL: (b: Blob) => {
        blob = b;
        return 'blob:template';
      },
      revokeObjectURL: () => undefined,
    });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    button('import-template').click();
    click.mockRestore();
    expect(blob).not.toBeNull();
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob as unknown as Blob);
    });
    const [header, example] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('户号,户主姓名,联系电话,住址,村民小组,人口,标签');
    // 示例-001: refused by the code rule (letters, digits, - and _), so it matches no household
    expect(example).toMatch(/^示例-/);
  });

  it('refuses a wrong file type without uploading it', async () => {
    await choose(csv('old.xls'));
    expect(el().querySelector('[data-testid="import-problem"]')?.textContent).toContain(
      '只能导入 .csv 或 .xlsx 文件',
    );
    expect(button('import-check').disabled).toBe(true);
  });

  it('explains a file the server finds too large in the user language, and shows no second message', async () => {
    await choose(csv());
    button('import-check').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/households/import')
      .flush(
        {
          statusCode: 413,
          error: 'Payload Too Large',
          code: 'PAYLOAD_TOO_LARGE',
          message: 'the file is larger than 10 MB',
        },
        { status: 413, statusText: 'Payload Too Large' },
      );
    await settle();
    expect(el().querySelector('[data-testid="import-failed"]')?.textContent).toContain('文件超过 10 MB');
    expect(messageError).not.toHaveBeenCalled();
    expect(button('import-confirm').disabled).toBe(true);
    expect(button('import-check').disabled).toBe(false);
  });
});
