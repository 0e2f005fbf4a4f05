#!/usr/bin/env node
// The API reference, generated so that it cannot drift from the code.
//
//   node tools/scripts/api-doc.mjs          rewrite apps/api/src/openapi/responses.generated.ts
//                                          (from the controllers' declared return types) and then
//                                          docs/api.md (from the OpenAPI document of the running app,
//                                          by apps/api/test/openapi.test.ts in write mode)
//   node tools/scripts/api-doc.mjs --responses-only   the first half only (no database needed)
//   node tools/scripts/api-doc.mjs --check  exit 1 when responses.generated.ts is out of date
//                                          (openapi.test.ts, part of npm test, checks docs/api.md)
//
// Why a static step: the handlers return interfaces from libs/domain, which leave nothing at run
// time for @nestjs/swagger to read. The TypeScript compiler reads them here, once, into JSON
// schemas keyed by operation id (`CasesController_get`), which the app merges into its document
// (apps/api/src/openapi/openapi-document.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(root, 'apps/api/src/openapi/responses.generated.ts');
const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

/** What each handler answers, from the compiler's view of the controllers. */
export function responseSchemas() {
  const configPath = join(root, 'apps/api/tsconfig.app.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const controllers = parsed.fileNames.filter((f) => f.endsWith('.controller.ts'));
  const program = ts.createProgram(
    [...controllers, join(root, 'libs/domain/src/lib/errors.ts')],
    parsed.options,
  );
  const checker = program.getTypeChecker();
  const schemas = {};
  const operations = {};

  const decoratorsOf = (node) => (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []);
  const decoratorName = (d) =>
    ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression)
      ? d.expression.expression.text
      : undefined;
  const firstStringArg = (d) => {
    const arg = ts.isCallExpression(d.expression) ? d.expression.arguments[0] : undefined;
    return arg && ts.isStringLiteralLike(arg) ? arg.text : '';
  };
  const describe = (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();

  /** A named, non-generic interface or type alias becomes a component; everything else is inline. */
  const componentName = (type) => {
    if (type.aliasSymbol && !type.aliasTypeArguments?.length) return type.aliasSymbol.name;
    const symbol = type.getSymbol();
    const generic = (type.objectFlags ?? 0) & ts.ObjectFlags.Reference && type.typeArguments?.length;
    if (symbol && !generic && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))
      return symbol.name;
    return undefined;
  };

  const toSchema = (type) => {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      const nullable =
        parts.length < type.types.length && type.types.some((t) => t.flags & ts.TypeFlags.Null);
      let schema;
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) schema = { type: 'boolean' };
      else if (parts.every((t) => t.isStringLiteral()))
        schema = { type: 'string', enum: parts.map((t) => t.value) };
      else if (parts.every((t) => t.isNumberLiteral()))
        schema = { type: 'number', enum: parts.map((t) => t.value) };
      else if (parts.length === 1) schema = toSchema(parts[0]);
      else schema = { oneOf: parts.map(toSchema) };
      return nullable ? nullableOf(schema) : schema;
    }
    if (type.isIntersection()) return { allOf: type.types.map(toSchema) };
    if (type.flags & ts.TypeFlags.StringLike)
      return type.isStringLiteral() ? { type: 'string', enum: [type.value] } : { type: 'string' };
    if (type.flags & ts.TypeFlags.NumberLike)
      return type.isNumberLiteral() ? { type: 'number', enum: [type.value] } : { type: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.flags & ts.TypeFlags.Null) return { nullable: true };
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [item] = checker.getTypeArguments(type);
      return { type: 'array', items: item ? toSchema(item) : {} };
    }
    if (type.getSymbol()?.name === 'Date') return { type: 'string', format: 'date-time' };
    const name = componentName(type);
    if (name) {
      if (!(name in schemas)) {
        schemas[name] = {}; // a placeholder first: types may refer to themselves
        schemas[name] = objectSchema(type);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return objectSchema(type);
  };

  const nullableOf = (schema) =>
    schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };

  const objectSchema = (type) => {
    const properties = {};
    const required = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      const propType = checker.getTypeOfSymbol(prop);
      let schema = toSchema(propType);
      const description = describe(prop);
      if (description) schema = schema.$ref ? { allOf: [schema], description } : { ...schema, description };
      properties[prop.name] = schema;
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    const schema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const index = checker.getIndexInfosOfType(type)[0];
    if (index) schema.additionalProperties = toSchema(index.type);
    return schema;
  };

  for (const file of program.getSourceFiles()) {
    if (!controllers.includes(file.fileName)) continue;
    for (const cls of file.statements.filter(ts.isClassDeclaration)) {
      if (!cls.name || !decoratorsOf(cls).some((d) => decoratorName(d) === 'Controller')) continue;
      for (const method of cls.members.filter(ts.isMethodDeclaration)) {
        const verb = decoratorsOf(method).find((d) => HTTP_METHODS.has(decoratorName(d)));
        if (!verb) continue;
        const id = `${cls.name.text}_${method.name.getText(file)}`;
        const rawResponse = method.parameters.some((p) =>
          decoratorsOf(p).some(
            (d) => decoratorName(d) === 'Res' && !/passthrough:\s*true/.test(d.expression.getText(file)),
          ),
        );
        if (rawResponse) {
          // the handler writes the answer itself: a file named by its path
          const path = firstStringArg(verb);
          const mediaType = path.endsWith('.csv')
            ? 'text/csv'
            : path.endsWith('.xlsx')
              ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
              : 'text/plain';
          operations[id] = { mediaType };
          continue;
        }
        const signature = checker.getSignatureFromDeclaration(method);
        let returned = signature ? checker.getReturnTypeOfSignature(signature) : undefined;
        if (returned?.getSymbol()?.name === 'Promise') returned = checker.getTypeArguments(returned)[0];
        if (!returned || returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) {
          operations[id] = {};
          continue;
        }
        operations[id] = { mediaType: 'application/json', schema: toSchema(returned) };
      }
    }
  }
  // the contract's one error shape, referenced by every operation's 4xx answers
  const errors = program.getSourceFile(join(root, 'libs/domain/src/lib/errors.ts'));
  const apiError = errors?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'ApiError');
  if (!apiError) throw new Error('ApiError not found in libs/domain/src/lib/errors.ts');
  toSchema(checker.getTypeAtLocation(apiError.name));

  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { schemas: sorted(schemas), operations: sorted(operations) };
}

