import { Pipe, PipeTransform } from '@angular/core';

/** 0.8333 → '83.3%'; null (no denominator) → '—'. */
@Pipe({ name: 'rate' })
export class RatePipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  }
}
