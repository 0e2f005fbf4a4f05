import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AssessmentWeights,
  FrozenPeriod,
  flattenFigures,
  formatShanghai,
  hasEnded,
  InspectionPeriod,
  parsePeriod,
  PeriodKind,
  periodsDueForFreeze,
  PeriodSnapshot,
  seesBranch,
  weightProblems,
} from '@tenplusn/domain';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ApiException, badRequest, conflict, notFound } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../observability/metrics.service';
import { addFiguresSheet } from '../reports/figures-sheet';
import { withRanks } from '../stats/stats-rows';
import { TOWN_SCOPE } from '../stats/stats-scope';
import { StatsService } from '../stats/stats.service';
import { PeriodSnapshotEntity } from './period.entities';
import { WeightsDto } from './periods.dto';

/** How often the running app looks for periods whose automatic freeze is due. */
const AUTO_FREEZE_CHECK_MS = 60 * 60 * 1000;

const toFrozen = (e: PeriodSnapshotEntity): FrozenPeriod => ({
  period: e.period,
  kind: e.kind,
  from: e.fromAt.toISOString(),
  to: e.toAt.toISOString(),
  frozenAt: e.frozenAt.toISOString(),
  frozenBy: e.frozenById,
  frozenByName: e.frozenByName,
  automatic: e.automatic,
  note: e.note,
});

/**
 * Frozen months and quarters (API.md "Periods"): the figures of the period, the weights in
 * force and each branch's score and rank, computed once at the moment of freezing and stored.
 * Nothing later changes a snapshot: there is no update path, and the table refuses UPDATE.
 */
