import { MemoryEngine } from '@dbwire/storage';
import { describe, expect, it } from 'vitest';
import { type Client, createNamespace, startDaemon } from './client.js';
import { balance, commit, op, slot } from './fixtures.js';

const NS = '/v1/write/namespaces';

async function withGold(options: Parameters<typeof startDaemon>[0] = {}) {
  const daemon = await startDaemon(options);
  await createNamespace(daemon.client, 42);
  await commit(daemon.client, 42, [op.registerClass('gold'), op.createBalance('vault'), op.createBalance('bank')]);
  return daemon;
}

const holdings = async (client: Client, ns = 42) =>
  (
    await client.post(`${NS}/${ns}/commit/preflight`, {
      operations: [op.removeFungible('gold', balance('vault'), '1000000')],
    })
  ).body.op_results[0].error.message as string;

describe('write daemon: idempotency', () => {
  it('replays a keyed commit byte for byte with X-Asset-Idempotency: hit, even once the namespace is read-only', async () => {
    const { client, storage } = await withGold();
    const body = { operations: [op.addFungible('gold', balance('vault'), '5')], idempotency_key: 'k-1' };
    const first = await client.post(`${NS}/42/commit`, body);
    expect(first.headers['x-asset-idempotency']).toBe('miss');
    expect(first.body.idempotency_key).toBe('k-1');
    await client.post(`${NS}/42/operational_state`, { write_mode: 'read_only', reason: 'x' });
    // Key order in the body does not change the fingerprint.
    const again = await client.post(`${NS}/42/commit`, { idempotency_key: 'k-1', operations: body.operations });
    expect(again.status).toBe(200);
    expect(again.headers['x-asset-idempotency']).toBe('hit');
    expect(again.text).toBe(first.text);
    expect((await client.get(`${NS}/42/status`)).body.world_seq).toBe(4);

    // And after a restart: a new reference over the same storage.
    const { client: restarted } = await startDaemon({ storage });
    const third = await restarted.post(`${NS}/42/commit`, body);
    expect(third.text).toBe(first.text);
    expect(third.headers['x-asset-idempotency']).toBe('hit');
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for another request, per namespace and operation', async () => {
    const { client } = await withGold();
    await client.post(`${NS}/42/commit`, {
      operations: [op.addFungible('gold', balance('vault'), '5')],
      idempotency_key: 'k',
    });
    const reused = await client.post(`${NS}/42/commit`, {
      operations: [op.addFungible('gold', balance('vault'), '6')],
      idempotency_key: 'k',
    });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    // The same key on another operation (a registration) is another scope.
    const registered = await client.post(`${NS}/42/register_class`, {
      class_id: 'iron',
      name: 'Iron',
      idempotency_key: 'k',
    });
    expect(registered.headers['x-asset-idempotency']).toBe('miss');
  });

  it('stores only 200s: after a 422 the same key may be used for the fixed request', async () => {
    const { client } = await withGold();
    const failed = await client.post(`${NS}/42/commit`, {
      operations: [op.removeFungible('gold', balance('vault'), '1')],
      idempotency_key: 'fix-me',
    });
    expect(failed.status).toBe(422);
    const fixed = await client.post(`${NS}/42/commit`, {
      operations: [op.addFungible('gold', balance('vault'), '1')],
      idempotency_key: 'fix-me',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.headers['x-asset-idempotency']).toBe('miss');
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request with the key runs', async () => {
    const { client, storage } = await withGold();
    // Hold the first commit inside its storage transaction until the second has been answered.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transact = storage.transact.bind(storage);
    storage.transact = (work) =>
      transact(async (tx) => {
        const result = await work(tx);
        await gate;
        return result;
      });
    const body = { operations: [op.addFungible('gold', balance('vault'), '5')], idempotency_key: 'slow' };
    const first = client.post(`${NS}/42/commit`, body);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await client.post(`${NS}/42/commit`, body);
    release();
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
      retryable: true,
      retry_after_ms: expect.any(Number),
    });
    expect((await first).status).toBe(200);
    storage.transact = transact;
    expect((await client.post(`${NS}/42/commit`, body)).headers['x-asset-idempotency']).toBe('hit');
  });

  it('forgets keys after the retention period', async () => {
    let now = 1_000_000;
    const { client } = await withGold({ idempotencyRetentionMs: 1000, now: () => now });
    const body = { operations: [op.addFungible('gold', balance('vault'), '5')], idempotency_key: 'old' };
    const first = await client.post(`${NS}/42/commit`, body);
    now += 1000;
    const later = await client.post(`${NS}/42/commit`, body);
    expect(later.headers['x-asset-idempotency']).toBe('miss');
    expect(later.body.commit_id).not.toBe(first.body.commit_id);
  });
});

