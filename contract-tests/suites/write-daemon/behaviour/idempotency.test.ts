/**
 * Idempotency keys (commit, reverse, register_*, fork): the first execution answers
 * `X-Asset-Idempotency: miss`; the same key with the same request (path plus body without the key,
 * compared as canonical JSON) replays the stored 200 byte for byte with `hit` and appends nothing,
 * even once the namespace is read-only; the same key with another request is 409
 * IDEMPOTENCY_KEY_REUSED; after a failure the key is free again. Keys are scoped per namespace and
 * operation; requests without a key carry no header.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, stockedNamespace, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { describeReply, expectProblem, type Reply } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

function expectMarker(reply: Reply, marker: 'hit' | 'miss' | undefined): void {
  expect(reply.headers['x-asset-idempotency'], `X-Asset-Idempotency\n${describeReply(reply)}`).toBe(marker);
}

function key(stem: string): string {
  return `${stem}-${Math.random().toString(36).slice(2)}`;
}

describeNeeding({ capabilities: ['state-changes'] }, 'idempotency', () => {
  it('commit: a replay answers the stored 200 byte for byte with hit, and appends nothing', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const body = { operations: [ops.addFungible('gold', 'vault', 3)], idempotency_key: key('commit') };
    const first = await wd.api.ok('commit_endpoint', { path, body });
    expectMarker(first, 'miss');
    const head = await wd.status(ns.namespace_id);
    const replay = await wd.api.ok('commit_endpoint', { path, body });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
    expect(await wd.status(ns.namespace_id)).toEqual(head);
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 3);
  });

  it('the fingerprint is canonical: the same body with its members in another order is a replay', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const k = key('order');
    const first = await wd.api.ok('commit_endpoint', {
      path,
      body: { idempotency_key: k, metadata: { a: 1, b: 2 }, operations: [ops.addFungible('gold', 'vault', 1)] },
    });
    const reordered = JSON.stringify({
      operations: [
        {
          args: { quantity: '1', location: { container_id: 'vault', kind: 'balance' }, class_id: 'gold' },
          op: 'AddFungible',
        },
      ],
      metadata: { b: 2, a: 1 },
      idempotency_key: k,
    });
    const replay = await wd.api.ok('commit_endpoint', { path, body: { raw: reordered } });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 1);
  });

  it('the same key with a different request is 409 IDEMPOTENCY_KEY_REUSED, and appends nothing', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const k = key('reuse');
    await wd.api.ok('commit_endpoint', {
      path,
      body: { operations: [ops.addFungible('gold', 'vault', 1)], idempotency_key: k },
    });
    const head = await wd.status(ns.namespace_id);
    await wd.api.problem(
      'commit_endpoint',
      { path, body: { operations: [ops.addFungible('gold', 'vault', 2)], idempotency_key: k } },
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await wd.status(ns.namespace_id)).toEqual(head);
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 1);
  });

  it('a request that failed leaves the key free: fixing the operation and retrying with the same key applies it', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const k = key('retry');
    const failed = await wd.api.call('commit_endpoint', {
      path,
      body: { operations: [ops.removeFungible('gold', 'vault', 1)], idempotency_key: k },
    });
    expectProblem(failed, 422, 'COMMIT_VALIDATION_FAILED');
    const fixed = await wd.api.ok('commit_endpoint', {
      path,
      body: { operations: [ops.addFungible('gold', 'vault', 1)], idempotency_key: k },
    });
    expectMarker(fixed, 'miss');
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 1);
  });

  it('requests without a key carry no X-Asset-Idempotency header', async () => {
    const ns = await stockedNamespace(wd);
    const reply = await wd.api.ok('commit_endpoint', {
      path: { namespace_id: ns.namespace_id },
      body: { operations: [ops.balance('b')] },
    });
    expectMarker(reply, undefined);
  });

  it('a replay wins over writability: the retried commit gets its answer after the namespace became read-only', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const body = { operations: [ops.addFungible('gold', 'vault', 1)], idempotency_key: key('ro') };
    const first = await wd.api.ok('commit_endpoint', { path, body });
    await wd.operationalState(ns.namespace_id, { write_mode: 'read_only' });
    const replay = await wd.api.ok('commit_endpoint', { path, body });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
    // A new key is refused as usual.
    await wd.api.problem(
      'commit_endpoint',
      { path, body: { ...body, idempotency_key: key('ro2') } },
      409,
      'NAMESPACE_NOT_WRITABLE',
    );
  });

  it('keys are scoped per namespace: the same key in another namespace is a new request', async () => {
    const a = await stockedNamespace(wd);
    const b = await stockedNamespace(wd);
    const k = key('scope');
    const body = { operations: [ops.addFungible('gold', 'vault', 1)], idempotency_key: k };
    const inA = await wd.api.ok('commit_endpoint', { path: { namespace_id: a.namespace_id }, body });
    const inB = await wd.api.ok('commit_endpoint', { path: { namespace_id: b.namespace_id }, body });
    expectMarker(inB, 'miss');
    expect(inB.body.commit_id).not.toBe(inA.body.commit_id);
    await wd.expectBalance(b.namespace_id, 'gold', 'vault', 1);
  });

  it('keys are scoped per operation: the same key on register_class and on commit are two requests', async () => {
    const ns = await wd.provisioned();
    const path = { namespace_id: ns.namespace_id };
    const k = key('ops');
    const registered = await wd.api.ok('register_class_endpoint', {
      path,
      body: { class_id: 'gold', name: 'Gold', idempotency_key: k } as never,
    });
    expectMarker(registered, 'miss');
    const committed = await wd.api.ok('commit_endpoint', {
      path,
      body: { operations: [ops.balance('v')], idempotency_key: k },
    });
    expectMarker(committed, 'miss');
    expect(committed.body.world_seq_start).toBe(registered.body.world_seq_end + 1);
  });

  it('register_class: a replay is a hit, not a 409 CLASS_ALREADY_EXISTS', async () => {
    const ns = await wd.provisioned();
    const path = { namespace_id: ns.namespace_id };
    const body = { class_id: 'gold', name: 'Gold', idempotency_key: key('reg') } as never;
    const first = await wd.api.ok('register_class_endpoint', { path, body });
    const replay = await wd.api.ok('register_class_endpoint', { path, body });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
    expect((await wd.status(ns.namespace_id)).world_seq).toBe(1);
  });

  it('reverse: a replay is a hit, not a 409 COMMIT_ALREADY_REVERSED', async () => {
    const ns = await stockedNamespace(wd);
    const receipt = await wd.commit(ns.namespace_id, [ops.addFungible('gold', 'vault', 2)]);
    const path = { namespace_id: ns.namespace_id, commit_id: receipt.commit_id };
    const body = { reason: 'undo', idempotency_key: key('rev') };
    const first = await wd.api.ok('reverse_commit_endpoint', { path, body });
    expectMarker(first, 'miss');
    const replay = await wd.api.ok('reverse_commit_endpoint', { path, body });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 0);
  });

  it('fork: a replay is a hit, not a 409 NAMESPACE_ALREADY_EXISTS', async () => {
    const source = await stockedNamespace(wd);
    const target = wd.namespaceId();
    const body = {
      source_namespace_id: source.namespace_id,
      target_namespace_id: target,
      snapshot: { kind: 'latest' as const },
      label: 'fork',
      idempotency_key: key('fork'),
    };
    const first = await wd.api.ok('fork_namespace_from_snapshot_endpoint', { body });
    expectMarker(first, 'miss');
    const replay = await wd.api.ok('fork_namespace_from_snapshot_endpoint', { body });
    expectMarker(replay, 'hit');
    expect(replay.text).toBe(first.text);
  });

  it('the same key sent twice at once: one execution; the other answer is the replay or 409 IDEMPOTENCY_KEY_IN_PROGRESS', async () => {
    const ns = await stockedNamespace(wd);
    const path = { namespace_id: ns.namespace_id };
    const body = { operations: [ops.addFungible('gold', 'vault', 1)], idempotency_key: key('race') };
    const replies = await Promise.all([1, 2, 3].map(() => wd.api.call('commit_endpoint', { path, body })));
    const ok = replies.filter((reply) => reply.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.filter((reply) => reply.headers['x-asset-idempotency'] === 'miss')).toHaveLength(1);
    for (const reply of ok) expect(reply.text).toBe(ok[0]?.text);
    for (const reply of replies.filter((r) => r.status !== 200)) {
      const problem = expectProblem(reply, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(problem.retry_after_ms).toEqual(expect.any(Number));
    }
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 1);
  });
});
