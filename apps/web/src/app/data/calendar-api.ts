import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CalendarYearResponse, WorkingCalendar, workingCalendar } from '@tenplusn/domain';
import { forkJoin, map, Observable, shareReplay } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class CalendarApi {
  private readonly http = inject(HttpClient);
  private around: Observable<WorkingCalendar> | null = null;

  year(year: number): Observable<CalendarYearResponse> {
    return this.http.get<CalendarYearResponse>(`/api/calendar/${year}`);
  }

  save(year: number, days: { holidays: string[]; workdays: string[] }): Observable<CalendarYearResponse> {
    this.around = null;
    return this.http.put<CalendarYearResponse>(`/api/calendar/${year}`, days);
  }

  /** Last, this and next year, merged for the working-day arithmetic (fetched once per session). */
  workingCalendar(now: Date = new Date()): Observable<WorkingCalendar> {
    const year = now.getFullYear();
    this.around ??= forkJoin([year - 1, year, year + 1].map((y) => this.year(y))).pipe(
      map((years) => workingCalendar(years.filter((y) => y.configured))),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.around;
  }
}
