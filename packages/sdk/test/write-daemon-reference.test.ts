import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  changeFeed,
  commitEndpoint,
  createNamespaceEndpoint,
  createWriteDaemonClient,
  deleteNamespaceEndpoint,
  getNamespaceEndpoint,
  isProblem,
  listAllNamespaceStatuses,
  listAllNamespaces,
  listNamespacesEndpoint,
  type NamespaceChange,
  namespaceLifecycleEndpoint,
  namespaceStatusEndpoint,
  pollChanges,
  updateNamespaceEndpoint,
  WriteDaemonError,
} from '../src/write-daemon/index.js';
import { collect, rejection } from './helpers.js';

/**
 * The SDK against the reference write daemon (`dbwire serve` on the memory engine, every response
 * checked against the spec): real signed page tokens, real problems, a real rate limiter.
 */
let server: RunningServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer({ ports: { 'write-daemon': 0 }, validateResponses: true, logger: false });
  client = createWriteDaemonClient({ baseUrl: server.urls['write-daemon'], token: 'dev-token', maxRetries: 0 });
});
afterAll(async () => {
  await server?.close();
});

const create = (namespace_id: number, tenant_id: number) =>
  createNamespaceEndpoint({ client, body: { namespace_id, label: `ns-${namespace_id}`, tenant_id } });

describe('@dbwire/sdk/write-daemon against the reference daemon', () => {
  it('creates and provisions a namespace, and reads its status', async () => {
    const { data: created } = await create(42, 7);
    expect(created).toMatchObject({
      created: true,
      namespace: { namespace_id: 42, revision: 1, owner_principal_id: 'dev' },
    });

    await namespaceLifecycleEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { target_state: 'provisioned', reason: 'ready', expected_revision: 1 },
    });
    const { data: status } = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(status).toMatchObject({
      namespace_id: 42,
      lifecycle: 'provisioned',
      writable: true,
      world_seq: 0,
      revision: 2,
    });
  });

  it('commits with a generated key; the same key replays the receipt and appends nothing', async () => {
    const vault = { op: 'CreateContainer', args: { external_id: 'vault-001', kind: { type: 'balance' } } } as const;
    const first = await commitEndpoint({ client, path: { namespace_id: 42 }, body: { operations: [vault] } });
    expect(first.data).toMatchObject({ world_seq_start: 1, world_seq_end: 1 });
    expect(first.response.headers.get('x-asset-idempotency')).toBe('miss');

    const key = first.data.idempotency_key ?? '';
    const replay = await commitEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { operations: [vault], idempotency_key: key },
    });
    expect(replay.response.headers.get('x-asset-idempotency')).toBe('hit');
    expect(replay.data).toEqual(first.data);

    // A new call gets a new key: the same container again is a validation failure, not a replay.
    const again = await rejection(
      commitEndpoint({ client, path: { namespace_id: 42 }, body: { operations: [vault] } }),
    );
    expect(isProblem(again, 'COMMIT_VALIDATION_FAILED')).toBe(true);
    expect(again).toMatchObject({ problem: { op_index: 0, core_error: { code: 'CONTAINER_ALREADY_EXISTS' } } });
    const { data: status } = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(status.world_seq).toBe(1);
  });

  it('throws typed problems: REVISION_MISMATCH with both revisions, UNAUTHORIZED with its reason', async () => {
    await create(43, 7);
    const stale = await rejection(
      updateNamespaceEndpoint({ client, path: { namespace_id: 43 }, body: { label: 'renamed', expected_revision: 9 } }),
    );
    if (!isProblem(stale, 'REVISION_MISMATCH')) throw stale;
    expect(stale.status).toBe(412);
    expect(stale.problem).toMatchObject({ expected_revision: 9, current_revision: 1, retryable: false });
    expect(stale.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const stranger = createWriteDaemonClient({ baseUrl: server.urls['write-daemon'], token: 'wrong', maxRetries: 0 });
    const refused = await rejection(getNamespaceEndpoint({ client: stranger, path: { namespace_id: 43 } }));
    expect(refused).toBeInstanceOf(WriteDaemonError);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED', problem: { auth_reason: 'invalid_token' } });
  });

  it('iterates over every page of namespaces and statuses with the daemon’s signed tokens', async () => {
    for (let id = 100; id < 125; id++) await create(id, 100 + (id % 2));
    const even = await collect(listAllNamespaces(client, { tenant_id: 100, limit: 4 }));
    expect(even.map((n) => n.namespace_id)).toEqual(Array.from({ length: 13 }, (_, i) => 100 + 2 * i));

    const statuses = await collect(listAllNamespaceStatuses(client, { limit: 7 }));
    const ids = statuses.map((s) => s.namespace_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(expect.arrayContaining([42, 43, 100, 124]));
  });

  it('reads the change feed in one pass, then polls from its watermark, each revision once', async () => {
    const since = Date.now();
    await create(200, 300);
    await create(201, 300);
    const pages = await collect(
      changeFeed(client, { since_updated_at_ms: since, tenant_id: 300, limit: 1, include_deleted: true }),
    );
    expect(pages.flatMap((p) => p.changes.map((c) => [c.namespace_id, c.change_kind]))).toEqual([
      [200, 'created'],
      [201, 'created'],
    ]);
    const watermark = pages.at(-1)?.watermark_ms ?? 0;
    expect(watermark).toBeGreaterThanOrEqual(since);

    const controller = new AbortController();
    const seen: NamespaceChange[] = [];
    for await (const change of pollChanges(
      client,
      { since_updated_at_ms: watermark, tenant_id: 300, include_deleted: true },
      { intervalMs: 20, signal: controller.signal },
    )) {
      seen.push(change);
      // After the records at the watermark come again once, a deletion arrives as its own change.
      if (seen.length === 1) await deleteNamespaceEndpoint({ client, path: { namespace_id: 201 } });
      if (change.change_kind === 'deleted') controller.abort();
    }
    const kinds = seen.map((c) => `${c.namespace_id}@${c.revision}:${c.change_kind}`);
    expect(kinds.at(-1)).toBe('201@2:deleted');
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('waits the problem’s retry_after_ms on a 429 and succeeds', async () => {
    const limited = await startReferenceServer({
      ports: { 'write-daemon': 0 },
      logger: false,
      writeDaemon: { quota: { requestsPerSecond: 20, burst: 1 } },
    });
    try {
      const statuses: number[] = [];
      const retrying = createWriteDaemonClient({
        baseUrl: limited.urls['write-daemon'],
        token: 'dev-token',
        maxRetries: 2,
        fetch: async (request) => {
          const response = await fetch(request);
          statuses.push(response.status);
          return response;
        },
      });
      await listNamespacesEndpoint({ client: retrying }); // takes the one request the bucket holds
      const started = Date.now();
      const { data } = await listNamespacesEndpoint({ client: retrying });

      expect(data.namespaces).toEqual([]);
      expect(statuses).toEqual([200, 429, 200]);
      // The 429's Retry-After says 1 s (whole seconds); its retry_after_ms about 50 ms.
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      await limited.close();
    }
  });
});
