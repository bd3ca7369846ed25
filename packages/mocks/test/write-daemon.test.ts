import {
  commitEndpoint,
  createNamespaceEndpoint,
  createWriteDaemonClient,
  getNamespaceEndpoint,
  isProblem,
  listAllNamespaces,
  namespaceLifecycleEndpoint,
  namespaceStatusEndpoint,
  updateNamespaceEndpoint,
  WriteDaemonError,
} from '@dbwire/sdk/write-daemon';
import { describe, expect, it } from 'vitest';
import { createWriteDaemonMock } from '../src/write-daemon/index.js';
import { rejection, serveMock } from './helpers.js';

const baseUrl = 'http://write-daemon.mock.test:8400';
const { mock, server } = serveMock((onError) => createWriteDaemonMock({ baseUrl, validateResponses: true, onError }));
const client = createWriteDaemonClient({ baseUrl, token: 'dev-token', maxRetries: 0 });

const create = (namespace_id: number, tenant_id = 7) =>
  createNamespaceEndpoint({ client, body: { namespace_id, label: `ns-${namespace_id}`, tenant_id } });

describe('createWriteDaemonMock through the SDK', () => {
  it('routes the static paths (changes, status) to their operations, not to /namespaces/{namespace_id}', async () => {
    const get = (path: string) =>
      fetch(`${baseUrl}/v1/write${path}`, { headers: { Authorization: 'Bearer dev-token' } });
    const changes = await get('/namespaces/changes?since_updated_at_ms=0');
    expect(changes.status).toBe(200);
    expect(await changes.json()).toMatchObject({ changes: [], watermark_ms: expect.any(Number) });
    const statuses = await get('/namespaces/status');
    expect(statuses.status).toBe(200);
    expect(await statuses.json()).toMatchObject({ statuses: [] });
  });

  it('creates a namespace, provisions it and shows it writable at world_seq 0', async () => {
    const { data: created } = await create(42);
    expect(created).toMatchObject({
      created: true,
      namespace: { namespace_id: 42, lifecycle: 'created', revision: 1 },
    });
    expect(created.namespace.owner_principal_id).toBe('dev');

    const before = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(before.data).toMatchObject({
      writable: false,
      not_writable_reasons: expect.arrayContaining([expect.any(String)]),
    });

    await namespaceLifecycleEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { target_state: 'provisioned', reason: 'ready' },
    });
    const { data: status } = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(status).toMatchObject({ lifecycle: 'provisioned', writable: true, world_seq: 0, revision: 2 });
  });

  it('commits to a provisioned namespace and shows the new world_seq in the status', async () => {
    await create(42);
    await namespaceLifecycleEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { target_state: 'provisioned', reason: 'ready' },
    });
    const { data: receipt } = await commitEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { operations: [{ op: 'CreateContainer', args: { external_id: 'vault-001', kind: { type: 'balance' } } }] },
    });
    expect(receipt).toMatchObject({ namespace: 42, world_seq_start: 1, world_seq_end: 1, event_count: 1 });
    expect(receipt.idempotency_key).toEqual(expect.any(String));

    const { data: status } = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(status).toMatchObject({ world_seq: 1, last_commit_id: receipt.commit_id, revision: 2 });
  });

  it('keeps state between calls and answers a repeated create with created: false', async () => {
    await create(1);
    const again = await create(1, 9);
    expect(again.data).toMatchObject({ created: false, namespace: { tenant_id: 7 } });
  });

  it('pages through namespaces with the SDK iterator', async () => {
    for (let id = 1; id <= 5; id++) await create(id, id % 2 === 0 ? 2 : 1);
    const ids: number[] = [];
    for await (const namespace of listAllNamespaces(client, { tenant_id: 1, limit: 2 }))
      ids.push(namespace.namespace_id);
    expect(ids).toEqual([1, 3, 5]);
  });

  it('answers with typed problems: 412 REVISION_MISMATCH, 404 NAMESPACE_NOT_FOUND, 401 UNAUTHORIZED', async () => {
    await create(42);
    const stale = await rejection(
      updateNamespaceEndpoint({ client, path: { namespace_id: 42 }, body: { label: 'x', expected_revision: 7 } }),
    );
    expect(isProblem(stale, 'REVISION_MISMATCH')).toBe(true);
    expect(stale).toMatchObject({ status: 412, problem: { expected_revision: 7, current_revision: 1 } });

    const missing = await rejection(getNamespaceEndpoint({ client, path: { namespace_id: 404 } }));
    expect(missing).toMatchObject({ status: 404, code: 'NAMESPACE_NOT_FOUND' });

    const stranger = createWriteDaemonClient({ baseUrl, token: 'not-a-token', maxRetries: 0 });
    const refused = await rejection(getNamespaceEndpoint({ client: stranger, path: { namespace_id: 42 } }));
    expect(refused).toBeInstanceOf(WriteDaemonError);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED', problem: { auth_reason: 'invalid_token' } });
  });

  it('forgets everything on reset', async () => {
    await create(42);
    await mock.reset();
    expect(await rejection(getNamespaceEndpoint({ client, path: { namespace_id: 42 } }))).toMatchObject({
      status: 404,
    });
  });

  it('answers unknown paths below the base URL as the daemon does', async () => {
    const response = await fetch(`${baseUrl}/v1/write/nothing-here`, {
      headers: { authorization: 'Bearer dev-token' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('createWriteDaemonMock with a quota', () => {
  it('answers 429 QUOTA_EXCEEDED once a tenant has used its burst', async () => {
    const limitedUrl = 'http://limited.mock.test:8400';
    const limited = createWriteDaemonMock({
      baseUrl: limitedUrl,
      reference: { quota: { requestsPerSecond: 1, burst: 1 } },
    });
    server.use(...limited.handlers);
    const call = () => fetch(`${limitedUrl}/v1/write/namespaces/5`, { headers: { Authorization: 'Bearer dev-token' } });
    expect((await call()).status).toBe(404);
    const over = await call();
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: true });
  });
});
