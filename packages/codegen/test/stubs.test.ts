import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../src/spec.js';
import { generateStubs } from '../src/stubs.js';

const spec: OpenApiDocument = {
  security: [{ bearerAuth: [] }],
  paths: {
    '/things/{thingId}': {
      parameters: [{ $ref: '#/components/parameters/thingId' }],
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        parameters: [
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          { name: 'depth', in: 'query', required: true, schema: { type: 'integer', example: 2 } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      put: {
        operationId: 'putThing',
        security: [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
        },
        responses: { '204': { description: 'stored' } },
      },
    },
  },
  components: {
    parameters: { thingId: { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } } },
    responses: { NotFound: { description: 'missing', content: { 'text/plain': { schema: { type: 'string' } } } } },
    schemas: {
      Thing: {
        type: 'object',
        description: 'documentation only',
        discriminator: { propertyName: 'kind' },
        properties: { kind: { const: 'thing' }, description: { type: 'string', example: 'x' } },
      },
    },
  },
};

describe('generateStubs', () => {
  const files = generateStubs({ id: 'things', typeName: 'Things' }, spec, '// header\n');
  const routes = files['routes.ts'] as string;
  const table = JSON.parse(
    routes
      .slice(routes.indexOf('  routes: ') + 10, routes.lastIndexOf('};'))
      .trim()
      .replace(/,$/, ''),
  );

  it('emits one route per operation with path-level parameters merged in', () => {
    expect(Object.keys(table)).toEqual(['getThing', 'putThing']);
    expect(table.getThing).toMatchObject({ method: 'GET', path: '/things/{thingId}', security: ['bearerAuth'] });
    expect(table.getThing.parameters.path).toEqual({
      type: 'object',
      properties: { thingId: { type: 'string' } },
      required: ['thingId'],
    });
  });

  it('lower-cases header names, keeps required query parameters and drops annotations', () => {
    expect(table.getThing.parameters.header.properties).toHaveProperty('x-trace');
    expect(table.getThing.parameters.query).toEqual({
      type: 'object',
      properties: { depth: { type: 'integer' } },
      required: ['depth'],
    });
  });

  it('resolves response references and points schema references into the API schema document', () => {
    expect(table.getThing.responses).toEqual({
      '200': { 'application/json': { $ref: 'urn:dbwire:things#/$defs/Thing' } },
      '404': { 'text/plain': { type: 'string' } },
    });
    expect(table.putThing.responses).toEqual({ '204': null });
    expect(table.putThing.requestBody.required).toBe(true);
  });

  it('honours an operation that opts out of security', () => {
    expect(table.putThing.security).toEqual([]);
  });

  it('keeps a property named like an annotation keyword', () => {
    expect(routes).toContain('"description": {');
    expect(routes).not.toContain('documentation only');
  });

  it('writes a typed handler interface', () => {
    expect(files['handlers.ts']).toContain('export interface ThingsHandlers<Context = unknown>');
    expect(files['handlers.ts']).toContain("getThing(\n    request: HandlerRequest<operations['getThing']>");
  });
});
