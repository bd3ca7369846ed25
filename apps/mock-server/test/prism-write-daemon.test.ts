import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock write-daemon` with Prism, started as users start it, checked over real HTTP. The
 * expectations record what Prism 5.14.2 does on specs/write-daemon.yaml, including where it differs
 * from a write daemon (the README lists those gaps).
 */
let mock: CliProcess;
const auth = { Authorization: 'Bearer any-token-at-all' };
const json = { 'Content-Type': 'application/json' };

/** The commit request example of the spec. */
const COMMIT = {
  actor_id: 'service:stocker',
  idempotency_key: 'restock-2026-01-01-0001',
  metadata: { ticket: 'OPS-118' },
  origin: { client: 'stocker', source: 'nightly-restock' },
  operations: [
    { op: 'CreateContainer', args: { external_id: 'vault-001', kind: { type: 'balance', quantization_inv: 1000 } } },
    {
      op: 'AddFungible',
      args: { class_id: 'gold', key: null, location: { kind: 'balance', container_id: 'vault-001' }, quantity: '150' },
    },
    {
      op: 'AddInstance',
      args: {
        class_id: 'robot',
        location: { kind: 'grid_cell', container_id: 'belt-01', position: 3, rotation: 'none' },
      },
    },
  ],
};

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${mock.url}/v1/write${path}`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const violations = (response: Response) =>
  (JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ message: string }>).map((v) => v.message);

beforeAll(async () => {
  mock = await startCli(['mock', 'write-daemon', '--port', '0', '--log-level', 'warn'], 70_000);
}, 80_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/write/livez`)).toBe(false);
}, 30_000);

describe('dbwire mock write-daemon (Prism)', () => {
  it('accepts the spec’s commit example and answers with a commit receipt', async () => {
    const response = await post('/namespaces/42/commit', COMMIT);
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    const receipt = (await response.json()) as Record<string, unknown>;
    expect(receipt).toMatchObject({ namespace: 42, outcome: 'Committed', idempotency_key: COMMIT.idempotency_key });
    expect(receipt.world_seq_end as number).toBeGreaterThanOrEqual(receipt.world_seq_start as number);
  });

  it('serves the probes without a token and needs a bearer token elsewhere (401 problem)', async () => {
    const health = await fetch(`${mock.url}/v1/write/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy' });

    const missing = await fetch(`${mock.url}/v1/write/namespaces`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
  });

  it('validates parameters against the spec: limit 1..200, namespace ids 1..2^53-1, the change feed’s since', async () => {
    const limit = await fetch(`${mock.url}/v1/write/namespaces?limit=500`, { headers: auth });
    expect(limit.status).toBe(400);
    expect(violations(limit)).toEqual(['Request query parameter limit must be <= 200']);

    const id = await fetch(`${mock.url}/v1/write/namespaces/9007199254740992`, { headers: auth });
    expect(id.status).toBe(400);
    expect(violations(id)).toEqual(['Request path parameter namespace_id must be <= 9007199254740991']);

    const since = await fetch(`${mock.url}/v1/write/namespaces/changes`, { headers: auth });
    expect(since.status).toBe(400);
    expect(violations(since)).toEqual(["Request query must have required property 'since_updated_at_ms'"]);
  });

  it('gives any documented problem on demand: Prefer: code=412', async () => {
    const response = await fetch(`${mock.url}/v1/write/namespaces/42`, {
      method: 'PATCH',
      headers: { ...json, ...auth, Prefer: 'code=412' },
      body: JSON.stringify({ label: 'renamed', expected_revision: 2 }),
    });
    expect(response.status).toBe(412);
    expect(await response.json()).toMatchObject({ code: 'REVISION_MISMATCH', current_revision: 3 });
  });

  describe('where Prism differs from a write daemon (documented in the README)', () => {
    it('answers an invalid commit body 422 COMMIT_VALIDATION_FAILED, not 400 INVALID_REQUEST', async () => {
      const response = await post('/namespaces/42/commit', { operations: [], bogus: 1 });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ code: 'COMMIT_VALIDATION_FAILED' });
      expect(violations(response)).toEqual([
        "Request body must NOT have additional properties; found 'bogus'",
        'Request body property operations must NOT have fewer than 1 items',
      ]);
    });

    it('answers malformed JSON in its own error shape, not a problem', async () => {
      const response = await post('/namespaces/42/commit', '{oops');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_json', message: 'Invalid JSON' } });
    });

    it('keeps no state and no idempotency: every commit answers the same example, marked as a replay', async () => {
      const first = await post('/namespaces/7/commit', { ...COMMIT, idempotency_key: 'a' });
      const second = await post('/namespaces/7/commit', { ...COMMIT, idempotency_key: 'b' });
      expect(first.headers.get('x-asset-idempotency')).toBe('hit');
      expect(await first.json()).toEqual(await second.json());

      const created = await post('/namespaces', { namespace_id: 5, label: 'scratch', tenant_id: 1 });
      expect(((await created.json()) as { namespace: { namespace_id: number } }).namespace.namespace_id).toBe(42);
    });

    it('accepts any page token and any bearer token', async () => {
      const response = await fetch(`${mock.url}/v1/write/namespaces?page_token=forged`, { headers: auth });
      expect(response.status).toBe(200);
    });
  });
});
