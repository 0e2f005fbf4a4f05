import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Case, CaseDetail, CaseEvent, CaseListItem, Page } from '@tenplusn/domain';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import {
  AssignDto,
  CaseQuery,
  CloseDto,
  CommentDto,
  CreateCaseDto,
  PauseDto,
  ReasonDto,
  ResolveDto,
  ResumeDto,
  StartDto,
} from './case.dto';
import { CasesService, CaseWithHints } from './cases.service';

const uuid = new ParseUUIDPipe();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Allow('cases.create')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto): Promise<CaseWithHints> {
    return this.cases.create(user, dto);
  }

  @Allow('cases.read')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: CaseQuery): Promise<Page<CaseListItem>> {
    return this.cases.list(user, q);
  }

  @Allow('cases.read')
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseDetail> {
    return this.cases.detail(user, id);
  }

  @Allow('cases.assign')
  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: AssignDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'assign', dto);
  }

  @Allow('cases.start')
  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: StartDto): Promise<Case> {
    return this.cases.transition(user, id, 'start', dto);
  }

  @Allow('cases.resolve')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ResolveDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'resolve', dto);
  }

  @Allow('cases.close')
  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: CloseDto): Promise<Case> {
    return this.cases.transition(user, id, 'close', dto);
  }

  @Allow('cases.reopen')
  @Post(':id/reopen')
  @HttpCode(200)
  reopen(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ReasonDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'reopen', dto);
  }

  @Allow('cases.reject')
  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ReasonDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'reject', dto);
  }

  @Allow('cases.escalate')
  @Post(':id/escalate')
  @HttpCode(200)
  escalate(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ReasonDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'escalate', dto);
  }

  /** 交回支部: town staff hand an escalated case back to its branch's triage. */
  @Allow('cases.deescalate')
  @Post(':id/deescalate')
  @HttpCode(200)
  deescalate(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ReasonDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'deescalate', dto);
  }

  /** The assignee, the branch secretary or staff stop the clock while the case waits on others. */
  @Allow('cases.pause')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: PauseDto): Promise<Case> {
    return this.cases.transition(user, id, 'pause', dto);
  }

  @Allow('cases.resume')
  @Post(':id/resume')
  @HttpCode(200)
  resume(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ResumeDto,
  ): Promise<Case> {
    return this.cases.transition(user, id, 'resume', dto);
  }

  @Allow('cases.comment')
  @Post(':id/comments')
  comment(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: CommentDto,
  ): Promise<CaseEvent> {
    return this.cases.comment(user, id, dto.body);
  }
}
