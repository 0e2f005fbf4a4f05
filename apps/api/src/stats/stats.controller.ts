import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  BranchStatsRow,
  CategoryCount,
  MemberStatsRow,
  StatsOverview,
  TrendPoint,
} from '@tenplusn/domain';
import type { Response } from 'express';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { MemberStatsQuery, StatsQuery } from './stats.dto';
import { StatsService } from './stats.service';

/**
 * Runs one computation of figures and reports its duration in a `Server-Timing` header
 * (`figures;dur=12.3`), so that operators and tools/bench can tell the time spent counting
 * from the time spent on the network, TLS, authentication and JSON.
 */
async function timed<T>(res: Response, work: () => Promise<T>): Promise<T> {
  const t0 = process.hrtime.bigint();
  const result = await work();
  res.setHeader('Server-Timing', `figures;dur=${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)}`);
  return result;
}

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Allow('stats.read')
  @Get('overview')
  overview(
    @CurrentUser() user: AuthUser,
    @Query() q: StatsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StatsOverview> {
    return timed(res, () => this.stats.overview(user, q));
  }

  /** cases received in the period by category (staff any branch or all, secretary own branch, member own) */
  @Allow('stats.read')
  @Get('categories')
  categories(
    @CurrentUser() user: AuthUser,
    @Query() q: StatsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CategoryCount[]> {
    return timed(res, () => this.stats.categories(user, q));
  }

  @Allow('stats.town')
  @Get('branches')
  branches(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<BranchStatsRow[]> {
    return timed(res, () => this.stats.branches(q));
  }

  /** each active member's activity in the period; inactive=true: those with no visit (staff, secretary own branch) */
  @Allow('stats.branch')
  @Get('members')
  members(
    @CurrentUser() user: AuthUser,
    @Query() q: MemberStatsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberStatsRow[]> {
    return timed(res, () => this.stats.members(user, q));
  }

  @Allow('stats.branch')
  @Get('trend')
  trend(
    @CurrentUser() user: AuthUser,
    @Query() q: StatsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TrendPoint[]> {
    return timed(res, () => this.stats.trend(user, q));
  }
}
