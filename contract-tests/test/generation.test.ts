/**
 * The request generation the generic checks rest on: valid values really are valid and cover the
 * schema, mutations really are invalid, and negative cases cover the fixed kinds of bad request.
 */
import type { JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import { typedbApi } from '@dbwire/server-stubs/typedb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestGenerator } from '../src/generic/requests.js';
import { SchemaArbitraries } from '../src/schema/arbitraries.js';
import { mutations } from '../src/schema/mutations.js';

const arbitraries = new SchemaArbitraries(typedbApi.schemas);
const generator = new RequestGenerator(arbitraries);
const routes: RouteDefinition[] = Object.values(typedbApi.routes);
const ref = (name: string): JsonSchema => ({ $ref: `urn:dbwire:typedb#/$defs/${name}` });
const jsonBodyRoutes = routes.filter((route) => generator.jsonBody(route) !== undefined);

describe('valid values', () => {
  it.each(Object.keys(typedbApi.schemas.$defs))('generates valid %s values', (name) => {
    const validate = arbitraries.validators.body(ref(name));
    for (const value of fc.sample(arbitraries.valid(ref(name)), { seed: 1, numRuns: 40 })) {
      expect(validate(value)).toEqual([]);
    }
  });

  it('covers every property of the request bodies, optional ones included', () => {
    for (const route of jsonBodyRoutes) {
      const { schema } = generator.jsonBody(route) as { schema: JsonSchema };
      const resolved = arbitraries.resolve(schema) as { properties: Record<string, unknown> };
      const seen = new Set<string>();
      for (const value of fc.sample(arbitraries.valid(schema), { seed: 2, numRuns: 60 })) {
        for (const key of Object.keys(value as object)) seen.add(key);
      }
      expect([...seen].sort(), route.operationId).toEqual(Object.keys(resolved.properties).sort());
    }
  });

  it('covers every enum value and every oneOf branch', () => {
    const types = new Set(fc.sample(arbitraries.valid(ref('TransactionType')), { seed: 3, numRuns: 60 }));
    expect([...types].sort()).toEqual(['read', 'schema', 'write']);
    const answerTypes = new Set(
      fc
        .sample(arbitraries.valid(ref('QueryResponse')), { seed: 3, numRuns: 60 })
        .map((value) => (value as { answerType: string }).answerType),
    );
    expect([...answerTypes].sort()).toEqual(['conceptDocuments', 'conceptRows', 'ok']);
  });

  it('offers property hints next to generated values', () => {
    const values = fc.sample(
      arbitraries.valid(ref('TransactionOpenRequest'), { propertyHints: { databaseName: fc.constant('hinted') } }),
      { seed: 4, numRuns: 60 },
    );
    const names = values.map((value) => (value as { databaseName: string }).databaseName);
    expect(names).toContain('hinted');
    expect(names.some((name) => name !== 'hinted')).toBe(true);
  });

  it('generates path parameters that address the operation (non-empty, no dot segments, UUIDs where declared)', () => {
    for (const route of routes) {
      for (const requestCase of generator.positiveCases(route, {}, 5, 40)) {
        for (const value of Object.values(requestCase.path)) {
          expect(typeof value === 'string' && value !== '' && value !== '.' && value !== '..').toBe(true);
        }
        if (route.path.includes('{transactionId}')) {
          expect(requestCase.path.transactionId).toMatch(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i);
        }
      }
    }
  });
});

describe('mutations', () => {
  it('are all invalid, for every request body and any valid value', () => {
    for (const route of jsonBodyRoutes) {
      const { schema } = generator.jsonBody(route) as { schema: JsonSchema };
      const validate = arbitraries.validators.body(schema);
      fc.assert(
        fc.property(arbitraries.valid(schema), (value) => {
          const found = mutations(arbitraries, schema, value);
          expect(found.length).toBeGreaterThan(0);
          for (const mutation of found) expect(validate(mutation.value), mutation.description).not.toEqual([]);
        }),
        { seed: 6, numRuns: 25 },
      );
    }
  });

  it('include a missing required field, a wrong type, an enum violation and a bound violation', () => {
    const schema = ref('TransactionOpenRequest');
    const value = { databaseName: 'db', transactionType: 'write', transactionOptions: { transactionTimeoutMillis: 5 } };
    const descriptions = mutations(arbitraries, schema, value).map((mutation) => mutation.description);
    expect(descriptions).toContain(
      "required /databaseName left out: /databaseName must have required property 'databaseName'",
    );
    expect(descriptions.some((d) => d.startsWith('/databaseName set to 7') && d.includes('must be string'))).toBe(true);
    expect(descriptions.some((d) => d.includes('/transactionType must be equal to one of the allowed values'))).toBe(
      true,
    );
    expect(descriptions.some((d) => d.startsWith('/transactionOptions/transactionTimeoutMillis set to -1'))).toBe(true);
    expect(descriptions.some((d) => d.startsWith('the body set to []'))).toBe(true);
  });
});

describe('negative cases', () => {
  it('break a JSON body in every fixed way and by sampled mutations', () => {
    const route = typedbApi.routes.openTransaction;
    const labels = generator.negativeCases(route, {}, 7, 10).map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'a malformed JSON body',
        'a JSON body sent as text/plain',
        'a JSON body without Content-Type',
        'no body (the body is required)',
      ]),
    );
    expect(labels.length).toBeGreaterThan(8);
  });

  it('break a UUID path parameter, and only where the schema constrains it', () => {
    const labels = generator.negativeCases(typedbApi.routes.commitTransaction, {}, 8, 5).map((c) => c.label);
    expect(labels.some((label) => label.startsWith('path parameter transactionId = "not-a-uuid"'))).toBe(true);
    expect(generator.hasInvalidInputs(typedbApi.routes.getDatabase)).toBe(false);
    expect(generator.hasInvalidInputs(typedbApi.routes.health)).toBe(false);
    expect(generator.hasInvalidInputs(typedbApi.routes.signin)).toBe(true);
  });

  it('are reproducible from the seed', () => {
    const route = typedbApi.routes.oneShotQuery;
    expect(generator.negativeCases(route, {}, 9, 10)).toEqual(generator.negativeCases(route, {}, 9, 10));
  });
});

describe('auth cases', () => {
  it('send the same request without a token and with four kinds of bad credentials', () => {
    const [base] = generator.positiveCases(typedbApi.routes.getDatabases, {}, 10, 1);
    const cases = generator.authCases(base as never, 'admin');
    expect(cases.map((c) => (c.auth.kind === 'header' ? c.auth.value.split(' ')[0] : c.auth.kind))).toEqual([
      'none',
      'Bearer',
      'Bearer',
      'Bearer',
      'Basic',
    ]);
    const forged = cases[2]?.auth.kind === 'header' ? cases[2].auth.value.slice('Bearer '.length) : '';
    const [header, claims] = forged
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(claims).toMatchObject({ sub: 'admin' });
  });
});
