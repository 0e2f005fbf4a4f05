import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AssessmentWeights, FrozenPeriod, PeriodSnapshot, VillageBoard } from '@tenplusn/domain';
import type { Response } from 'express';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { sendFile, XLSX } from '../common/download';
import { BoardService } from './board.service';
import { BoardQuery, FreezeDto, PeriodListQuery, WeightsDto } from './periods.dto';
import { PeriodsService } from './periods.service';

@ApiTags('periods')
@ApiBearerAuth()
@Controller('periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Allow('assessment.read')
  @Get()
  list(@Query() q: PeriodListQuery): Promise<FrozenPeriod[]> {
    return this.periods.list(q.kind);
  }

  /** staff: only an ended month or quarter, once (again: 409 CONFLICT) */
  @Allow('periods.freeze')
  @Post(':period/freeze')
  @HttpCode(201)
  freeze(
    @CurrentUser() user: AuthUser,
    @Param('period') period: string,
    @Body() body: FreezeDto,
  ): Promise<PeriodSnapshot> {
    return this.periods.freeze(user, period, body.note);
  }

  @Allow('periods.report')
  @Get(':period/report.xlsx')
  @ApiProduces(XLSX)
  async report(
    @CurrentUser() user: AuthUser,
    @Param('period') period: string,
    @Res() res: Response,
  ): Promise<void> {
    const { period: p, file } = await this.periods.reportWorkbook(user, period);
    sendFile(res, XLSX, `assessment-${p}.xlsx`, `考核表-${p}.xlsx`, file);
  }

  /** staff: everything; secretary: the town row, their own branch's row and rank */
  @Allow('assessment.read')
  @Get(':period')
  get(@CurrentUser() user: AuthUser, @Param('period') period: string): Promise<PeriodSnapshot> {
    return this.periods.get(user, period);
  }
}

@ApiTags('periods')
@ApiBearerAuth()
@Controller('assessment')
export class AssessmentController {
  constructor(private readonly periods: PeriodsService) {}

  @Allow('assessment.read')
  @Get('weights')
  weights(): Promise<AssessmentWeights> {
    return this.periods.getWeights();
  }

  /** integers 0–100 summing to 100; a change never rewrites a frozen period */
  @Allow('assessment.configure')
  @Put('weights')
  setWeights(@CurrentUser() user: AuthUser, @Body() body: WeightsDto): Promise<AssessmentWeights> {
    return this.periods.setWeights(user, body);
  }
}

@ApiTags('periods')
@ApiBearerAuth()
@Controller('board')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** the village board of a month: the town for staff, one's own branch otherwise; no personal data */
  @Allow('board.read')
  @Get()
  get(@CurrentUser() user: AuthUser, @Query() q: BoardQuery): Promise<VillageBoard> {
    return this.board.board(user, q);
  }
}
