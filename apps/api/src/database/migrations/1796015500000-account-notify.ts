import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API process keeps the account state of the per-request check in memory
 * (auth/account-cache.ts); this trigger tells them all, at commit, when an account's active
 * flag, role, branch, token version or names change, or it goes: NOTIFY account_changed with
 * its id ('*' for a TRUNCATE). Changes made with psql are told too.
 */
export class AccountNotify1796015500000 implements MigrationInterface {
  name = 'AccountNotify1796015500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('account_changed', '*');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('account_changed', OLD.id::text);
  ELSIF (OLD.id, OLD.active, OLD.role, OLD.branch_id, OLD.token_version, OLD.username, OLD.display_name)
        IS DISTINCT FROM (NEW.id, NEW.active, NEW.role, NEW.branch_id, NEW.token_version, NEW.username, NEW.display_name) THEN
    PERFORM pg_notify('account_changed', OLD.id::text);
    IF NEW.id <> OLD.id THEN
      PERFORM pg_notify('account_changed', NEW.id::text);
    END IF;
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_users_account_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_account_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_users_account_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION notify_account_changed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_users_account_truncated ON users`);
    await queryRunner.query(`DROP TRIGGER trg_users_account_changed ON users`);
    await queryRunner.query(`DROP FUNCTION notify_account_changed()`);
  }
}
