import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795934321094 implements MigrationInterface {
  name = 'InitialSchema1795934321094';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "branches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "code" character varying(16) NOT NULL, "village" character varying(100) NOT NULL, "core_quota" integer NOT NULL DEFAULT '10', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f37d3b42defea97f1df0d19535" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_branches_code" ON "branches" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "phone" character varying(32), "role" character varying(16) NOT NULL, "branch_id" uuid, "password_hash" character varying(255) NOT NULL, "active" boolean NOT NULL DEFAULT true, "token_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await queryRunner.query(`CREATE INDEX "ix_users_branch_role" ON "users" ("branch_id", "role") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "token_version" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens" ("token_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event" character varying(32) NOT NULL, "actor_id" uuid, "username" character varying(64), "ip" character varying(64), "detail" jsonb, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_username_event_at" ON "audit_log" ("username", "event", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "households" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "branch_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "head_name" character varying(100) NOT NULL, "phone" character varying(32), "address" character varying(255) NOT NULL, "village_group" character varying(64), "size" integer, "tags" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_households_branch_code" ON "households" ("branch_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "household_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "member_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f09491a05a5dc8b60d490179790" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_household_contacts_member" ON "household_contacts" ("member_id") WHERE ended_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_household_contacts_active_member" ON "household_contacts" ("household_id", "member_id") WHERE ended_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_household_contacts_active_core" ON "household_contacts" ("household_id") WHERE kind = 'core' AND ended_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid, "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "branch_id" uuid NOT NULL, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "method" character varying(16) NOT NULL, "activities" text array NOT NULL DEFAULT '{}', "notes" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0b0b322289a41015c6ea4e8bf30" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visits_member_visited" ON "visits" ("member_id", "visited_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visits_household_visited" ON "visits" ("household_id", "visited_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visits_branch_visited" ON "visits" ("branch_id", "visited_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_visits_member_client" ON "visits" ("member_id", "client_id") WHERE client_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(32) NOT NULL, "kind" character varying(16) NOT NULL, "category" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "description" text, "household_id" uuid NOT NULL, "branch_id" uuid NOT NULL, "raised_by_id" uuid NOT NULL, "visit_id" uuid, "priority" character varying(8) NOT NULL DEFAULT 'normal', "status" character varying(16) NOT NULL DEFAULT 'open', "assignee_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "escalated" boolean NOT NULL DEFAULT false, "resolution" text, "satisfaction" character varying(24), "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_cases_number" ON "cases" ("number") `);
    await queryRunner.query(
      `CREATE INDEX "ix_cases_due_active" ON "cases" ("due_at") WHERE status IN ('assigned', 'in_progress')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_cases_household" ON "cases" ("household_id") `);
    await queryRunner.query(`CREATE INDEX "ix_cases_raised_by" ON "cases" ("raised_by_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_cases_assignee_status" ON "cases" ("assignee_id", "status") `);
    await queryRunner.query(`CREATE INDEX "ix_cases_created" ON "cases" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_cases_branch_created" ON "cases" ("branch_id", "created_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_cases_branch_status_created" ON "cases" ("branch_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "case_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "type" character varying(16) NOT NULL, "actor_id" uuid NOT NULL, "from_status" character varying(16), "to_status" character varying(16), "note" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_case_events_case_at" ON "case_events" ("case_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "case_number_counters" ("branch_id" uuid NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_205904737e7a8f48fd034f1f3b0" PRIMARY KEY ("branch_id", "year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_5a58f726a41264c8b3e86d4a1de" FOREIGN KEY ("branch_id") REFERENCES "branches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "households" ADD CONSTRAINT "FK_3aa8a78377784a3e59d1979347a" FOREIGN KEY ("branch_id") REFERENCES "branches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "household_contacts" ADD CONSTRAINT "FK_02aaae77ce98142c986827b69bf" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "household_contacts" ADD CONSTRAINT "FK_1165fa62abf76803df4f8cc7f8c" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "FK_5f9c10dcbcc926d3f5eb86d7e89" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "FK_7fbc1df36f9ef7c430f6d235085" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "FK_6d2458857f6b0fb3307937eab7c" FOREIGN KEY ("branch_id") REFERENCES "branches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_aa1a0ec1b1ab309ce229cf24fe8" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_988d5c3d0493d5c5156ae71ee79" FOREIGN KEY ("branch_id") REFERENCES "branches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_9b949b8dff2620e10f6b0b27b41" FOREIGN KEY ("raised_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_25c27c7049af2b9cd5824faf407" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_1e03d7426e634bc22f7241ebfba" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_259dbf949114e25670ac6cad205" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_3c01d456849d19a814b7f723408" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "FK_3c01d456849d19a814b7f723408"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "FK_259dbf949114e25670ac6cad205"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_1e03d7426e634bc22f7241ebfba"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_25c27c7049af2b9cd5824faf407"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_9b949b8dff2620e10f6b0b27b41"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_988d5c3d0493d5c5156ae71ee79"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_aa1a0ec1b1ab309ce229cf24fe8"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "FK_6d2458857f6b0fb3307937eab7c"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "FK_7fbc1df36f9ef7c430f6d235085"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "FK_5f9c10dcbcc926d3f5eb86d7e89"`);
    await queryRunner.query(
      `ALTER TABLE "household_contacts" DROP CONSTRAINT "FK_1165fa62abf76803df4f8cc7f8c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "household_contacts" DROP CONSTRAINT "FK_02aaae77ce98142c986827b69bf"`,
    );
    await queryRunner.query(`ALTER TABLE "households" DROP CONSTRAINT "FK_3aa8a78377784a3e59d1979347a"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_5a58f726a41264c8b3e86d4a1de"`);
    await queryRunner.query(`DROP TABLE "case_number_counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_case_events_case_at"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_branch_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_branch_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_assignee_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_raised_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_household"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_due_active"`);
    await queryRunner.query(`DROP INDEX "public"."uq_cases_number"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`DROP INDEX "public"."uq_visits_member_client"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_branch_visited"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_household_visited"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_member_visited"`);
    await queryRunner.query(`DROP TABLE "visits"`);
    await queryRunner.query(`DROP INDEX "public"."uq_household_contacts_active_core"`);
    await queryRunner.query(`DROP INDEX "public"."uq_household_contacts_active_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_household_contacts_member"`);
    await queryRunner.query(`DROP TABLE "household_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_households_branch_code"`);
    await queryRunner.query(`DROP TABLE "households"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_username_event_at"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_tokens_hash"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_branch_role"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_branches_code"`);
    await queryRunner.query(`DROP TABLE "branches"`);
  }
}