function render(data) {
  return [
    "// Generated by `node tools/scripts/api-doc.mjs` from the controllers' return types: do not edit.",
    '// (apps/api/test/openapi.test.ts fails when it is out of date.)',
    "import type { OpenApiResponses } from './openapi-responses';",
    '',
    `export const RESPONSES: OpenApiResponses = ${JSON.stringify(data, null, 2)};`,
    '',
  ].join('\n');
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const text = render(responseSchemas());
  const current = (() => {
    try {
      return readFileSync(OUT, 'utf8');
    } catch {
      return '';
    }
  })();
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${relative(root, OUT)} is out of date: run node tools/scripts/api-doc.mjs`);
      process.exit(1);
    }
    console.log(`${relative(root, OUT)} is up to date`);
    process.exit(0);
  }
  if (current !== text) writeFileSync(OUT, text);
  console.log(`wrote ${relative(root, OUT)}`);
  if (process.argv.includes('--responses-only')) process.exit(0);
  // docs/api.md from the running app's document (a fresh test database; PGlite when
  // TEST_DATABASE_URL is unset)
  const run = spawnSync(process.execPath, ['tools/scripts/test.mjs', 'apps/api/test/openapi.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WRITE_API_DOC: '1' },
  });
  process.exit(run.status ?? 1);
}
