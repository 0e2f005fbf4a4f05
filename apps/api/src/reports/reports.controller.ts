import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { currentMonthPeriod, formatShanghai, monthOf } from '@tenplusn/domain';
import type { Response } from 'express';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { CaseQuery } from '../cases/case.dto';
import { attachment, sendFile, XLSX } from '../common/download';
import { MetricsService } from '../observability/metrics.service';
import { MemberStatsQuery } from '../stats/stats.dto';
import { MonthlyReportQuery, NotVisitedExportQuery } from './reports.dto';
import { ReportsService } from './reports.service';

/** today in the town, e.g. 2026-11-29 */
const stamp = (): string => formatShanghai(new Date()).slice(0, 10);

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  private readonly logger = new Logger(ReportsController.name);

  constructor(
    private readonly reports: ReportsService,
    private readonly metrics: MetricsService,
  ) {}

  @Allow('reports.cases')
  @Get('cases.csv')
  @ApiProduces('text/csv')
  async casesCsv(@CurrentUser() user: AuthUser, @Query() q: CaseQuery, @Res() res: Response): Promise<void> {
    this.reports.exportQuery(user, q); // scope errors answer in JSON before the file starts
    attachment(res, 'text/csv; charset=utf-8', `cases-${stamp()}.csv`, `案件清单-${stamp()}.csv`);
    await this.stream(res, 'csv', () => this.reports.writeCasesCsv(user, q, res));
  }

  @Allow('reports.cases')
  @Get('cases.xlsx')
  @ApiProduces(XLSX)
  async casesXlsx(@CurrentUser() user: AuthUser, @Query() q: CaseQuery, @Res() res: Response): Promise<void> {
    this.reports.exportQuery(user, q);
    attachment(res, XLSX, `cases-${stamp()}.xlsx`, `案件清单-${stamp()}.xlsx`);
    await this.stream(res, 'xlsx', () => this.reports.writeCasesXlsx(user, q, res));
  }

  @Allow('reports.monthly')
  @Get('monthly.xlsx')
  @ApiProduces(XLSX)
  async monthly(@Query() q: MonthlyReportQuery, @Res() res: Response): Promise<void> {
    const month = q.month ?? monthOf(currentMonthPeriod().from);
    const file = await this.metrics.timeExport('monthly', () => this.reports.monthlyWorkbook(month));
    sendFile(res, XLSX, `monthly-report-${month}.xlsx`, `各支部月度统计-${month}.xlsx`, file);
  }

  /** the follow-up list "members with no visit in the period" (default: this month) as Excel */
  @Allow('reports.followUp')
  @Get('inactive-members.xlsx')
  @ApiProduces(XLSX)
  async inactiveMembers(
    @CurrentUser() user: AuthUser,
    @Query() q: MemberStatsQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.inactiveMembersWorkbook(user, q);
    sendFile(res, XLSX, `inactive-members-${stamp()}.xlsx`, `未走访党员-${stamp()}.xlsx`, file);
  }

  /** each member's activity in the period (党员履职情况), the rows of GET /api/stats/members, as Excel */
  @Allow('reports.members')
  @Get('members.xlsx')
  @ApiProduces(XLSX)
  async memberActivity(
    @CurrentUser() user: AuthUser,
    @Query() q: MemberStatsQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.memberActivityWorkbook(user, q);
    sendFile(res, XLSX, `member-activity-${stamp()}.xlsx`, `党员履职情况-${stamp()}.xlsx`, file);
  }

  /** the follow-up list "households not visited since a day" as Excel (phones only where the caller sees them) */
  @Allow('reports.followUp')
  @Get('not-visited-households.xlsx')
  @ApiProduces(XLSX)
  async notVisitedHouseholds(
    @CurrentUser() user: AuthUser,
    @Query() q: NotVisitedExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.notVisitedHouseholdsWorkbook(user, q);
    sendFile(
      res,
      XLSX,
      `not-visited-households-${stamp()}.xlsx`,
      `未走访户-${q.notVisitedSince}起-${stamp()}.xlsx`,
      file,
    );
  }

  /** Once the first byte is out the status is sent: a later failure can only cut the download. */
  private async stream(res: Response, format: string, run: () => Promise<void>): Promise<void> {
    try {
      await this.metrics.timeExport(format, run);
    } catch (e) {
      if (!res.headersSent) {
        // the error filter answers in JSON: not as a download
        res.removeHeader('Content-Disposition');
        throw e;
      }
      this.logger.error(`export aborted: ${e instanceof Error ? e.message : String(e)}`);
      res.destroy();
    }
  }
}