describe('write daemon: reverse', () => {
  it('appends a compensating commit that restores what the commit changed; it can be reversed in turn', async () => {
    const { client } = await withGold();
    const restock = await commit(client, 42, [
      op.addFungible('gold', balance('vault'), '150'),
      op.createContainer('s', { type: 'slots', count: 1 }),
    ]);
    const reversed = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, {
      reason: 'wrong vault',
      idempotency_key: 'rev-1',
    });
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({
      reversed_commit_id: restock.body.commit_id,
      world_seq_start: 6,
      world_seq_end: 7,
      event_count: 2,
      idempotency_key: 'rev-1',
    });
    expect(await holdings(client)).toMatch(/^vault holds 0 gold/);
    expect((await commit(client, 42, [op.removeContainer('s')])).body.core_error.code).toBe('CONTAINER_NOT_FOUND');

    const again = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COMMIT_ALREADY_REVERSED');
    const replay = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, {
      reason: 'wrong vault',
      idempotency_key: 'rev-1',
    });
    expect(replay.text).toBe(reversed.text);

    const redo = await client.post(`${NS}/42/commits/${reversed.body.commit_id}/reverse`, { reason: 'it was right' });
    expect(redo.status).toBe(200);
    expect(await holdings(client)).toMatch(/^vault holds 150 gold/);
  });

  it('answers 409 REVERSE_PRECONDITION_FAILED when a touched entity changed since, and changes nothing', async () => {
    const { client } = await withGold();
    const restock = await commit(client, 42, [op.addFungible('gold', balance('vault'), '150')]);
    await commit(client, 42, [op.removeFungible('gold', balance('vault'), '1')]);
    const refused = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'REVERSE_PRECONDITION_FAILED' });
    expect(refused.body.detail).toContain('vault');
    expect(await holdings(client)).toMatch(/^vault holds 149 gold/);
    // An unrelated change does not block it.
    const other = await commit(client, 42, [op.addFungible('gold', balance('bank'), '1')]);
    await commit(client, 42, [op.createContainer('s', { type: 'slots', count: 1 })]);
    expect((await client.post(`${NS}/42/commits/${other.body.commit_id}/reverse`, { reason: 'x' })).status).toBe(200);
  });

  it('answers 404 for an unknown commit (or one of another namespace), 410 past retention, 409 when not writable', async () => {
    let now = 5_000_000;
    const { client } = await withGold({ undoRetentionMs: 60_000, now: () => now });
    await createNamespace(client, 43);
    const restock = await commit(client, 42, [op.addFungible('gold', balance('vault'), '1')]);
    const unknown = await client.post(`${NS}/42/commits/${'0'.repeat(32)}/reverse`, { reason: 'x' });
    expect(unknown.body).toMatchObject({ status: 404, code: 'COMMIT_NOT_FOUND' });
    expect((await client.post(`${NS}/43/commits/${restock.body.commit_id}/reverse`, { reason: 'x' })).body.code).toBe(
      'COMMIT_NOT_FOUND',
    );
    expect((await client.post(`${NS}/42/commits/XYZ/reverse`, { reason: 'x' })).body.code).toBe('INVALID_REQUEST');
    expect((await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, {})).body.code).toBe(
      'INVALID_REQUEST',
    );

    await client.post(`${NS}/42/operational_state`, { draining: true, reason: 'move' });
    const draining = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, { reason: 'x' });
    expect(draining.body).toMatchObject({
      status: 409,
      code: 'NAMESPACE_NOT_WRITABLE',
      not_writable_reasons: ['draining'],
    });

    now += 60_000;
    const gone = await client.post(`${NS}/42/commits/${restock.body.commit_id}/reverse`, { reason: 'x' });
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('REVERSE_NO_LONGER_AVAILABLE');
  });
});

