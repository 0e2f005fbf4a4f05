import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BranchStatsRow, StatsOverview, TrendPoint } from '@tenplusn/domain';
import { ANY_ROLE, AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { StatsQuery } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Roles(ANY_ROLE)
  @Get('overview')
  overview(@CurrentUser() user: AuthUser, @Query() q: StatsQuery): Promise<StatsOverview> {
    return this.stats.overview(user, q);
  }

  @Roles(['staff'])
  @Get('branches')
  branches(@Query() q: StatsQuery): Promise<BranchStatsRow[]> {
    return this.stats.branches(q);
  }

  @Roles(['staff', 'secretary'])
  @Get('trend')
  trend(@CurrentUser() user: AuthUser, @Query() q: StatsQuery): Promise<TrendPoint[]> {
    return this.stats.trend(user, q);
  }
}
