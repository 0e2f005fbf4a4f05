import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

type Schema = SchemaObject | ReferenceObject;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const isRef = (s: Schema): s is ReferenceObject => '$ref' in s;
const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);
const link = (name: string): string => `[\`${name}\`](#${name.toLowerCase()})`;
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** A schema as a short TypeScript-like type, with named types linked to their section. */
export function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (isRef(schema)) return link(refName(schema.$ref));
  let text: string;
  if (schema.allOf?.length === 1 && schema.nullable) return `${typeOf(schema.allOf[0])} \\| null`;
  if (schema.allOf) text = schema.allOf.map(typeOf).join(' & ');
  else if (schema.oneOf) text = schema.oneOf.map(typeOf).join(' \\| ');
  else if (schema.enum) text = schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  else if (schema.type === 'array') text = `${typeOf(schema.items)}[]`;
  else if (schema.type === 'object' || schema.properties) {
    const props = Object.entries(schema.properties ?? {}).map(
      ([name, s]) => `${name}${schema.required?.includes(name) ? '' : '?'}: ${typeOf(s)}`,
    );
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      props.push(`[key: string]: ${typeOf(schema.additionalProperties)}`);
    text = `{ ${props.join(', ')} }`;
  } else if (schema.format === 'binary') text = 'file';
  else text = String(schema.type ?? 'any');
  return schema.nullable ? `${text} \\| null` : text;
}

function limits(schema: SchemaObject): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  if (schema.maxItems !== undefined) parts.push(`≤ ${schema.maxItems} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}

function parameter(p: ParameterObject): string {
  const schema = (p.schema ?? {}) as SchemaObject;
  const extra = [limits(schema), p.description].filter(Boolean).join('; ');
  return `\`${p.name}\`${p.required ? '' : '?'}: ${typeOf(schema)}${extra ? ` (${extra})` : ''}`;
}

function operationSection(method: string, path: string, op: OperationObject): string[] {
  const lines = [`### ${method.toUpperCase()} ${path}`, ''];
  const { 'x-roles': roles = [], 'x-action': action } = op as { 'x-roles'?: string[]; 'x-action'?: string };
  lines.push(`- **Roles:** ${roles.join(', ')}${action ? ` (action \`${action}\`)` : ''}`);
  for (const where of ['path', 'query'] as const) {
    const params = (op.parameters ?? []).filter((p): p is ParameterObject => 'in' in p && p.in === where);
    if (params.length)
      lines.push(`- **${where === 'path' ? 'Path' : 'Query'}:** ${params.map(parameter).join(', ')}`);
  }
  const body = op.requestBody as RequestBodyObject | undefined;
  for (const [mediaType, content] of Object.entries(body?.content ?? {})) {
    lines.push(`- **Body** (${mediaType}): ${typeOf(content.schema)}`);
  }
  for (const [status, response] of Object.entries(op.responses)) {
    if (!/^2/.test(status)) continue;
    const r = response as ResponseObject;
    const contents = Object.entries(r.content ?? {});
    if (!contents.length) lines.push(`- **Response:** ${status}, no body`);
    for (const [mediaType, content] of contents) {
      const what = mediaType === 'application/json' ? typeOf(content.schema) : `a file (${mediaType})`;
      lines.push(`- **Response:** ${status} ${what}`);
    }
  }
  const errors = Object.entries(op.responses)
    .filter(([status]) => /^[45]/.test(status))
    .map(([status, r]) => `${status} ${(r as ResponseObject).description}`);
  if (errors.length) lines.push(`- **Errors** ([\`ApiError\`](#apierror)): ${errors.join('; ')}`);
  lines.push('');
  return lines;
}

function schemaSection(name: string, schema: SchemaObject): string[] {
  const lines = [`### ${name}`, ''];
  if (schema.description) lines.push(schema.description, '');
  if (!schema.properties) return [...lines, typeOf(schema), ''];
  lines.push('| field | type | notes |', '| --- | --- | --- |');
  for (const [field, prop] of Object.entries(schema.properties)) {
    const optional = schema.required?.includes(field) ? '' : '?';
    const notes = isRef(prop) ? '' : [prop.description, limits(prop)].filter(Boolean).join('; ');
    lines.push(`| \`${field}\`${optional} | ${typeOf(prop)} | ${cell(notes ?? '')} |`);
  }
  return [...lines, ''];
}

/** docs/api.md: the API reference rendered from the OpenAPI document the API serves. */
export function renderApiReference(document: OpenAPIObject): string {
  const groups = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const group = op.tags?.[0] ?? path.split('/')[2] ?? 'other';
      groups.set(group, [...(groups.get(group) ?? []), ...operationSection(method, path, op)]);
    }
  }
  const schemas = Object.entries(document.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return [
    '# API reference',
    '',
    '<!-- Generated by `node tools/scripts/api-doc.mjs` from the OpenAPI document the API serves:',
    '     do not edit (apps/api/test/openapi.test.ts fails when this file is out of date). -->',
    '',
    'Every route of the API, by area: who may call it, what it takes, what it answers. It is rendered',
    'from the OpenAPI document that the running API serves at `/api/docs-json` (browsable at',
    '`/api/docs`), so it says what the code does. The contract it implements, with the rules behind',
    'each route, is [spec/API.md](spec/API.md).',
    '',
    '- Sign in with `POST /api/auth/login` and send `Authorization: Bearer <accessToken>` on every',
    '  route whose roles are not `public`. The roles are those the permission map',
    "  (`libs/domain/src/lib/permissions.ts`) gives the route's action; row scoping (own branch, own",
    '  cases) comes on top.',
    '- Every error has one shape, [`ApiError`](#apierror); its `code` says what went wrong. A 500 is a',
    '  bug; 503 means the database is down.',
    '- Types: `T?` may be absent, `T | null` is sent as null. Dates are ISO 8601 strings.',
    '',
    ...[...groups.keys()].map((g) => `- [${g}](#${g.toLowerCase()})`),
    '- [Schemas](#schemas)',
    '',
    ...[...groups.entries()].flatMap(([group, lines]) => [`## ${group}`, '', ...lines]),
    '## Schemas',
    '',
    ...schemas.flatMap(([name, schema]) => schemaSection(name, schema as SchemaObject)),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
