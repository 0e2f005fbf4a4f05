import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working-day deadlines, pauses and the inbox (issue 13):
 * - calendar_years: one row per year of the working calendar, seeded with the State Council's
 *   2026 schedule (notice of 2025-11-04; the same data as CN_2026_CALENDAR in libs/domain);
 * - cases.paused / paused_at / pause_reason, and case_events.data (what a step set);
 * - inbox_items with at most one unread item per user, case and type (a partial unique index);
 * - notify_deliveries: the webhook's delivery log.
 */
export class WorkingDaysInbox1795972023742 implements MigrationInterface {
  name = 'WorkingDaysInbox1795972023742';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "calendar_years" ("year" integer NOT NULL, "holidays" jsonb NOT NULL, "workdays" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid, CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`,
    );
    await q.query(
      `CREATE TABLE "inbox_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "case_id" uuid NOT NULL, "title" character varying(240) NOT NULL, "ref" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d7d185785d28b1ad0c57d91a8be" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_inbox_items_case" ON "inbox_items" ("case_id") `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_inbox_items_unread" ON "inbox_items" ("user_id", "case_id", "type") WHERE read_at IS NULL`,
    );
    await q.query(`CREATE INDEX "ix_inbox_items_user_at" ON "inbox_items" ("user_id", "at") `);
    await q.query(
      `CREATE TABLE "notify_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_status" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a4c42c428dd9fae8f2ce694e3c7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_notify_deliveries_item" ON "notify_deliveries" ("item_id") `);
    await q.query(
      `CREATE INDEX "ix_notify_deliveries_due" ON "notify_deliveries" ("next_attempt_at") WHERE status = 'pending'`,
    );
    await q.query(`ALTER TABLE "cases" ADD "paused" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "cases" ADD "paused_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "pause_reason" character varying(24)`);
    await q.query(`ALTER TABLE "case_events" ADD "data" jsonb`);
    await q.query(
      `ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_3e4fcff76742e1558b2cff51cc0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_67deeb0e18a63c91e2ed37d8434" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "notify_deliveries" ADD CONSTRAINT "FK_b97daebd0b1cef0f859b24727b5" FOREIGN KEY ("item_id") REFERENCES "inbox_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // 2026: weekdays off (元旦 1–3 Jan, 春节 15–23 Feb, 清明 4–6 Apr, 劳动节 1–5 May, 端午 19–21 Jun,
    // 中秋 25–27 Sep, 国庆 1–7 Oct) and the weekend working days (调休)
    await q.query(
      `INSERT INTO "calendar_years" ("year", "holidays", "workdays") VALUES (2026, $1::jsonb, $2::jsonb)`,
      [
        JSON.stringify([
          '2026-01-01',
          '2026-01-02',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-02-23',
          '2026-04-06',
          '2026-05-01',
          '2026-05-04',
          '2026-05-05',
          '2026-06-19',
          '2026-09-25',
          '2026-10-01',
          '2026-10-02',
          '2026-10-05',
          '2026-10-06',
          '2026-10-07',
        ]),
        JSON.stringify(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']),
      ],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notify_deliveries" DROP CONSTRAINT "FK_b97daebd0b1cef0f859b24727b5"`);
    await q.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_67deeb0e18a63c91e2ed37d8434"`);
    await q.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_3e4fcff76742e1558b2cff51cc0"`);
    await q.query(`ALTER TABLE "case_events" DROP COLUMN "data"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "pause_reason"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "paused_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "paused"`);
    await q.query(`DROP TABLE "notify_deliveries"`);
    await q.query(`DROP TABLE "inbox_items"`);
    await q.query(`DROP TABLE "calendar_years"`);
  }
}
