import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { flattenFigures, formatShanghai, monthPeriod } from '@tenplusn/domain';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { PersonalDataLogService } from '../audit/personal-data-log.service';
import type { AuthUser } from '../auth/auth-user';
import { BranchEntity } from '../branches/branch.entity';
import { filterCases } from '../cases/case-filters';
import { CaseQuery } from '../cases/case.dto';
import { CaseEntity } from '../cases/case.entity';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdQuery } from '../households/household.dto';
import { HouseholdsService } from '../households/households.service';
import { MemberStatsQuery } from '../stats/stats.dto';
import { assertSeesBranch } from '../common/branch-scope';
import { overdueSql } from '../common/status-predicates.sql';
import { statsPeriod } from '../stats/stats-period';
import { TOWN_SCOPE } from '../stats/stats-scope';
import { StatsService } from '../stats/stats.service';
import { UserEntity } from '../users/user.entity';
import { CASE_EXPORT_COLUMNS, CaseExportRow, csvLine } from './case-export';
import { addFiguresSheet } from './figures-sheet';
import { NotVisitedExportQuery } from './reports.dto';
import { inactiveMembersWorkbook, notVisitedHouseholdsWorkbook } from './follow-up-export';
import { memberActivityWorkbook } from './member-activity-export';

/** The period of a figures query in a sheet's title: '2026-11-01 至 2026-11-30' (its last day included). */
function periodWords(q: { from?: string; to?: string }): string {
  const p = statsPeriod(q);
  return `${formatShanghai(p.from).slice(0, 10)} 至 ${formatShanghai(new Date(p.to.getTime() - 1)).slice(0, 10)}`;
}

/** Rows fetched per query while streaming an export (keyset pagination, constant memory). */
export const EXPORT_BATCH_SIZE = 1000;