describe('write daemon: fork_from_snapshot', () => {
  const fork = (client: Client, body: Record<string, unknown>) =>
    client.post(`${NS}/fork_from_snapshot`, { source_namespace_id: 42, label: 'what-if', ...body });

  it('creates a provisioned namespace with the state as of a commit boundary, and lineage', async () => {
    const { client } = await withGold({ now: () => 7_000 });
    const second = await commit(client, 42, [op.addFungible('gold', balance('vault'), '10')]);
    await commit(client, 42, [
      op.addFungible('gold', balance('vault'), '5'),
      op.createContainer('s', { type: 'slots', count: 1 }),
    ]);
    const forked = await fork(client, {
      target_namespace_id: 4201,
      snapshot: { kind: 'world_seq', world_seq: 4 },
      policy_class: 'scratch',
      idempotency_key: 'fork-1',
    });
    expect(forked.status).toBe(200);
    expect(forked.headers['x-asset-idempotency']).toBe('miss');
    expect(forked.body).toMatchObject({
      created: true,
      world_seq: 4,
      namespace: {
        namespace_id: 4201,
        label: 'what-if',
        tenant_id: 7,
        lifecycle: 'provisioned',
        revision: 1,
        lineage: {
          parent_namespace_id: 42,
          parent_world_seq: 4,
          parent_commit_id: second.body.commit_id,
          forked_at_ms: 7_000,
        },
      },
    });
    expect(await holdings(client, 4201)).toMatch(/^vault holds 10 gold/);
    expect(await holdings(client, 42)).toMatch(/^vault holds 15 gold/);
    expect((await client.get(`${NS}/4201/status`)).body).toMatchObject({ world_seq: 4, last_commit_id: null });
    // Its log continues from the fork point; the source's commits are not in it.
    expect((await commit(client, 4201, [op.createBalance('new')])).body.world_seq_start).toBe(5);
    expect((await client.post(`${NS}/4201/commits/${second.body.commit_id}/reverse`, { reason: 'x' })).status).toBe(
      404,
    );
    // The replay, and a source with a live fork cannot be deleted.
    const replay = await fork(client, {
      target_namespace_id: 4201,
      snapshot: { kind: 'world_seq', world_seq: 4 },
      policy_class: 'scratch',
      idempotency_key: 'fork-1',
    });
    expect(replay.text).toBe(forked.text);
    expect(replay.headers['x-asset-idempotency']).toBe('hit');
    await client.post(`${NS}/42/lifecycle`, { target_state: 'disabled', reason: 'x' });
    const blocked = await client.delete(`${NS}/42`);
    expect(blocked.status).toBe(412);
    expect(blocked.body).toMatchObject({
      code: 'NAMESPACE_HAS_ATTACHMENTS',
      attachments: { container_count: 3, child_namespace_ids: [4201] },
    });
  });

  it('forks the empty state at 0 and the head with latest', async () => {
    const { client } = await withGold();
    const empty = await fork(client, { target_namespace_id: 50, snapshot: { kind: 'world_seq', world_seq: 0 } });
    expect(empty.body.namespace.lineage.parent_commit_id).toBeNull();
    expect((await commit(client, 50, [op.createBalance('vault')])).status).toBe(200);
    const latest = await fork(client, { target_namespace_id: 51, snapshot: { kind: 'latest' } });
    expect(latest.body.world_seq).toBe(3);
    expect((await commit(client, 51, [op.createBalance('vault')])).body.core_error.code).toBe(
      'CONTAINER_ALREADY_EXISTS',
    );
  });

  it('answers 404 for a missing source, 409 for a taken target, 422 for a bad selector', async () => {
    const { client } = await withGold();
    expect(
      (await fork(client, { source_namespace_id: 9, target_namespace_id: 60, snapshot: { kind: 'latest' } })).status,
    ).toBe(404);
    const taken = await fork(client, { target_namespace_id: 42, snapshot: { kind: 'latest' } });
    expect(taken.body).toMatchObject({ status: 409, code: 'NAMESPACE_ALREADY_EXISTS' });
    const beyond = await fork(client, { target_namespace_id: 60, snapshot: { kind: 'world_seq', world_seq: 4 } });
    expect(beyond.body).toMatchObject({
      status: 422,
      code: 'SNAPSHOT_VALIDATION_FAILED',
      snapshot_error: 'beyond_head',
    });
    const between = await fork(client, { target_namespace_id: 60, snapshot: { kind: 'world_seq', world_seq: 2 } });
    expect(between.body.snapshot_error).toBe('not_commit_boundary');
    await client.post(NS, { namespace_id: 61, label: 'x', tenant_id: 1 });
    await client.delete(`${NS}/61`);
    const deleted = await fork(client, {
      source_namespace_id: 61,
      target_namespace_id: 62,
      snapshot: { kind: 'latest' },
    });
    expect(deleted.body.snapshot_error).toBe('source_deleted');
    expect((await fork(client, { target_namespace_id: 60, snapshot: { kind: 'world_seq' } })).body.code).toBe(
      'INVALID_REQUEST',
    );
    expect((await client.get(`${NS}/60`)).status).toBe(404);
  });
});

