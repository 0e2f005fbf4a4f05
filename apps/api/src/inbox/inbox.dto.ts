import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { BooleanQuery } from '../common/query-transforms';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: unread items only' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  unread?: boolean;
}
