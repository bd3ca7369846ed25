/** The checks on hand-made exchanges: each one passes what the spec allows and fails what it forbids. */
import { SchemaValidators } from '@dbwire/server-stubs';
import { typedbApi } from '@dbwire/server-stubs/typedb';
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckContext, type CheckName } from '../src/generic/checks.js';
import type { Exchange, RequestCase } from '../src/generic/http.js';
import type { KnownDeviation } from '../src/generic/profile.js';
import { judge } from '../src/generic/suite.js';

const validators = new SchemaValidators(typedbApi.schemas);
const errorSchema = { $ref: 'urn:dbwire:typedb#/$defs/ErrorResponse' };

function context(operationId: keyof typeof typedbApi.routes): CheckContext {
  return { route: typedbApi.routes[operationId], validators, errorSchema };
}

function exchange(
  operationId: string,
  status: number | undefined,
  body = '',
  /** `null`: no Content-Type header. */
  contentType: string | null = body ? 'application/json; charset=utf-8' : null,
  kind: RequestCase['kind'] = 'positive',
): Exchange {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  return {
    operationId,
    case: { kind, label: `a ${kind} case`, path: {}, query: {}, body: { kind: 'none' }, auth: { kind: 'token' } },
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:1/x',
      headers: { authorization: 'Bearer secret-token' },
      body: undefined,
    },
    response:
      status === undefined ? undefined : { status, headers, mediaType: contentType?.split(';')[0]?.trim(), text: body },
    error: status === undefined ? 'connect ECONNREFUSED' : undefined,
    pathValues: {},
  };
}

function verdict(check: CheckName, ex: Exchange, operationId: keyof typeof typedbApi.routes) {
  const definition = CHECKS[check];
  return definition.appliesTo(ex) ? definition.check(ex, context(operationId)) : 'not applicable';
}

const ERROR = JSON.stringify({ code: 'HSR2', message: '[HSR2] bad' });

describe('not_a_server_error', () => {
  it('fails on 5xx and on no response, passes otherwise', () => {
    expect(verdict('not_a_server_error', exchange('getDatabases', 500, ERROR), 'getDatabases')).toBe(
      'server error 500',
    );
    expect(verdict('not_a_server_error', exchange('getDatabases', undefined), 'getDatabases')).toContain(
      'ECONNREFUSED',
    );
    expect(verdict('not_a_server_error', exchange('getDatabase', 404, ERROR), 'getDatabase')).toBeUndefined();
  });
});

describe('status_code_conformance', () => {
  it('fails on a status the operation does not document', () => {
    expect(verdict('status_code_conformance', exchange('getDatabase', 410, ERROR), 'getDatabase')).toBe(
      'status 410 is not documented for getDatabase (documented: 200, 401, 404)',
    );
    expect(verdict('status_code_conformance', exchange('getDatabase', 404, ERROR), 'getDatabase')).toBeUndefined();
  });
});

describe('content_type_conformance', () => {
  it('fails on a body where none is documented', () => {
    const result = verdict('content_type_conformance', exchange('createDatabase', 200, '{}'), 'createDatabase');
    expect(result).toContain('documented without a body');
    expect(verdict('content_type_conformance', exchange('createDatabase', 200), 'createDatabase')).toBeUndefined();
  });

  it('fails on an undocumented or missing Content-Type', () => {
    const text = exchange('version', 200, '{"distribution":"x","version":"1"}', 'text/plain');
    expect(verdict('content_type_conformance', text, 'version')).toContain('Content-Type text/plain is not documented');
    const none = exchange('version', 200, '{}', null);
    expect(verdict('content_type_conformance', none, 'version')).toContain('no Content-Type header');
    const schema = exchange('getDatabaseSchema', 200, 'define', 'text/plain; charset=utf-8');
    expect(verdict('content_type_conformance', schema, 'getDatabaseSchema')).toBeUndefined();
  });
});

