import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One year of the working calendar (PRODUCT.md, "Deadlines in working days"): the weekdays
 * that are days off and the weekend days that are working days (调休). A year without a row
 * counts weekends only.
 */
@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year: number;

  /** 'YYYY-MM-DD' strings, sorted */
  @Column({ type: 'jsonb' })
  holidays: string[];

  @Column({ type: 'jsonb' })
  workdays: string[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** null for the schedule the app ships */
  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;
}
