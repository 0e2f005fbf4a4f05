import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CreateVisitResponse, Page, VisitListItem } from '@tenplusn/domain';
import type { Response } from 'express';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { CreateVisitDto, VisitQuery } from './visit.dto';
import { VisitsService } from './visits.service';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Allow('visits.create')
  @Post()
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateVisitDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreateVisitResponse> {
    const result = await this.visits.create(user, dto);
    res.status(result.replay ? 200 : 201);
    return result.body;
  }

  @Allow('visits.read')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: VisitQuery): Promise<Page<VisitListItem>> {
    return this.visits.list(user, q);
  }
}
