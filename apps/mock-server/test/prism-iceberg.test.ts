import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_APIS, specPath } from '../src/apis.js';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock iceberg` with Prism, started as users start it, checked over real HTTP. The
 * expectations record what Prism 5.14.2 does on specs/iceberg.yaml, including where it differs from
 * an Iceberg REST catalog (the README lists those gaps).
 */
let mock: CliProcess;
const auth = { Authorization: 'Bearer any-token-at-all' };
const json = { 'Content-Type': 'application/json' };

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { ...json, ...auth, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const violations = (response: Response) =>
  (JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ message: string }>).map((v) => v.message);

beforeAll(async () => {
  mock = await startCli(['mock', 'iceberg', '--port', '0', '--log-level', 'warn'], 70_000);
}, 80_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/config`)).toBe(false);
}, 30_000);

describe('dbwire mock iceberg (Prism)', () => {
  it('listens on 4012 by default, on specs/iceberg.yaml', () => {
    expect(MOCK_APIS.iceberg.port).toBe(4012);
    expect(specPath('iceberg')).toMatch(/specs[/\\]iceberg\.yaml$/);
  });

  it('answers loadTable with the spec’s example table, at /v1 and under a prefix', async () => {
    for (const path of ['/v1/namespaces/accounting%1Ftax/tables/paid', '/v1/analytics/namespaces/db/tables/t']) {
      const response = await fetch(`${mock.url}${path}`, { headers: auth });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { 'metadata-location': string; metadata: Record<string, unknown> };
      expect(body['metadata-location']).toMatch(/\.metadata\.json$/);
      expect(body.metadata).toMatchObject({
        'format-version': 2,
        'table-uuid': '9c12d441-03fe-4693-9a96-a0705ddf69c1',
      });
    }
  });

  it('needs a bearer token: 401 NotAuthorizedException without one, on GET and HEAD', async () => {
    const missing = await fetch(`${mock.url}/v1/config`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toMatchObject({ error: { type: 'NotAuthorizedException', code: 401 } });
    expect((await fetch(`${mock.url}/v1/namespaces/db`, { method: 'HEAD' })).status).toBe(401);
    expect((await fetch(`${mock.url}/v1/namespaces/db`, { method: 'HEAD', headers: auth })).status).toBe(204);
  });

  it('serves the configuration example, with the endpoints and the idempotency lifetime', async () => {
    const response = await fetch(`${mock.url}/v1/config?warehouse=analytics`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      overrides: { prefix: 'analytics' },
      endpoints: expect.arrayContaining(['POST /v1/{prefix}/transactions/commit']),
      'idempotency-key-lifetime': 'PT24H',
    });
  });

  it('validates requests (422 on mutations, which document it): required fields, minItems, the Idempotency-Key format', async () => {
    const noNamespace = await post('/v1/namespaces', {});
    expect(noNamespace.status).toBe(422);
    expect(violations(noNamespace)).toEqual(["Request body must have required property 'namespace'"]);

    const empty = await post('/v1/transactions/commit', { 'table-changes': [] });
    expect(empty.status).toBe(422);
    expect(violations(empty)).toEqual(['Request body property table-changes must NOT have fewer than 1 items']);

    const key = await post('/v1/namespaces', { namespace: ['a'] }, { 'Idempotency-Key': 'not-a-uuid' });
    expect(key.status).toBe(422);
    expect(violations(key)[0]).toMatch(/^Request header parameter idempotency-key must match pattern/);

    const unknownAction = await post('/v1/namespaces/db/tables/t', {
      requirements: [],
      updates: [{ action: 'set-owner', owner: 'x' }],
    });
    expect(unknownAction.status).toBe(422);
  });

  it('gives any documented response on demand: 409 CommitFailed, 500 CommitStateUnknown, 503 with Retry-After', async () => {
    const commit = { requirements: [], updates: [] };
    const failed = await post('/v1/namespaces/db/tables/t', commit, { Prefer: 'code=409' });
    expect(failed.status).toBe(409);
    expect(await failed.json()).toMatchObject({ error: { type: 'CommitFailedException' } });
    const unknown = await post('/v1/namespaces/db/tables/t', commit, { Prefer: 'code=502' });
    expect(unknown.status).toBe(502);
    expect(await unknown.json()).toMatchObject({ error: { type: 'CommitStateUnknownException', code: 502 } });
    const slow = await fetch(`${mock.url}/v1/namespaces`, { headers: { ...auth, Prefer: 'code=503' } });
    expect(slow.status).toBe(503);
    expect(slow.headers.get('retry-after')).toEqual(expect.any(String));
  });

  describe('where Prism differs from an Iceberg catalog (documented in the README)', () => {
    it('refuses snapshot ids beyond 2^53 in requests (422), which real clients send', async () => {
      // Raw text: a JavaScript number literal could not even hold the id.
      const response = await post(
        '/v1/namespaces/db/tables/t',
        '{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":9223372036854775807}],"updates":[]}',
      );
      expect(response.status).toBe(422);
      expect(violations(response)).toContain(
        'Request body property requirements.0.snapshot-id must be <= 9007199254740991',
      );
    });

    it('rounds the example’s 63-bit snapshot ids and flags its own answer', async () => {
      const response = await fetch(`${mock.url}/v1/namespaces/db/tables/t`, { headers: auth });
      const text = await response.text();
      // The spec's example says 3051729675574597004; Prism read it as a double.
      expect(text).toContain('"current-snapshot-id":3051729675574597000');
      expect(violations(response)).toContain(
        'Response body property metadata.current-snapshot-id must be <= 9007199254740991',
      );
    });

    it('sends the example ETag for every table and ignores If-None-Match (304 only with Prefer)', async () => {
      const first = await fetch(`${mock.url}/v1/namespaces/db/tables/t`, { headers: auth });
      expect(first.headers.get('etag')).toBe('"q3Jv0k9yZ1mE2uXcWbTa5g8h"');
      const again = await fetch(`${mock.url}/v1/namespaces/db/tables/t`, {
        headers: { ...auth, 'If-None-Match': first.headers.get('etag') ?? '' },
      });
      expect(again.status).toBe(200);
      const forced = await fetch(`${mock.url}/v1/namespaces/db/tables/t`, { headers: { ...auth, Prefer: 'code=304' } });
      expect(forced.status).toBe(304);
    });

    it('keeps no state: createTable answers the example table whatever was asked', async () => {
      const created = await post('/v1/namespaces/mine/tables', {
        name: 'orders',
        schema: { type: 'struct', fields: [{ id: 1, name: 'id', type: 'long', required: true }] },
      });
      expect(created.status).toBe(200);
      expect(((await created.json()) as { metadata: { location: string } }).metadata.location).toMatch(/\/paid$/);
    });

    it('answers refused mutations with the 422 example, and malformed JSON in its own shape', async () => {
      const missing = await post('/v1/namespaces', {});
      expect(await missing.json()).toMatchObject({
        error: { type: 'UnprocessableEntityException', message: 'Properties cannot be both set and removed: owner' },
      });
      const malformed = await post('/v1/namespaces', '{oops');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toEqual({ error: { code: 'invalid_json', message: 'Invalid JSON' } });
    });

    it('reads /v1/namespaces/namespaces as the prefix "namespaces" (400), not the namespace of that name', async () => {
      const response = await fetch(`${mock.url}/v1/namespaces/namespaces`, { headers: auth });
      expect(response.status).toBe(400);
      expect(violations(response)[0]).toMatch(/^Request path parameter prefix must match pattern/);
    });
  });
});
