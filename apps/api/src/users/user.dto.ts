import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PHONE_PATTERN,
  ROLES,
  type Role,
  TEXT_LIMITS,
  USERNAME_PATTERN,
  NOT_BLANK_PATTERN,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '@tenplusn/domain';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsOmittable } from '../common/validation';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'dy_lw_11' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username: 3–64 letters, digits, _ . -' })
  username: string;

  @ApiProperty({ example: '李明' })
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'displayName must not be blank' })
  @MaxLength(TEXT_LIMITS.personName)
  displayName: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mobile or landline number' })
  phone?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(NOT_BLANK_PATTERN, { message: 'displayName must not be blank' })
  @MaxLength(TEXT_LIMITS.personName)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mobile or landline number' })
  phone?: string | null;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  branchId?: string | null;

  @ApiPropertyOptional({ description: 'reset the password (staff, or the secretary for a member)' })
  @IsOmittable()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.search)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
