/**
 * Metadata changes and their 412s: `expected_revision` (REVISION_MISMATCH with expected and
 * current), attachments (NAMESPACE_HAS_ATTACHMENTS: containers, live forks), frozen
 * (NAMESPACE_FROZEN: everything but operational state and disabling) and deleted
 * (NAMESPACE_DELETED). Operational state and placement add exactly 1 to the revision.
 */
import { describe, expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import type { Namespace, OperationId } from '../../../src/write-daemon/http.js';

/** Options of one of several operations (checked by the server, not by the compiler, here). */
type LooseOptions = { path: { namespace_id: number }; body?: object; query?: Record<string, number | undefined> };

const wd = useWriteDaemon();

/** The five metadata changes, each as a request on `ns` that would change it, with `expected_revision`. */
const CHANGES: Array<{
  name: string;
  request(ns: Namespace, expected?: number): [OperationId, LooseOptions];
}> = [
  {
    name: 'PATCH',
    request: (ns, expected) => [
      'update_namespace_endpoint',
      {
        path: { namespace_id: ns.namespace_id },
        body: { label: `${ns.label}-x`, ...(expected ? { expected_revision: expected } : {}) },
      },
    ],
  },
  {
    name: 'lifecycle',
    request: (ns, expected) => [
      'namespace_lifecycle_endpoint',
      {
        path: { namespace_id: ns.namespace_id },
        body: { target_state: 'provisioned', reason: 'r', ...(expected ? { expected_revision: expected } : {}) },
      },
    ],
  },
  {
    name: 'operational state',
    request: (ns, expected) => [
      'namespace_operational_state_endpoint',
      {
        path: { namespace_id: ns.namespace_id },
        body: { write_mode: 'read_only', reason: 'r', ...(expected ? { expected_revision: expected } : {}) },
      },
    ],
  },
  {
    name: 'placement',
    request: (ns, expected) => [
      'namespace_placement_endpoint',
      {
        path: { namespace_id: ns.namespace_id },
        body: { placement: { region: 'r-1' } as never, ...(expected ? { expected_revision: expected } : {}) },
      },
    ],
  },
  {
    name: 'DELETE',
    request: (ns, expected) => [
      'delete_namespace_endpoint',
      { path: { namespace_id: ns.namespace_id }, query: expected ? { expected_revision: expected } : {} },
    ],
  },
];

describeNeeding({ capabilities: ['state-changes'] }, 'expected_revision', () => {
  it.each(CHANGES)(
    '$name: a stale revision answers 412 REVISION_MISMATCH with expected and current; nothing changes',
    async ({ request }) => {
      const ns = await wd.namespace(); // created: every change above is allowed from here
      const bumped = (
        await wd.api.ok('update_namespace_endpoint', {
          path: { namespace_id: ns.namespace_id },
          body: { label: 'bumped' },
        })
      ).body.namespace;
      expect(bumped.revision).toBe(ns.revision + 1);
      const [operationId, options] = request(bumped, ns.revision);
      const problem = await wd.api.problem(operationId, options as never, 412, 'REVISION_MISMATCH');
      expect(problem.body).toMatchObject({ expected_revision: ns.revision, current_revision: bumped.revision });
      expect(await wd.get(ns.namespace_id)).toEqual(bumped);
    },
  );

  it.each(CHANGES)(
    '$name: the current revision applies, and the revision goes up by exactly 1',
    async ({ request }) => {
      const ns = await wd.namespace();
      const [operationId, options] = request(ns, ns.revision);
      const reply = await wd.api.ok(operationId, options as never);
      const body = reply.body as { previous_revision: number; namespace: Namespace };
      expect(body.previous_revision).toBe(ns.revision);
      expect(body.namespace.revision).toBe(ns.revision + 1);
      expect((await wd.get(ns.namespace_id)).revision).toBe(ns.revision + 1);
    },
  );
});

describeNeeding({ capabilities: ['state-changes'] }, 'operational state and placement', () => {
  it('operational state sets the flags given, keeps the others, replaces reason and changed_at_ms: revision + 1 each time', async () => {
    const ns = await wd.provisioned();
    const id = ns.namespace_id;
    const one = await wd.operationalState(id, { draining: true });
    expect(one.operational_state).toMatchObject({
      write_mode: 'read_write',
      draining: true,
      frozen: false,
      reason: 'conformance fixture',
    });
    expect(one.revision).toBe(ns.revision + 1);
    expect(one.operational_state.changed_at_ms).toBeGreaterThanOrEqual(ns.operational_state.changed_at_ms);
    const { body } = await wd.api.ok('namespace_operational_state_endpoint', {
      path: { namespace_id: id },
      body: { write_mode: 'read_only', reason: 'export' },
    });
    expect(body.previous_revision).toBe(one.revision);
    expect(body.namespace.operational_state).toMatchObject({
      write_mode: 'read_only',
      draining: true,
      frozen: false,
      reason: 'export',
    });
    expect(body.namespace.revision).toBe(one.revision + 1);
    expect(body.namespace).toEqual({
      ...one,
      operational_state: body.namespace.operational_state,
      revision: one.revision + 1,
      updated_at_ms: body.namespace.updated_at_ms,
    });
  });

  it('operational state without any flag answers 400 INVALID_REQUEST', async () => {
    const ns = await wd.provisioned();
    await wd.api.problem(
      'namespace_operational_state_endpoint',
      { path: { namespace_id: ns.namespace_id }, body: { reason: 'nothing' } },
      400,
      'INVALID_REQUEST',
    );
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('placement replaces the whole placement (absent members null, labels {}): revision + 1', async () => {
    const ns = await wd.provisioned({ placement: { region: 'eu-west-1', cell: 'c1' } as never });
    expect(ns.placement).toEqual({ region: 'eu-west-1', cell: 'c1', writer_node: null, labels: {} });
    const { body } = await wd.api.ok('namespace_placement_endpoint', {
      path: { namespace_id: ns.namespace_id },
      body: { placement: { writer_node: 'w-3', labels: { tier: 'ssd' } } as never, reason: 'move' },
    });
    expect(body.previous_revision).toBe(ns.revision);
    expect(body.namespace).toEqual({
      ...ns,
      placement: { region: null, cell: null, writer_node: 'w-3', labels: { tier: 'ssd' } },
      revision: ns.revision + 1,
      updated_at_ms: body.namespace.updated_at_ms,
    });
    expect(await wd.get(ns.namespace_id)).toEqual(body.namespace);
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'NAMESPACE_HAS_ATTACHMENTS', () => {
  it('delete (and lifecycle → deleted) is refused while containers remain, and applies once they are removed', async () => {
    const ns = await wd.provisioned();
    const id = ns.namespace_id;
    await wd.commit(id, [ops.balance('a'), ops.slots('b', 2)]);
    const disabled = await wd.lifecycle(id, 'disabled');
    const problem = await wd.api.problem(
      'delete_namespace_endpoint',
      { path: { namespace_id: id } },
      412,
      'NAMESPACE_HAS_ATTACHMENTS',
    );
    expect(problem.body.attachments).toEqual({ container_count: 2, child_namespace_ids: [] });
    const viaLifecycle = await wd.api.problem(
      'namespace_lifecycle_endpoint',
      { path: { namespace_id: id }, body: { target_state: 'deleted', reason: 'r' } },
      412,
      'NAMESPACE_HAS_ATTACHMENTS',
    );
    expect(viaLifecycle.body.attachments).toEqual({ container_count: 2, child_namespace_ids: [] });
    expect(await wd.get(id)).toEqual(disabled);

    await wd.lifecycle(id, 'provisioned');
    await wd.commit(id, [ops.removeContainer('a'), ops.removeContainer('b')]);
    await wd.lifecycle(id, 'disabled');
    const { body } = await wd.api.ok('delete_namespace_endpoint', { path: { namespace_id: id } });
    expect(body.namespace.lifecycle).toBe('deleted');
  });

  it('delete is refused while a fork is live, and applies once the fork is deleted', async () => {
    const source = await wd.provisioned();
    const forkId = wd.namespaceId();
    await wd.api.ok('fork_namespace_from_snapshot_endpoint', {
      body: {
        source_namespace_id: source.namespace_id,
        target_namespace_id: forkId,
        snapshot: { kind: 'latest' },
        label: 'fork',
      },
    });
    await wd.lifecycle(source.namespace_id, 'disabled');
    const problem = await wd.api.problem(
      'delete_namespace_endpoint',
      { path: { namespace_id: source.namespace_id } },
      412,
      'NAMESPACE_HAS_ATTACHMENTS',
    );
    expect(problem.body.attachments).toEqual({ container_count: 0, child_namespace_ids: [forkId] });
    await wd.lifecycle(forkId, 'disabled');
    await wd.api.ok('delete_namespace_endpoint', { path: { namespace_id: forkId } });
    const { body } = await wd.api.ok('delete_namespace_endpoint', { path: { namespace_id: source.namespace_id } });
    expect(body.namespace.lifecycle).toBe('deleted');
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'NAMESPACE_FROZEN', () => {
  async function frozen(lifecycle: 'provisioned' | 'created' | 'disabled' = 'provisioned'): Promise<Namespace> {
    const ns = await wd.namespace({ lifecycle });
    const after = await wd.operationalState(ns.namespace_id, { frozen: true });
    expect(after.operational_state.frozen).toBe(true);
    return after;
  }

  it('PATCH and placement are refused with 412 NAMESPACE_FROZEN, changing nothing', async () => {
    const ns = await frozen();
    const path = { namespace_id: ns.namespace_id };
    await wd.api.problem('update_namespace_endpoint', { path, body: { label: 'x' } }, 412, 'NAMESPACE_FROZEN');
    await wd.api.problem(
      'namespace_placement_endpoint',
      { path, body: { placement: { region: 'x' } as never } },
      412,
      'NAMESPACE_FROZEN',
    );
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('lifecycle: only disabled is allowed (provisioned → disabled applies; created → provisioned is 412)', async () => {
    const ns = await frozen();
    const disabled = await wd.lifecycle(ns.namespace_id, 'disabled');
    expect(disabled.revision).toBe(ns.revision + 1);
    const created = await frozen('created');
    await wd.api.problem(
      'namespace_lifecycle_endpoint',
      { path: { namespace_id: created.namespace_id }, body: { target_state: 'provisioned', reason: 'r' } },
      412,
      'NAMESPACE_FROZEN',
    );
    expect(await wd.get(created.namespace_id)).toEqual(created);
  });

  it('DELETE is refused with 412 NAMESPACE_FROZEN (from disabled, where it would otherwise apply)', async () => {
    const ns = await frozen('disabled');
    await wd.api.problem(
      'delete_namespace_endpoint',
      { path: { namespace_id: ns.namespace_id } },
      412,
      'NAMESPACE_FROZEN',
    );
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('operational state still applies: unfreezing works, revision + 1', async () => {
    const ns = await frozen();
    const thawed = await wd.operationalState(ns.namespace_id, { frozen: false });
    expect(thawed.operational_state.frozen).toBe(false);
    expect(thawed.revision).toBe(ns.revision + 1);
    const { body } = await wd.api.ok('update_namespace_endpoint', {
      path: { namespace_id: ns.namespace_id },
      body: { label: 'thawed' },
    });
    expect(body.namespace.label).toBe('thawed');
  });
});

describe('NAMESPACE_DELETED', () => {
  describeNeeding({ capabilities: ['state-changes'] }, 'on a deleted namespace', () => {
    it('PATCH, operational state and placement are refused with 412 NAMESPACE_DELETED, changing nothing', async () => {
      const ns = await wd.namespace({ lifecycle: 'deleted' });
      const path = { namespace_id: ns.namespace_id };
      await wd.api.problem('update_namespace_endpoint', { path, body: { label: 'x' } }, 412, 'NAMESPACE_DELETED');
      await wd.api.problem(
        'namespace_operational_state_endpoint',
        { path, body: { frozen: true, reason: 'r' } },
        412,
        'NAMESPACE_DELETED',
      );
      await wd.api.problem(
        'namespace_placement_endpoint',
        { path, body: { placement: { region: 'x' } as never } },
        412,
        'NAMESPACE_DELETED',
      );
      expect(await wd.get(ns.namespace_id)).toEqual(ns);
    });
  });
});
