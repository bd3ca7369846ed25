/**
 * Fork from snapshot: a new namespace holding the source's state as of a commit boundary, starting
 * provisioned, read_write, revision 1, with lineage; its log starts empty and its world_seq
 * continues from the fork point. 409 when the target id is taken (also by a deleted namespace),
 * 422 SNAPSHOT_VALIDATION_FAILED for a selector that names no usable snapshot, 404 for a missing
 * source.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, stockedNamespace, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import type { RequestBody } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

type ForkBody = RequestBody<'fork_namespace_from_snapshot_endpoint'>;

function forkBody(
  source: number,
  target: number,
  snapshot: ForkBody['snapshot'],
  extra: Partial<ForkBody> = {},
): ForkBody {
  return { source_namespace_id: source, target_namespace_id: target, snapshot, label: 'conformance-fork', ...extra };
}

/** A source with two commits: c1 (world_seq 1..3: gold, vault, 5 gold) and c2 (4..5: 2 more gold, container late). */
async function source() {
  const ns = await wd.provisioned({
    labels: { team: 'qa' },
    policy_class: 'project',
    placement: { region: 'eu-1' } as never,
  });
  const id = ns.namespace_id;
  const c1 = await wd.commit(id, [
    ops.registerClass('gold'),
    ops.balance('vault'),
    ops.addFungible('gold', 'vault', 5),
  ]);
  const c2 = await wd.commit(id, [ops.addFungible('gold', 'vault', 2), ops.balance('late')]);
  return { ns: await wd.get(id), c1, c2 };
}