@Injectable()
export class PeriodsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Periods');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: StatsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.autoFreeze) return;
    const check = () => {
      this.running ??= this.autoFreeze()
        .then(() => this.metrics.sweepRan('period-freeze'))
        .catch((e: unknown) => {
          this.metrics.sweepRan('period-freeze', 'error');
          this.logger.warn(`automatic freeze failed: ${String(e)}`);
        })
        .finally(() => (this.running = null));
    };
    check();
    this.timer = setInterval(check, AUTO_FREEZE_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * Freezes every month and quarter that ended AUTO_FREEZE_DAYS ago or more and nobody froze,
   * looking a few periods back; periods that ended before the first case or visit are left
   * alone (nothing to inspect). Returns the periods it froze.
   */
  async autoFreeze(now: Date = new Date()): Promise<string[]> {
    const [first] = await this.db.query<{ at: Date | null }[]>(
      `SELECT least((SELECT min(created_at) FROM cases), (SELECT min(visited_at) FROM visits)) AS at`,
    );
    if (!first?.at) return [];
    const start = new Date(first.at).getTime();
    const frozen: string[] = [];
    for (const kind of ['month', 'quarter'] as const) {
      for (const p of periodsDueForFreeze(kind, this.config.autoFreezeDays, now)) {
        if (p.to.getTime() <= start) continue;
        const done = await this.db.query<unknown[]>('SELECT 1 FROM period_snapshots WHERE period = $1', [
          p.period,
        ]);
        if (done.length) continue;
        if (await this.store(p, null, null, true)) {
          frozen.push(p.period);
          this.logger.log(`froze ${p.period} automatically`);
        }
      }
    }
    return frozen;
  }

  parse(period: string): InspectionPeriod {
    const p = parsePeriod(period);
    if (!p) throw badRequest('period', 'a period is a month such as 2026-11 or a quarter such as 2026-Q4');
    return p;
  }

  /** POST /api/periods/:period/freeze (staff): only an ended period, once (again: 409). */
  async freeze(actor: AuthUser, period: string, note?: string): Promise<PeriodSnapshot> {
    const p = this.parse(period);
    if (!hasEnded(p)) throw conflict(`${p.period} has not ended yet: only an ended period can be frozen`);
    const stored = await this.store(p, actor, note?.trim() || null, false);
    if (!stored) throw conflict(`${p.period} is already frozen`);
    return this.view(stored, actor);
  }

  /** Computes the figures now and inserts the snapshot; null when the period was already frozen. */
  private async store(
    p: InspectionPeriod,
    actor: AuthUser | null,
    note: string | null,
    automatic: boolean,
  ): Promise<PeriodSnapshotEntity | null> {
    const [town, rows, weights] = await Promise.all([
      this.stats.overviewOf(TOWN_SCOPE, p),
      this.stats.branchesOf(p),
      this.stats.currentWeights(),
    ]);
    const branches = withRanks(rows, weights);
    const inserted = await this.db.query<unknown[]>(
      `INSERT INTO period_snapshots
         (period, kind, from_at, to_at, frozen_by_id, frozen_by_name, automatic, note, weights, town, branches)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb)
       ON CONFLICT (period) DO NOTHING RETURNING period`,
      [
        p.period,
        p.kind,
        p.from,
        p.to,
        actor?.id ?? null,
        actor?.displayName ?? null,
        automatic,
        note,
        JSON.stringify(weights),
        JSON.stringify(town),
        JSON.stringify(branches),
      ],
    );
    if (!inserted.length) return null;
    return this.db.getRepository(PeriodSnapshotEntity).findOneByOrFail({ period: p.period });
  }

  async list(kind?: PeriodKind): Promise<FrozenPeriod[]> {
    const rows = await this.db.getRepository(PeriodSnapshotEntity).find({
      where: kind ? { kind } : {},
      select: {
        period: true,
        kind: true,
        fromAt: true,
        toAt: true,
        frozenAt: true,
        frozenById: true,
        frozenByName: true,
        automatic: true,
        note: true,
      },
      // newest first; a quarter before its last month
      order: { toAt: 'DESC', kind: 'DESC' },
    });
    return rows.map(toFrozen);
  }

  async get(actor: AuthUser, period: string): Promise<PeriodSnapshot> {
    const p = this.parse(period);
    const row = await this.db.getRepository(PeriodSnapshotEntity).findOneBy({ period: p.period });
    if (!row) throw notFound('frozen period');
    return this.view(row, actor);
  }

  /** Staff see every branch; a secretary the town figures and their own branch's row and rank. */
  private view(e: PeriodSnapshotEntity, actor: AuthUser): PeriodSnapshot {
    const branches = e.branches.filter((b) => seesBranch(actor, b.branchId));
    return {
      ...toFrozen(e),
      weights: e.weights,
      town: e.town,
      branches,
      branchCount: e.branches.length,
    };
  }

  /** The frozen sheet, with who froze it and when in its heading (staff). */
  async reportWorkbook(actor: AuthUser, period: string): Promise<{ period: string; file: Buffer }> {
    const s = await this.get(actor, period);
    const name =
      s.kind === 'month'
        ? `${s.period.slice(0, 4)}年${Number(s.period.slice(5))}月`
        : `${s.period.slice(0, 4)}年第${s.period.slice(6)}季度`;
    const by = s.automatic
      ? `系统自动冻结（期末后 ${this.config.autoFreezeDays} 天）`
      : `${s.frozenByName ?? ''} 冻结`;
    const w = s.weights;
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date(s.frozenAt);
    addFiguresSheet(workbook, {
      sheetName: name,
      title: `${name} 各党支部“10+N”联系服务考核表（已冻结）`,
      notes: [
        `${by}，冻结时间：${formatShanghai(s.frozenAt)}（北京时间）${s.note ? `；备注：${s.note}` : ''}`,
        `统计期间：${formatShanghai(s.from)} 至 ${formatShanghai(s.to)}（不含结束时刻）；数据为冻结时的状态，此后不再变化`,
        `得分 = 100 × Σ 权重×比率 / Σ 权重（比率为空的项不计）；权重：办结率 ${w.closureRate}、按期办结率 ${w.onTimeRate}、` +
          `满意率 ${w.satisfactionRate}、联系覆盖率 ${w.coverageRate}、走访覆盖率 ${w.visitCoverageRate}；` +
          `排名依次按得分、办结率、支部代码`,
      ],
      rows: [...s.branches]
        .sort((a, b) => a.rank - b.rank)
        .map((r) => ({ name: r.branchName, figures: r, score: r.score, rank: r.rank })),
      total: { name: '全镇合计', figures: flattenFigures(s.town) },
      assessment: true,
    });
    return { period: s.period, file: Buffer.from(await workbook.xlsx.writeBuffer()) };
  }

  getWeights(): Promise<AssessmentWeights> {
    return this.stats.currentWeights();
  }

  /** PUT /api/assessment/weights (staff): a new published set; frozen periods keep theirs. */
  async setWeights(actor: AuthUser, body: WeightsDto): Promise<AssessmentWeights> {
    const problems = weightProblems({ ...body });
    if (problems.length)
      throw new ApiException('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
    await this.db.query(
      `INSERT INTO assessment_weights (closure_rate, on_time_rate, satisfaction_rate, coverage_rate, visit_coverage_rate, set_by_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        body.closureRate,
        body.onTimeRate,
        body.satisfactionRate,
        body.coverageRate,
        body.visitCoverageRate,
        actor.id,
      ],
    );
    return this.stats.currentWeights();
  }
}
