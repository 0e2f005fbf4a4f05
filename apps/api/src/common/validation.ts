import { applyDecorators, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { detailOfConstraints, ErrorDetail } from '@tenplusn/domain';
import { ApiException } from './api-exception';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // one detail per field (its messages joined), coded by its most basic failed rule
    const own = e.constraints
      ? [{ field, message: Object.values(e.constraints).join('; '), ...detailOfConstraints(e.constraints) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown fields are refused, values are converted to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ApiException(
        'VALIDATION_FAILED',
        details.length ? details.map((d) => `${d.field}: ${d.message}`).join('; ') : 'invalid input',
        details,
      );
    },
  });
}

/**
 * May be left out, but when given must pass the other rules: unlike @IsOptional(), null is
 * refused (for fields whose column cannot be null; a PATCH with null must be a 400, not a 500).
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** An optional filter on a user: a user id, or "me" for the caller (the service resolves it). */
export const UserIdOrMe = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    ValidateIf((_, v) => v !== 'me'),
    IsUUID(),
  );
