import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Branch } from '@tenplusn/domain';
import { Allow, AuthUser, CurrentUser } from '../auth/auth-user';
import { CreateBranchDto, UpdateBranchDto } from './branch.dto';
import { BranchesService } from './branches.service';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchesController {
  constructor(private readonly branches: BranchesService) {}

  @Allow('branches.read')
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Branch[]> {
    return this.branches.list(user);
  }

  @Allow('branches.manage')
  @Post()
  create(@Body() dto: CreateBranchDto): Promise<Branch> {
    return this.branches.create(dto);
  }

  @Allow('branches.manage')
  @Patch(':id')
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateBranchDto): Promise<Branch> {
    return this.branches.update(id, dto);
  }
}