/** The sort key of the export, the same orders as GET /api/cases (nulls last). */
const SORT_KEYS = {
  createdAt: { asc: 'c.created_at', desc: 'c.created_at' },
  updatedAt: { asc: 'c.updated_at', desc: 'c.updated_at' },
  // due_at may be null: the sentinels keep those rows last in both directions
  dueAt: {
    asc: `coalesce(c.due_at, 'infinity'::timestamptz)`,
    desc: `coalesce(c.due_at, '-infinity'::timestamptz)`,
  },
} as const;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: StatsService,
    private readonly personalData: PersonalDataLogService,
    private readonly households: HouseholdsService,
  ) {}

  /** A case export carries phone numbers: the personal-data log gets one 'export' with its rows. */
  private async recordExport(actor: AuthUser, format: string, rows: number, q: CaseQuery): Promise<void> {
    const filters = Object.entries(q)
      .filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'pageSize')
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
    await this.personalData.record(actor, {
      action: 'export',
      count: rows,
      detail: `cases.${format}${filters.length ? ` ${filters.join('&')}` : ''}`,
    });
  }

  /** Members with no visit in the period (the follow-up list), as Excel; scoped like GET /api/stats/members. */
  async inactiveMembersWorkbook(actor: AuthUser, q: MemberStatsQuery): Promise<Buffer> {
    const rows = await this.stats.members(
      actor,
      Object.assign(new MemberStatsQuery(), q, { inactive: 'true' }),
    );
    return inactiveMembersWorkbook(rows, await this.branchNames(), `${periodWords(q)} 未走访党员`);
  }

  /** Each member's activity in the period (党员履职情况), as Excel; the rows and scope of GET /api/stats/members. */
  async memberActivityWorkbook(actor: AuthUser, q: MemberStatsQuery): Promise<Buffer> {
    const rows = await this.stats.members(actor, q);
    const what = q.inactive === 'true' ? '未走访党员' : '党员履职情况';
    return memberActivityWorkbook(rows, await this.branchNames(), `${periodWords(q)} ${what}`);
  }

  /** Households with no visit since a day (月联月访), as Excel; scoped and masked like GET /api/households. */
  async notVisitedHouseholdsWorkbook(actor: AuthUser, q: NotVisitedExportQuery): Promise<Buffer> {
    // a secretary exports their own branch; another branch is outside their scope
    assertSeesBranch(actor, q.branchId);
    const rows: Awaited<ReturnType<HouseholdsService['list']>>['items'] = [];
    for (let page = 1; ; page++) {
      const answer = await this.households.list(
        actor,
        Object.assign(new HouseholdQuery(), {
          branchId: q.branchId,
          notVisitedSince: q.notVisitedSince,
          page,
          pageSize: 100,
        }),
      );
      rows.push(...answer.items);
      if (answer.items.length < 100 || rows.length >= answer.total) break;
    }
    // the sheet carries the phones the caller sees: the personal-data log gets one 'export'
    await this.personalData.record(actor, {
      action: 'export',
      count: rows.length,
      detail: `not-visited-households.xlsx notVisitedSince=${q.notVisitedSince}${q.branchId ? `&branchId=${q.branchId}` : ''}`,
    });
    return notVisitedHouseholdsWorkbook(
      rows,
      await this.branchNames(),
      `${q.notVisitedSince} 以来未走访的群众户`,
    );
  }

  private async branchNames(): Promise<(id: string) => string> {
    const branches = await this.db.getRepository(BranchEntity).find({ select: { id: true, name: true } });
    const names = new Map(branches.map((b) => [b.id, b.name]));
    return (id) => names.get(id) ?? '';
  }

  /**
   * The case list's filters (GET /api/cases, one function: filterCases) under the caller's row scope. A secretary
   * naming another branch gets 404 (outside their scope), as for the figures.
   */
  exportQuery(actor: AuthUser, q: CaseQuery): SelectQueryBuilder<CaseEntity> {
    assertSeesBranch(actor, q.branchId);
    return filterCases(actor, this.db.getRepository(CaseEntity).createQueryBuilder('c'), q);
  }

  /**
   * The matching cases in batches of EXPORT_BATCH_SIZE, fetched with keyset pagination on
   * (sort key, id): each batch is one indexed query continuing after the last row, so a
   * 100,000-row export never holds more than one batch.
   */
  async *caseBatches(actor: AuthUser, q: CaseQuery): AsyncGenerator<CaseExportRow[]> {
    const sort = q.sort ?? '-createdAt';
    const desc = sort.startsWith('-');
    const key = SORT_KEYS[sort.replace('-', '') as keyof typeof SORT_KEYS][desc ? 'desc' : 'asc'];
    const base = this.exportQuery(actor, q); // validates the scope before anything is written
    let after: { key: string; id: string } | null = null;
    for (;;) {
      const qb = base
        .clone()
        .leftJoin(HouseholdEntity, 'h', 'h.id = c.household_id')
        .leftJoin(BranchEntity, 'b', 'b.id = c.branch_id')
        .leftJoin(UserEntity, 'a', 'a.id = c.assignee_id')
        .leftJoin(UserEntity, 'r', 'r.id = c.raised_by_id')
        .select([
          'c.id AS id',
          'c.number AS number',
          'c.kind AS kind',
          'c.category AS category',
          'c.title AS title',
          'c.description AS description',
          'h.head_name AS head_name',
          'h.phone AS phone',
          'c.branch_id AS branch_id',
          'b.name AS branch_name',
          'c.status AS status',
          'c.priority AS priority',
          'c.escalated AS escalated',
          'a.display_name AS assignee_name',
          'c.due_at AS due_at',
          `${overdueSql('c')} AS overdue`,
          'c.resolution AS resolution',
          'c.satisfaction AS satisfaction',
          'r.display_name AS raised_by_name',
          'c.created_at AS created_at',
          'c.closed_at AS closed_at',
          // as text: a JS Date would drop the microseconds and skip or repeat rows
          `(${key})::text AS sort_key`,
        ])
        .orderBy(key, desc ? 'DESC' : 'ASC')
        .addOrderBy('c.id', desc ? 'DESC' : 'ASC')
        .limit(EXPORT_BATCH_SIZE);
      if (after) {
        // the plain range lets the (branch_id,) created_at indexes start at the right place
        const op = desc ? '<' : '>';
        qb.andWhere(`${key} ${op}= CAST(:afterKey AS timestamptz)`)
          .andWhere(`(${key}, c.id) ${op} (CAST(:afterKey AS timestamptz), CAST(:afterId AS uuid))`)
          .setParameters({ afterKey: after.key, afterId: after.id });
      }
      const rows = await qb.getRawMany<CaseExportRow>();
      if (rows.length) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < EXPORT_BATCH_SIZE || !last) return;
      after = { key: last.sort_key, id: last.id };
    }
  }

  /** CSV, UTF-8 with a BOM so that Excel opens the Chinese text correctly; CRLF lines. */
  async writeCasesCsv(actor: AuthUser, q: CaseQuery, out: Writable): Promise<void> {
    const batches = this.caseBatches(actor, q);
    const first = await batches.next(); // scope errors surface before the first byte
    await write(out, `\uFEFF${csvLine(CASE_EXPORT_COLUMNS.map((c) => c.header))}`);
    let rows = 0;
    for (let b = first; !b.done && !out.destroyed; b = await batches.next()) {
      rows += b.value.length;
      await write(
        out,
        b.value.map((r) => csvLine(CASE_EXPORT_COLUMNS.map((c) => c.cell(r, actor)))).join(''),
      );
    }
    out.end();
    await this.recordExport(actor, 'csv', rows, q);
  }

  /** XLSX written row by row with exceljs' streaming WorkbookWriter straight into the response. */
  async writeCasesXlsx(actor: AuthUser, q: CaseQuery, out: Writable): Promise<void> {
    const batches = this.caseBatches(actor, q);
    const first = await batches.next();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('案件清单', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = CASE_EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let rows = 0;
    for (let b = first; !b.done; b = await batches.next()) {
      rows += b.value.length;
      for (const r of b.value) sheet.addRow(CASE_EXPORT_COLUMNS.map((c) => c.cell(r, actor))).commit();
      // let the client catch up before fetching the next batch (backpressure)
      if (out.writableNeedDrain) await drained(out);
      if (out.destroyed) return this.recordExport(actor, 'xlsx', rows, q); // the client went away: stop querying
    }
    sheet.commit();
    await workbook.commit();
    await this.recordExport(actor, 'xlsx', rows, q);
  }

  /** The monthly sheet the town prints for its inspection: one row per branch, every figure (live). */
  async monthlyWorkbook(month: string): Promise<Buffer> {
    const period = monthPeriod(month);
    const [rows, town] = await Promise.all([
      this.stats.branchesOf(period),
      this.stats.overviewOf(TOWN_SCOPE, period),
    ]);
    const [year, mm] = month.split('-');
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date();
    addFiguresSheet(workbook, {
      sheetName: `${year}年${Number(mm)}月`,
      title: `${year}年${Number(mm)}月 各党支部“10+N”联系服务情况统计表`,
      notes: [
        `统计期间：${formatShanghai(period.from)} 至 ${formatShanghai(period.to)}（北京时间，不含结束时刻）；` +
          `状态、超期为导出时（${formatShanghai(new Date())}）的实时数据；比率 = 分子/分母，分母为 0 时留空`,
      ],
      rows: rows.map((r) => ({ name: r.branchName, figures: r })),
      total: { name: '全镇合计', figures: flattenFigures(town) },
    });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

/** Resolves when the stream can take more, or when it is closed (a client that went away). */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) return;
  const ac = new AbortController();
  await Promise.race([
    once(out, 'drain', { signal: ac.signal }),
    once(out, 'close', { signal: ac.signal }),
  ]).catch(() => undefined);
  ac.abort();
}

/** Writes a chunk and waits when the socket's buffer is full. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await drained(out);
}
