import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type {
  BranchRoster,
  Household,
  HouseholdDetail,
  HouseholdImportResult,
  HouseholdVisitInfo,
  Page,
} from '@tenplusn/domain';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { AcceptsMultipart } from '../common/json-body.guard';
import {
  CreateHouseholdDto,
  EraseHouseholdDto,
  HouseholdQuery,
  ImportForm,
  ImportQuery,
  RosterQuery,
  SetContactDto,
  UpdateHouseholdDto,
} from './household.dto';
import { MetricsService } from '../observability/metrics.service';
import { HouseholdRosterService } from './household-roster.service';
import { HouseholdsService } from './households.service';
import { HouseholdImportService } from './import/household-import.service';
import { ImportFileInterceptor, type UploadedImportFile } from './import/import-file.interceptor';

const uuid = new ParseUUIDPipe();

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly importer: HouseholdImportService,
    private readonly rosters: HouseholdRosterService,
    private readonly metrics: MetricsService,
  ) {}

  @Allow('households.read')
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() q: HouseholdQuery,
  ): Promise<Page<Household & HouseholdVisitInfo>> {
    return this.households.list(user, q);
  }

  @Allow('households.manage')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateHouseholdDto): Promise<Household> {
    return this.households.create(user, dto);
  }

  /** Members of the branch with their core/extra counts against the quota; uncovered households. */
  @Allow('households.roster')
  @Get('roster')
  roster(@CurrentUser() user: AuthUser, @Query() q: RosterQuery): Promise<BranchRoster> {
    return this.rosters.roster(user, q.branchId);
  }

  @Allow('households.import')
  @Post('import')
  @HttpCode(200)
  @AcceptsMultipart()
  @UseInterceptors(ImportFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        branchId: { type: 'string', format: 'uuid' },
      },
    },
  })
  async import(
    @CurrentUser() user: AuthUser,
    @Query() q: ImportQuery,
    @Body() form: ImportForm,
    @UploadedFile() file: UploadedImportFile | undefined,
  ): Promise<HouseholdImportResult> {
    const branchId = await this.importer.targetBranch(user, q.branchId, form.branchId);
    return this.metrics.timeImport(() => this.importer.import(user, branchId, file, q.dryRun ?? false));
  }

  @Allow('households.read')
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
  ): Promise<HouseholdDetail & HouseholdVisitInfo> {
    return this.households.view(user, id);
  }

  @Allow('households.manage')
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateHouseholdDto,
  ): Promise<Household> {
    return this.households.update(user, id, dto);
  }

  /** PIPL erasure on request: staff only; 409 when already erased. */
  @Allow('households.erase')
  @Post(':id/erase')
  @HttpCode(200)
  erase(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: EraseHouseholdDto,
  ): Promise<Household> {
    return this.households.erase(user, id, dto);
  }

  @Allow('households.manage')
  @Put(':id/contacts/:memberId')
  setContact(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('memberId', uuid) memberId: string,
    @Body() dto: SetContactDto,
  ): Promise<HouseholdDetail> {
    return this.households.setContact(user, id, memberId, dto);
  }

  @Allow('households.manage')
  @Delete(':id/contacts/:memberId')
  @HttpCode(204)
  async removeContact(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('memberId', uuid) memberId: string,
  ): Promise<void> {
    await this.households.removeContact(user, id, memberId);
  }
}