describe('write daemon: several servers on one storage engine', () => {
  it('gives concurrent commits to one namespace gap-free, unique world_seq ranges, each in the log once', async () => {
    const storage = new MemoryEngine();
    const [a, b, c] = await Promise.all([startDaemon({ storage }), startDaemon({ storage }), startDaemon({ storage })]);
    const clients = [a.client, b.client, c.client];
    await createNamespace(a.client, 42);
    await commit(a.client, 42, [op.registerClass('gold'), op.createBalance('vault')]);
    const receipts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        commit(clients[i % clients.length] as Client, 42, [
          op.addFungible('gold', balance('vault'), '1'),
          ...(i % 2 === 0 ? [op.addFungible('gold', balance('vault'), '1')] : []),
        ]),
      ),
    );
    expect(receipts.map((receipt) => receipt.status)).toEqual(receipts.map(() => 200));
    const ranges = receipts.map(
      (receipt) => [receipt.body.world_seq_start, receipt.body.world_seq_end] as [number, number],
    );
    ranges.sort((x, y) => x[0] - y[0]);
    let next = 3;
    for (const [start, end] of ranges) {
      expect(start).toBe(next);
      next = end + 1;
    }
    expect((await a.client.get(`${NS}/42/status`)).body.world_seq).toBe(next - 1);
    expect(await holdings(a.client)).toMatch(/^vault holds 45 gold/);
    // Every acknowledged commit is in the log exactly once (reversible by id from any server).
    const ids = new Set(receipts.map((receipt) => receipt.body.commit_id));
    expect(ids.size).toBe(30);
    const log = await storage.transact((tx) => tx.scan({ prefix: 'write-daemon/ns/0000000000000042/log/' }));
    expect(log.length).toBe(31);
  });
});

describe('write daemon: slots example', () => {
  it('keeps instances and stacks apart in slots', async () => {
    const { client } = await withGold();
    await commit(client, 42, [
      op.createContainer('s', { type: 'slots', count: 2 }),
      op.addFungible('gold', slot('s', 0), '3'),
    ]);
    const occupied = await commit(client, 42, [op.registerClass('robot'), op.addInstance('robot', slot('s', 0))]);
    expect(occupied.body.core_error.code).toBe('LOCATION_OCCUPIED');
  });
});
