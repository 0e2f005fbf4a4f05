import { jest } from '@jest/globals';
import { HttpHeaders, HttpResponse } from '@angular/common/http';
import { fileNameOf, saveDownload } from './download';

describe('fileNameOf', () => {
  it('prefers the UTF-8 name of Content-Disposition', () => {
    const header = `attachment; filename="cases-2026-11-29.xlsx"; filename*=UTF-8''${encodeURIComponent('案件清单-2026-11-29.xlsx')}`;
    expect(fileNameOf(header, 'cases.xlsx')).toBe('案件清单-2026-11-29.xlsx');
  });

  it('falls back to the plain filename, then to the given name', () => {
    expect(fileNameOf('attachment; filename="monthly-report-2026-11.xlsx"', 'x.xlsx')).toBe(
      'monthly-report-2026-11.xlsx',
    );
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'x.csv')).toBe('x.csv');
    expect(fileNameOf(null, 'cases.csv')).toBe('cases.csv');
  });
});

describe('saveDownload', () => {
  it('clicks a temporary link to an object URL under the server’s file name', () => {
    const created = jest.fn<(b: Blob) => string>(() => 'blob:x');
    const revoked = jest.fn();
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoked });
    const clicked: { href: string; download: string }[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });
    const blob = new Blob(['a,b']);
    const response = new HttpResponse({
      body: blob,
      headers: new HttpHeaders({
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('各支部月度统计-2026-11.xlsx')}`,
      }),
    });

    expect(saveDownload(response, 'monthly.xlsx')).toBe('各支部月度统计-2026-11.xlsx');
    expect(created).toHaveBeenCalledWith(blob);
    expect(clicked).toEqual([{ href: 'blob:x', download: '各支部月度统计-2026-11.xlsx' }]);
    expect(document.querySelector('a[download]')).toBeNull();
    click.mockRestore();
  });
});
