import { HttpParams } from '@angular/common/http';

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** Builds query params, dropping empty values; arrays become the contract's comma lists. */
export function toParams(query: Record<string, QueryValue>): HttpParams {
  let params = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params = params.set(name, value.join(','));
    } else {
      params = params.set(name, String(value));
    }
  }
  return params;
}
