import { INestApplication } from '@nestjs/common';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { type Action, type ErrorCode, type Role, ROLES, rolesFor, STATUS_OF_CODE } from '@tenplusn/domain';
import { Allow, IS_PUBLIC } from '../auth/auth-user';
import type { OpenApiResponses } from './openapi-responses';
import { RESPONSES } from './responses.generated';

export const ERROR_SCHEMA_REF = '#/components/schemas/ApiError';

/** Operations that answer 409 CONFLICT on a duplicate or a state that forbids them (API.md says which). */
export const CONFLICTS = new Set([
  'BranchesController_create',
  'BranchesController_update',
  'UsersController_create',
  'UsersController_update',
  'HouseholdsController_create',
  'HouseholdsController_update',
  'HouseholdsController_erase',
  'PeriodsController_freeze',
]);

/** Answers outside the general rules of `errorAnswers`. */
export const EXTRA_ERRORS: Record<string, ErrorCode[]> = {
  // wrong credentials or no refresh cookie, although the routes are public; login is throttled
  AuthController_login: ['UNAUTHENTICATED', 'RATE_LIMITED'],
  AuthController_refresh: ['UNAUTHENTICATED'],
  HealthController_health: ['SERVICE_UNAVAILABLE'],
};

interface AccessMetadata {
  isPublic: boolean;
  /** the permission map's action (@Allow) and the roles it gives */
  action: Action | undefined;
  roles: readonly Role[];
}

/** Access metadata per operation id (`CasesController_get`), as the global guards read it. */
function accessByOperation(app: INestApplication): Map<string, AccessMetadata> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const reflector = app.get(Reflector);
  const access = new Map<string, AccessMetadata>();
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!type) continue;
    const prototype = type.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const targets = [handler, type];
      const action = reflector.getAllAndOverride(Allow, targets);
      access.set(`${type.name}_${name}`, {
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        action,
        roles: action ? rolesFor(action) : [],
      });
    }
  }
  return access;
}

/**
 * The errors an operation can answer (status → codes), from what the app does to every request:
 * 400 for input (parameters or a body), 401 behind the JWT guard, 403 when not every role may call
 * it, 404 for a path that names an object, 409 for a case `version` or a duplicate, 413 and 415 for
 * a body. 500 and 503 can happen anywhere and are not listed.
 */
export function errorAnswers(
  operationId: string,
  operation: OperationObject,
  path: string,
  access: AccessMetadata | undefined,
  bodyHasVersion: boolean,
): Map<number, ErrorCode[]> {
  const codes: ErrorCode[] = [...(EXTRA_ERRORS[operationId] ?? [])];
  const hasBody = operation.requestBody !== undefined;
  if (hasBody || (operation.parameters?.length ?? 0) > 0) codes.push('VALIDATION_FAILED');
  if (!access?.isPublic) codes.push('UNAUTHENTICATED');
  if (access && !access.isPublic && !ROLES.every((r) => access.roles.includes(r))) codes.push('FORBIDDEN');
  if (/\{[^}]+\}/.test(path)) codes.push('NOT_FOUND');
  if (bodyHasVersion) codes.push('STALE_VERSION', 'INVALID_TRANSITION');
  if (CONFLICTS.has(operationId)) codes.push('CONFLICT');
  if (hasBody) codes.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  const answers = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = STATUS_OF_CODE[code];
    answers.set(status, [...(answers.get(status) ?? []), code]);
  }
  return new Map([...answers].sort(([a], [b]) => a - b));
}

/**
 * Adds what @nestjs/swagger cannot see: each handler's response schema (read from its declared
 * return type by tools/scripts/api-doc.mjs) and the contract's error shape for every error status.
 */
export function completeDocument(
  document: OpenAPIObject,
  access: Map<string, AccessMetadata>,
  responses: OpenApiResponses = RESPONSES,
): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...responses.schemas, ...components.schemas };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const id = operation.operationId ?? '';
      const rules = access.get(id);
      // who may call it, for readers of the document (docs/api.md); the guards enforce it
      Object.assign(operation, {
        'x-roles': rules?.isPublic ? ['public'] : [...(rules?.roles ?? [])],
        ...(rules?.action ? { 'x-action': rules.action } : {}),
      });
      operation.security = rules?.isPublic ? [] : [{ bearer: [] }];
      const answer = responses.operations[id];
      if (!answer) throw new Error(`no response schema for ${id}: run node tools/scripts/api-doc.mjs`);
      const okStatus = Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
      const ok = (operation.responses[okStatus] ?? { description: '' }) as ResponseObject;
      if (!ok.description) ok.description = okStatus === '204' ? 'No content' : 'OK';
      if (answer.mediaType) {
        ok.content = {
          [answer.mediaType]: { schema: answer.schema ?? { type: 'string', format: 'binary' } },
        };
      }
      operation.responses[okStatus] = ok;
      const bodySchema = JSON.stringify(operation.requestBody ?? {});
      const bodyRef = /"\$ref":"#\/components\/schemas\/([^"]+)"/.exec(bodySchema)?.[1];
      const bodyProps = bodyRef
        ? Object.keys(components.schemas[bodyRef]?.['properties' as never] ?? {})
        : [];
      for (const [status, codes] of errorAnswers(id, operation, path, rules, bodyProps.includes('version'))) {
        operation.responses[String(status)] = {
          description: codes.join(', '),
          content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
        };
      }
    }
  }
  return document;
}

/** The OpenAPI document served at /api/docs-json (and rendered into docs/api.md). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('10+N contact scheme API')
      .setDescription('Households, visits, cases and the town figures. Reference: docs/api.md')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  return completeDocument(document, accessByOperation(app));
}
