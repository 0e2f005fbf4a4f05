import { HttpResponse } from '@angular/common/http';

/**
 * The file name a download is saved under: the UTF-8 name of Content-Disposition
 * (filename*=UTF-8''…, RFC 5987) if any, else its plain filename, else the fallback.
 */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* a broken encoding: try the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(contentDisposition);
  return plain?.[1]?.trim() ?? fallback;
}

/** Saves a downloaded blob (fetched with the Bearer token) as a file through a temporary link. */
export function saveDownload(
  response: HttpResponse<Blob>,
  fallback: string,
  doc: Document = document,
): string {
  const name = fileNameOf(response.headers.get('Content-Disposition'), fallback);
  const blob = response.body ?? new Blob([]);
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}
