import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type HouseholdFieldChange,
  type HouseholdImportChangeField,
  type HouseholdImportResult,
  type HouseholdImportUpdate,
  type HouseholdTag,
  managesBranch,
  maskHouseholdFor,
} from '@tenplusn/domain';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataLogService } from '../../audit/personal-data-log.service';
import type { AuthUser } from '../../auth/auth-user';
import { BranchEntity } from '../../branches/branch.entity';
import { badRequest, forbidden } from '../../common/api-exception';
import { HouseholdRow, ParsedHouseholdFile } from './household-rows';
import type { UploadedImportFile } from './import-file.interceptor';
import { SheetReader } from './sheet-reader';
import { CsvSyntaxError, MAX_IMPORT_ROWS, UnreadableFileError } from './spreadsheet';

export { MAX_IMPORT_ROWS };
/** Rows per INSERT: 7 parameters each stays far below PostgreSQL's 65,535. */
const CHUNK_ROWS = 1000;
const PREVIEW_ROWS = 200;

/** File column → database column, for the columns an import may change on existing rows. */
const COLUMN: Record<HouseholdImportChangeField, string> = {
  headName: 'head_name',
  phone: 'phone',
  address: 'address',
  villageGroup: 'village_group',
  size: 'size',
  tags: 'tags',
};

interface ExistingRow {
  code: string;
  head_name: string;
  phone: string | null;
  address: string;
  village_group: string | null;
  size: number | null;
  tags: string[];
}

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => x === b[i])
    : (a ?? null) === (b ?? null);

/**
 * POST /api/households/import: a secretary's household list (CSV or XLSX) upserted by code
 * into one branch, all or nothing. Columns missing from the file are left as they are on
 * existing households; an empty cell in a present column clears the value.
 */
