import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { LoadFailed } from '../shared/load-failed';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CalendarApi } from '../data/calendar-api';
import { GridDay, monthWeeks, toggleDay } from './month-grid';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * The working calendar (staff): one year as twelve month grids. A tap flips a day between
 * working day and day off; saving replaces the year's holidays and make-up working days.
 */
@Component({
  selector: 'app-calendar-page',
  imports: [
    NzAlertModule,
    NzButtonModule,
    NzIconModule,
    NzPopconfirmModule,
    LoadFailed,
    NzSpinModule,
    TranslatePipe,
  ],
  templateUrl: './calendar-page.html',
  styleUrl: './calendar-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarPage {
  private readonly api = inject(CalendarApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);

  protected readonly year = signal(new Date().getFullYear());
  protected readonly stored = rxResource({
    params: () => ({ year: this.year() }),
    stream: ({ params }) => this.api.year(params.year),
  });
  /** the days as edited (null: as stored) */
  protected readonly edited = signal<{ holidays: string[]; workdays: string[] } | null>(null);
  protected readonly saving = signal(false);
  protected readonly days = computed(() => {
    const edited = this.edited();
    if (edited) return edited;
    return this.stored.hasValue() ? this.stored.value() : { holidays: [], workdays: [] };
  });
  protected readonly holidays = computed(() => new Set(this.days().holidays));
  protected readonly workdays = computed(() => new Set(this.days().workdays));
  protected readonly dirty = computed(() => this.edited() !== null);
  protected readonly months = computed(() =>
    MONTHS.map((m) => ({ month: m, weeks: monthWeeks(this.year(), m) })),
  );
  protected readonly weekdays = computed(() => this.i18n.t('calendar.weekdays').split(','));

  constructor() {
    // another year: forget the edits of the last one
    effect(() => {
      this.year();
      this.edited.set(null);
    });
  }

  protected isOff(day: GridDay): boolean {
    return day.weekend ? !this.workdays().has(day.date) : this.holidays().has(day.date);
  }

  protected toggle(day: GridDay): void {
    this.edited.set(toggleDay(this.days(), day.date));
  }

  protected shift(by: number): void {
    this.year.update((y) => y + by);
  }

  protected reset(): void {
    this.edited.set(null);
  }

  protected save(): void {
    const year = this.year();
    this.saving.set(true);
    this.api.save(year, this.days()).subscribe({
      next: () => {
        this.saving.set(false);
        this.edited.set(null);
        this.stored.reload();
        this.message.success(this.i18n.t('calendar.saved'));
      },
      error: () => this.saving.set(false),
    });
  }
}
