import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, UserDetail } from '@tenplusn/domain';
import { Allow, AuthUser, ClientIp, CurrentUser } from '../auth/auth-user';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Allow('users.manage')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: UserQuery): Promise<Page<UserDetail>> {
    return this.users.list(user, q);
  }

  @Post()
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateUserDto,
    @ClientIp() ip: string | null,
  ): Promise<UserDetail> {
    return this.users.create(user, dto, ip);
  }

  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @ClientIp() ip: string | null,
  ): Promise<UserDetail> {
    return this.users.update(user, id, dto, ip);
  }
}
