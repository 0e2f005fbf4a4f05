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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Household, HouseholdDetail, Page } from '@tenplusn/domain';
import { ANY_ROLE, AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { CreateHouseholdDto, HouseholdQuery, SetContactDto, UpdateHouseholdDto } from './household.dto';
import { HouseholdsService } from './households.service';

const uuid = new ParseUUIDPipe();

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Roles(ANY_ROLE)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: HouseholdQuery): Promise<Page<Household>> {
    return this.households.list(user, q);
  }

  @Roles(['secretary', 'staff'])
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateHouseholdDto): Promise<Household> {
    return this.households.create(user, dto);
  }

  @Roles(ANY_ROLE)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<HouseholdDetail> {
    return this.households.detail(user, id);
  }

  @Roles(['secretary', 'staff'])
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateHouseholdDto,
  ): Promise<Household> {
    return this.households.update(user, id, dto);
  }

  @Roles(['secretary', 'staff'])
  @Put(':id/contacts/:memberId')
  setContact(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('memberId', uuid) memberId: string,
    @Body() dto: SetContactDto,
  ): Promise<HouseholdDetail> {
    return this.households.setContact(user, id, memberId, dto);
  }

  @Roles(['secretary', 'staff'])
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