describeNeeding({ capabilities: ['state-changes'] }, 'fork', () => {
  it('holds the state as of the selected world_seq, with lineage; unset metadata comes from the source', async () => {
    const { ns, c1 } = await source();
    const target = wd.namespaceId();
    const { body } = await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
      body: forkBody(
        ns.namespace_id,
        target,
        { kind: 'world_seq', world_seq: c1.world_seq_end },
        { reason: 'what-if' },
      ),
    });
    expect(body.created).toBe(true);
    expect(body.world_seq).toBe(3);
    expect(body.namespace).toMatchObject({
      namespace_id: target,
      label: 'conformance-fork',
      tenant_id: ns.tenant_id,
      policy_class: 'project',
      labels: { team: 'qa' },
      placement: ns.placement,
      lifecycle: 'provisioned',
      operational_state: { write_mode: 'read_write', draining: false, frozen: false },
      revision: 1,
      deleted_at_ms: null,
      lineage: {
        parent_namespace_id: ns.namespace_id,
        parent_world_seq: 3,
        parent_commit_id: c1.commit_id,
        forked_at_ms: expect.any(Number),
      },
    });
    expect(await wd.get(target)).toEqual(body.namespace);
    expect(await wd.status(target)).toMatchObject({ world_seq: 3, last_commit_id: null, writable: true });
    // State as of world_seq 3: 5 gold (not 7), and `late` does not exist yet.
    await wd.expectBalance(target, 'gold', 'vault', 5);
    expect((await wd.preflight(target, [ops.balance('late')])).valid).toBe(true);
    // The source is untouched.
    await wd.expectBalance(ns.namespace_id, 'gold', 'vault', 7);
    // The fork's own log continues from the fork point.
    const next = await wd.commit(target, [ops.addFungible('gold', 'vault', 1)]);
    expect(next.world_seq_start).toBe(4);
  });

  it("the given metadata wins over the source's", async () => {
    const { ns } = await source();
    const target = wd.namespaceId();
    const tenant = wd.tenantId();
    const { body } = await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
      body: forkBody(
        ns.namespace_id,
        target,
        { kind: 'latest' },
        { tenant_id: tenant, policy_class: 'scratch', labels: { x: 'y' }, owner_principal_id: 'user:fork' },
      ),
    });
    expect(body.namespace).toMatchObject({
      tenant_id: tenant,
      policy_class: 'scratch',
      labels: { x: 'y' },
      owner_principal_id: 'user:fork',
    });
  });

  it('latest forks at the head; world_seq 0 forks the empty state with parent_commit_id null', async () => {
    const { ns, c2 } = await source();
    const latest = wd.namespaceId();
    const atHead = (
      await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
        body: forkBody(ns.namespace_id, latest, { kind: 'latest' }),
      })
    ).body;
    expect(atHead.world_seq).toBe(c2.world_seq_end);
    expect(atHead.namespace.lineage).toMatchObject({
      parent_world_seq: c2.world_seq_end,
      parent_commit_id: c2.commit_id,
    });
    await wd.expectBalance(latest, 'gold', 'vault', 7);

    const empty = wd.namespaceId();
    const atZero = (
      await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
        body: forkBody(ns.namespace_id, empty, { kind: 'world_seq', world_seq: 0 }),
      })
    ).body;
    expect(atZero.world_seq).toBe(0);
    expect(atZero.namespace.lineage).toMatchObject({ parent_world_seq: 0, parent_commit_id: null });
    // Nothing exists yet: not even the class.
    const probe = await wd.preflight(empty, [ops.balance('vault'), ops.addFungible('gold', 'vault', 1)]);
    expect(probe.op_results.map((result) => result.error?.code ?? result.outcome)).toEqual(['ok', 'CLASS_NOT_FOUND']);
  });

  it("the source's commits stay in the source's log: reversing one in the fork is 404 COMMIT_NOT_FOUND", async () => {
    const { ns, c1 } = await source();
    const target = wd.namespaceId();
    await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
      body: forkBody(ns.namespace_id, target, { kind: 'latest' }),
    });
    await wd.api.problem(
      'reverse_commit_endpoint',
      { path: { namespace_id: target, commit_id: c1.commit_id }, body: { reason: 'r' } },
      404,
      'COMMIT_NOT_FOUND',
    );
  });

  it('forks a disabled source', async () => {
    const { ns } = await source();
    await wd.lifecycle(ns.namespace_id, 'disabled');
    const target = wd.namespaceId();
    const { body } = await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
      body: forkBody(ns.namespace_id, target, { kind: 'latest' }),
    });
    expect(body.namespace.lifecycle).toBe('provisioned');
  });

  it('409 NAMESPACE_ALREADY_EXISTS when the target id is taken, also by a deleted namespace; nothing changes', async () => {
    const { ns } = await source();
    const taken = await wd.namespace();
    const deleted = await wd.namespace({ lifecycle: 'deleted' });
    for (const existing of [taken, deleted, ns]) {
      await wd.api.problem(
        'fork_namespace_from_snapshot_endpoint',
        { body: forkBody(ns.namespace_id, existing.namespace_id, { kind: 'latest' }) },
        409,
        'NAMESPACE_ALREADY_EXISTS',
      );
      expect(await wd.get(existing.namespace_id)).toEqual(existing);
    }
  });

  it.each([
    ['beyond_head', 'past the head', 99],
    ['not_commit_boundary', 'between two events of a commit', 2],
  ] as const)(
    '422 SNAPSHOT_VALIDATION_FAILED %s for a world_seq %s; nothing is created',
    async (error, _label, worldSeq) => {
      const { ns } = await source();
      const target = wd.namespaceId();
      const problem = await wd.api.problem(
        'fork_namespace_from_snapshot_endpoint',
        { body: forkBody(ns.namespace_id, target, { kind: 'world_seq', world_seq: worldSeq }) },
        422,
        'SNAPSHOT_VALIDATION_FAILED',
      );
      expect(problem.body.snapshot_error).toBe(error);
      await wd.api.problem('get_namespace_endpoint', { path: { namespace_id: target } }, 404, 'NAMESPACE_NOT_FOUND');
    },
  );

  it('422 SNAPSHOT_VALIDATION_FAILED source_deleted for a deleted source', async () => {
    const deleted = await wd.namespace({ lifecycle: 'deleted' });
    const problem = await wd.api.problem(
      'fork_namespace_from_snapshot_endpoint',
      { body: forkBody(deleted.namespace_id, wd.namespaceId(), { kind: 'latest' }) },
      422,
      'SNAPSHOT_VALIDATION_FAILED',
    );
    expect(problem.body.snapshot_error).toBe('source_deleted');
  });

  it('404 NAMESPACE_NOT_FOUND for a source nobody created; 400 for a selector of an unknown kind', async () => {
    await wd.api.problem(
      'fork_namespace_from_snapshot_endpoint',
      { body: forkBody(wd.namespaceId(), wd.namespaceId(), { kind: 'latest' }) },
      404,
      'NAMESPACE_NOT_FOUND',
    );
    const ns = await stockedNamespace(wd);
    await wd.api.problem(
      'fork_namespace_from_snapshot_endpoint',
      { body: forkBody(ns.namespace_id, wd.namespaceId(), { kind: 'snapshot_id', id: 'x' } as never) },
      400,
      'INVALID_REQUEST',
    );
  });
});
