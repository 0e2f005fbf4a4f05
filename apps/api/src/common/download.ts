import type { Response } from 'express';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** attachment; filename with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), never cached */
export function attachment(res: Response, type: string, ascii: string, utf8: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
}

/** a whole file built in memory, sent as a download under those names */
export function sendFile(res: Response, type: string, ascii: string, utf8: string, file: Buffer): void {
  attachment(res, type, ascii, utf8);
  res.setHeader('Content-Length', String(file.length));
  res.end(file);
}