describe('response_schema_conformance', () => {
  it('validates bodies against the documented schema', () => {
    const bad = exchange('getDatabases', 200, JSON.stringify({ databases: [{ label: 'x' }] }));
    expect(verdict('response_schema_conformance', bad, 'getDatabases')).toContain("must have required property 'name'");
    const good = exchange('getDatabases', 200, JSON.stringify({ databases: [{ name: 'x' }] }));
    expect(verdict('response_schema_conformance', good, 'getDatabases')).toBeUndefined();
    const badError = exchange('getDatabase', 404, JSON.stringify({ error: 'nope' }));
    expect(verdict('response_schema_conformance', badError, 'getDatabase')).toContain('code');
  });

  it('fails on unparseable JSON and on an empty body where one is documented', () => {
    expect(verdict('response_schema_conformance', exchange('version', 200, '{"dis'), 'version')).toContain(
      'not valid JSON',
    );
    const empty = exchange('version', 200, '', 'application/json');
    expect(verdict('response_schema_conformance', empty, 'version')).toContain('the response is empty');
  });
});

describe('negative_data_rejection', () => {
  const negative = (status: number, body: string) =>
    exchange('openTransaction', status, body, 'application/json', 'negative');

  it("passes a 4xx in the API's error shape and fails anything else", () => {
    expect(verdict('negative_data_rejection', negative(400, ERROR), 'openTransaction')).toBeUndefined();
    expect(verdict('negative_data_rejection', negative(200, '{"transactionId":"x"}'), 'openTransaction')).toContain(
      'invalid data was not rejected: 200',
    );
    expect(verdict('negative_data_rejection', negative(500, ERROR), 'openTransaction')).toContain('not rejected: 500');
    expect(verdict('negative_data_rejection', negative(400, '{"error":"x"}'), 'openTransaction')).toContain(
      "not in the API's error shape",
    );
  });

  it('looks only at negative cases', () => {
    expect(verdict('negative_data_rejection', exchange('openTransaction', 200, '{}'), 'openTransaction')).toBe(
      'not applicable',
    );
  });
});

describe('ignored_auth', () => {
  const auth = (status: number) => exchange('getDatabases', status, ERROR, 'application/json', 'auth');

  it('passes 401, fails 2xx as ignored authentication and other statuses as not 401', () => {
    expect(verdict('ignored_auth', auth(401), 'getDatabases')).toBeUndefined();
    expect(verdict('ignored_auth', auth(200), 'getDatabases')).toContain('authentication is ignored: 200');
    expect(verdict('ignored_auth', auth(403), 'getDatabases')).toContain('expected 401');
  });
});

describe('judge', () => {
  const exchanges = [
    exchange('getDatabase', 410, ERROR),
    exchange('getDatabase', 410, ERROR),
    exchange('getDatabase', 404, ERROR),
    exchange('getDatabase', 418, ERROR),
  ];

  it('groups failures by reason, with a reproducible request and the token masked', () => {
    const result = judge(
      CHECKS.status_code_conformance,
      { seed: 42, exchanges },
      context('getDatabase'),
      'secret-token',
    );
    expect(result.summary).toContain('1 of 4 responses pass (seed 42');
    expect(result.failure).toContain('3 of 4 responses fail');
    expect(result.failure).toContain(
      '1. status 410 is not documented for getDatabase (documented: 200, 401, 404) (2 responses)',
    );
    expect(result.failure).toContain('2. status 418 is not documented');
    expect(result.failure).toContain("curl -i -X GET 'http://127.0.0.1:1/x' -H 'authorization: Bearer $TOKEN'");
    expect(result.failure).not.toContain('secret-token');
    expect(result.failure).toContain('DBWIRE_SEED=42');
  });

  it('tolerates the exchanges of a known deviation, and only those', () => {
    const known: KnownDeviation = {
      operationId: 'getDatabase',
      checks: ['status_code_conformance'],
      summary: '410 for missing databases',
      matches: (ex) => ex.response?.status === 410,
    };
    const result = judge(CHECKS.status_code_conformance, { seed: 1, exchanges }, context('getDatabase'), undefined, [
      known,
    ]);
    expect(result.summary).toContain('2 show the known deviation (410 for missing databases)');
    expect(result.failure).toContain('1 of 4 responses fail');
    expect(result.failure).toContain('status 418');
    expect(result.failure).not.toContain('status 410');
  });
});