@Injectable()
export class HouseholdImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly personalData: PersonalDataLogService,
    private readonly sheets: SheetReader,
  ) {}

  /** The branch the import goes to: query or form field, a secretary's own by default. */
  async targetBranch(actor: AuthUser, fromQuery?: string, fromForm?: string): Promise<string> {
    if (fromQuery && fromForm && fromQuery !== fromForm) {
      throw badRequest('branchId', 'branchId differs between the query and the form', 'NOT_ALLOWED');
    }
    const branchId = fromQuery ?? fromForm ?? (actor.role === 'secretary' ? actor.branchId : null);
    if (!branchId) throw badRequest('branchId', 'branchId is required', 'REQUIRED');
    // as for POST /api/households: another branch is forbidden to a secretary, whether it exists or not
    if (!managesBranch(actor, branchId))
      throw forbidden('a secretary imports households into their own branch only');
    if (!(await this.db.getRepository(BranchEntity).existsBy({ id: branchId }))) {
      throw badRequest('branchId', 'no such branch', 'NO_SUCH_OBJECT');
    }
    return branchId;
  }

  async import(
    actor: AuthUser,
    branchId: string,
    file: UploadedImportFile | undefined,
    dryRun: boolean,
  ): Promise<HouseholdImportResult> {
    if (!file || file.size === 0)
      throw badRequest('file', 'attach the household list as the form field "file"', 'FILE_MISSING');
    let parsed: ParsedHouseholdFile;
    try {
      parsed = await this.sheets.read(file.buffer, branchId);
    } catch (err) {
      if (err instanceof UnreadableFileError) throw badRequest('file', err.message, err.code, err.params);
      if (err instanceof CsvSyntaxError) {
        return this.result({
          errors: [{ row: err.row, field: 'file', message: err.message, code: 'CSV_SYNTAX' }],
          dryRun,
        });
      }
      throw err;
    }
    const base = { dryRun, ignoredColumns: parsed.ignoredColumns };
    const changeable = parsed.fields.filter((f): f is HouseholdImportChangeField => f !== 'code');

    if (dryRun) {
      const existing = await this.existing(this.db.manager, branchId, parsed.rows);
      const action = (r: HouseholdRow): 'create' | 'update' | 'unchanged' => {
        const old = existing.get(r.code);
        if (!old) return 'create';
        return changeable.every((f) => sameValue(r[f], old[COLUMN[f] as keyof ExistingRow]))
          ? 'unchanged'
          : 'update';
      };
      const actions = parsed.rows.map(action);
      const updates = parsed.rows.flatMap((r, i) => {
        const old = existing.get(r.code);
        return actions[i] === 'update' && old ? [this.update(actor, branchId, r, old, changeable)] : [];
      });
      return this.result({
        ...base,
        created: actions.filter((a) => a === 'create').length,
        updated: actions.filter((a) => a === 'update').length,
        unchanged: actions.filter((a) => a === 'unchanged').length,
        errors: parsed.errors,
        preview: parsed.rows
          .slice(0, PREVIEW_ROWS)
          .map((r) => ({ row: r.row, code: r.code, headName: r.headName, action: action(r) })),
        updates,
      });
    }
    // all or nothing: a file with any error writes nothing
    if (parsed.errors.length) return this.result({ ...base, errors: parsed.errors });

    // rows in code order: two imports touching the same codes lock them in the same order
    // and wait for each other instead of deadlocking
    const ordered = [...parsed.rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return this.db.transaction(async (m) => {
      let created = 0;
      let updated = 0;
      for (let i = 0; i < ordered.length; i += CHUNK_ROWS) {
        const chunk = ordered.slice(i, i + CHUNK_ROWS);
        const written = await this.upsert(m, branchId, chunk, changeable);
        created += written.created;
        updated += written.updated;
      }
      if (created + updated > 0) {
        await this.personalData.record(
          actor,
          {
            action: 'import',
            count: created + updated,
            detail: `${file.originalname}: ${created} created, ${updated} updated (branch ${branchId})`,
          },
          m,
        );
      }
      return this.result({
        ...base,
        created,
        updated,
        unchanged: parsed.rows.length - created - updated,
        errors: [],
      });
    });
  }

  /**
   * What a dry run tells about one existing household the file changes: each changed field,
   * old → new. The old values follow the household list's masking rule for the caller (an
   * importer manages the branch, so today nothing is masked, but the rule stays in one place).
   */
  private update(
    actor: AuthUser,
    branchId: string,
    r: HouseholdRow,
    old: ExistingRow,
    changeable: HouseholdImportChangeField[],
  ): HouseholdImportUpdate {
    const stored = maskHouseholdFor(
      actor,
      { branchId, contactMemberIds: [] },
      {
        headName: old.head_name,
        phone: old.phone,
        address: old.address,
        villageGroup: old.village_group,
        size: old.size,
        tags: old.tags as HouseholdTag[],
      },
    );
    const changes: HouseholdFieldChange[] = changeable
      .filter((f) => !sameValue(r[f], old[COLUMN[f] as keyof ExistingRow]))
      .map((f) => ({
        field: f,
        from: (f === 'tags' ? [...stored.tags] : stored[f]) ?? null,
        to: (f === 'tags' ? [...r.tags] : r[f]) ?? null,
      }));
    return { row: r.row, code: r.code, headName: old.head_name, changes };
  }

  private result(r: Partial<HouseholdImportResult> & { dryRun: boolean }): HouseholdImportResult {
    return { created: 0, updated: 0, unchanged: 0, errors: [], ignoredColumns: [], ...r };
  }

  private async existing(
    m: EntityManager,
    branchId: string,
    rows: HouseholdRow[],
  ): Promise<Map<string, ExistingRow>> {
    if (rows.length === 0) return new Map();
    const found: ExistingRow[] = await m.query(
      `SELECT code, head_name, phone, address, village_group, size, tags
         FROM households WHERE branch_id = $1 AND code = ANY($2::text[])`,
      [branchId, rows.map((r) => r.code)],
    );
    return new Map(found.map((r) => [r.code, r]));
  }

  /**
   * One multi-row INSERT … ON CONFLICT (branch_id, code) DO UPDATE. Existing rows are only
   * touched when a value changes; `xmax = 0` tells the inserted rows from the updated ones.
   */
  private async upsert(
    m: EntityManager,
    branchId: string,
    rows: HouseholdRow[],
    changeable: HouseholdImportChangeField[],
  ): Promise<{ created: number; updated: number }> {
    const params: unknown[] = [branchId];
    const values = rows.map((r) => {
      const p = params.length;
      params.push(r.code, r.headName, r.phone, r.address, r.villageGroup, r.size, r.tags);
      return `($1::uuid, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::int, $${p + 7}::text[])`;
    });
    const columns = changeable.map((f) => COLUMN[f]);
    const set = columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    const changed = columns.map((c) => `households.${c} IS DISTINCT FROM EXCLUDED.${c}`).join(' OR ');
    const onConflict = columns.length
      ? `DO UPDATE SET ${set}, updated_at = now() WHERE ${changed}`
      : 'DO NOTHING';
    const written: { inserted: boolean }[] = await m.query(
      `INSERT INTO households (branch_id, code, head_name, phone, address, village_group, size, tags)
       VALUES ${values.join(', ')}
       ON CONFLICT (branch_id, code) ${onConflict}
       RETURNING (xmax = 0) AS inserted`,
      params,
    );
    const created = written.filter((w) => w.inserted).length;
    return { created, updated: written.length - created };
  }
}
