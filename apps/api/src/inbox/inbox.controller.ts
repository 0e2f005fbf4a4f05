import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { InboxPage } from '@tenplusn/domain';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { InboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  /** The caller's own items, newest first, with the unread count. */
  @Allow('inbox.use')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: InboxQuery): Promise<InboxPage> {
    return this.inbox.list(user, q);
  }

  @Allow('inbox.use')
  @Post('read-all')
  @HttpCode(204)
  readAll(@CurrentUser() user: AuthUser): Promise<void> {
    return this.inbox.readAll(user);
  }

  @Allow('inbox.use')
  @Post(':id/read')
  @HttpCode(204)
  read(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.inbox.read(user, id);
  }
}
