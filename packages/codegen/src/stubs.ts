import type { ApiEntry } from './apis.js';
import {
  METHODS,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
  resolve,
  type SchemaObject,
} from './spec.js';

/**
 * Our server-stub generator. From one spec it writes:
 * - `routes.ts`: the route table (method, path, security, parameter/body/response JSON Schemas) and
 *   the spec's component schemas as one JSON Schema document;
 * - `handlers.ts`: a typed handler interface, one method per operation, whose request and response
 *   types come from openapi-typescript's `operations`.
 */
export function generateStubs(api: ApiEntry, document: OpenApiDocument, header: string): Record<string, string> {
  const schemaId = `urn:dbwire:${api.id}`;
  const operations = collectOperations(document);
  const routes: Record<string, unknown> = {};
  for (const { method, path, operation, pathParameters } of operations) {
    routes[operation.operationId] = {
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      ...wildcardOf(document, [...pathParameters, ...(operation.parameters ?? [])]),
      security: securityOf(document, operation),
      ...authOptionalOf(document, operation),
      parameters: parameterSchemas(document, [...pathParameters, ...(operation.parameters ?? [])], schemaId),
      requestBody: requestBodySchema(document, operation.requestBody, schemaId),
      responses: responseSchemas(document, operation.responses, schemaId),
    };
  }
  const defs = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema, schemaId)]),
  );
  const routesFile = [
    header,
    "import type { ApiDefinition, RouteDefinition } from '../../core/route.js';",
    '',
    `export type ${api.typeName}OperationId =${operations.map(({ operation }) => `\n  | '${operation.operationId}'`).join('')};`,
    '',
    `export const ${camel(api.typeName)}Api: ApiDefinition<Record<${api.typeName}OperationId, RouteDefinition>> = {`,
    `  id: ${JSON.stringify(api.id)},`,
    `  schemas: ${indent(JSON.stringify({ $id: schemaId, $defs: defs }, null, 2), 2)},`,
    `  routes: ${indent(JSON.stringify(routes, null, 2), 2)},`,
    '};',
    '',
  ].join('\n');

  const methods = operations.map(({ method, path, operation }) =>
    [
      `  /** ${method.toUpperCase()} ${path}${operation.summary ? `: ${operation.summary}` : ''} */`,
      `  ${operation.operationId}(`,
      `    request: HandlerRequest<operations['${operation.operationId}']>,`,
      '    context: Context,',
      `  ): HandlerResult<operations['${operation.operationId}']>;`,
    ].join('\n'),
  );
  const handlersFile = [
    header,
    "import type { HandlerRequest, HandlerResult } from '../../core/types.js';",
    "import type { operations } from './openapi.js';",
    '',
    `/** One method per operation of specs/${api.id}.yaml. \`Context\` is what authentication produced. */`,
    `export interface ${api.typeName}Handlers<Context = unknown> {`,
    methods.join('\n'),
    '}',
    '',
  ].join('\n');
  return { 'routes.ts': routesFile, 'handlers.ts': handlersFile };
}

interface CollectedOperation {
  method: string;
  path: string;
  operation: OperationObject;
  pathParameters: PathParameters;
}
type PathParameters = NonNullable<OperationObject['parameters']>;

function collectOperations(document: OpenApiDocument): CollectedOperation[] {
  const found: CollectedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) found.push({ method, path, operation, pathParameters: item.parameters ?? [] });
    }
  }
  return found;
}

function securityOf(document: OpenApiDocument, operation: OperationObject): string[] {
  const requirements = operation.security ?? document.security ?? [];
  return [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))];
}

/** `security: [{}, {scheme: []}]`: credentials are optional (an empty requirement is satisfied by none). */
function authOptionalOf(document: OpenApiDocument, operation: OperationObject): { authOptional?: true } {
  const requirements = operation.security ?? document.security ?? [];
  const optional = requirements.length > 1 && requirements.some((requirement) => Object.keys(requirement).length === 0);
  return optional ? { authOptional: true } : {};
}

/**
 * The path parameter marked `x-dbwire-spans-slashes: true`, which OpenAPI cannot express itself
 * (FastAPI's `{path:path}`): routers match it across segments.
 */
function wildcardOf(document: OpenApiDocument, parameters: PathParameters): { wildcard?: string } {
  const spanning = parameters
    .map((reference) => resolve<ParameterObject & { 'x-dbwire-spans-slashes'?: boolean }>(document, reference))
    .find((parameter) => parameter.in === 'path' && parameter['x-dbwire-spans-slashes'] === true);
  return spanning ? { wildcard: spanning.name } : {};
}

function parameterSchemas(document: OpenApiDocument, parameters: PathParameters, schemaId: string) {
  const byLocation: Record<string, { properties: Record<string, unknown>; required: string[] }> = {};
  for (const reference of parameters) {
    const parameter = resolve<ParameterObject>(document, reference);
    if (parameter.in === 'cookie') continue;
    const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    const slot = byLocation[parameter.in] ?? { properties: {}, required: [] };
    byLocation[parameter.in] = slot;
    slot.properties[name] = toJsonSchema(parameter.schema ?? {}, schemaId);
    if (parameter.required || parameter.in === 'path') slot.required.push(name);
  }
  return Object.fromEntries(
    Object.entries(byLocation).map(([location, { properties, required }]) => [
      location,
      { type: 'object', properties, required },
    ]),
  );
}

function requestBodySchema(document: OpenApiDocument, body: OperationObject['requestBody'], schemaId: string) {
  if (body === undefined) return null;
  const resolved = resolve<RequestBodyObject & { 'x-dbwire-assumed-media-type'?: string }>(document, body);
  const assumed = resolved['x-dbwire-assumed-media-type'];
  return {
    required: resolved.required ?? false,
    content: contentSchemas(resolved.content, schemaId),
    ...(assumed === undefined ? {} : { assumedMediaType: assumed }),
  };
}

function responseSchemas(document: OpenApiDocument, responses: OperationObject['responses'], schemaId: string) {
  return Object.fromEntries(
    Object.entries(responses).map(([status, reference]) => {
      const response = resolve<ResponseObject>(document, reference);
      return [status, response.content ? contentSchemas(response.content, schemaId) : null];
    }),
  );
}

function contentSchemas(content: Record<string, { schema?: SchemaObject }>, schemaId: string) {
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, media]) => [mediaType, toJsonSchema(media.schema ?? {}, schemaId)]),
  );
}

/** Keywords that document a schema but never constrain it. */
const ANNOTATIONS = new Set(['example', 'examples', 'description', 'summary', 'discriminator', 'xml', 'externalDocs']);

/** An OpenAPI 3.1 schema as a plain 2020-12 JSON Schema whose refs point into the API's schema document. */
function toJsonSchema(schema: unknown, schemaId: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, schemaId));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', `${schemaId}#/$defs/`);
    } else if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      // Property names are data here, not keywords: keep them all.
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, toJsonSchema(sub, schemaId)]),
      );
    } else {
      out[key] = toJsonSchema(value, schemaId);
    }
  }
  return out;
}

function camel(name: string): string {
  return name[0]?.toLowerCase() + name.slice(1);
}

function indent(text: string, spaces: number): string {
  return text.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}
