/**
 * The lifecycle table, cell by cell: an allowed transition moves the namespace and adds exactly 1
 * to its revision; setting the current state again answers 200 and changes nothing (no revision
 * bump); anything else is 412 LIFECYCLE_TRANSITION_NOT_ALLOWED and changes nothing.
 *
 * | from \ to   | created | provisioned | disabled | deleted |
 * |-------------|---------|-------------|----------|---------|
 * | created     | no-op   | yes         | no       | yes     |
 * | provisioned | no      | no-op       | yes      | no      |
 * | disabled    | no      | yes         | no-op    | yes     |
 * | deleted     | no      | no          | no       | no-op   |
 *
 * From `deleted` the spec offers two codes (the table's LIFECYCLE_TRANSITION_NOT_ALLOWED and the
 * errors table's NAMESPACE_DELETED, "a metadata change on a deleted namespace"); either is accepted.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { expectOneOfProblems, type Schemas } from '../../../src/write-daemon/http.js';

type State = Schemas['LifecycleState'];
type Cell = 'yes' | 'no' | 'no-op';

const wd = useWriteDaemon();

const TABLE: Record<State, Record<State, Cell>> = {
  created: { created: 'no-op', provisioned: 'yes', disabled: 'no', deleted: 'yes' },
  provisioned: { created: 'no', provisioned: 'no-op', disabled: 'yes', deleted: 'no' },
  disabled: { created: 'no', provisioned: 'yes', disabled: 'no-op', deleted: 'yes' },
  deleted: { created: 'no', provisioned: 'no', disabled: 'no', deleted: 'no-op' },
};

const CELLS = (Object.entries(TABLE) as Array<[State, Record<State, Cell>]>).flatMap(([from, row]) =>
  (Object.entries(row) as Array<[State, Cell]>).map(([to, cell]) => ({ from, to, cell })),
);

describeNeeding({ capabilities: ['state-changes'] }, 'lifecycle transitions', () => {
  it.each(CELLS)('$from → $to: $cell', async ({ from, to, cell }) => {
    const ns = await wd.namespace({ lifecycle: from });
    expect(ns.lifecycle).toBe(from);
    const path = { namespace_id: ns.namespace_id };
    const reply = await wd.api.call('namespace_lifecycle_endpoint', {
      path,
      body: { target_state: to, reason: 'conformance' },
    });
    if (cell === 'no') {
      const codes =
        from === 'deleted'
          ? (['LIFECYCLE_TRANSITION_NOT_ALLOWED', 'NAMESPACE_DELETED'] as const)
          : (['LIFECYCLE_TRANSITION_NOT_ALLOWED'] as const);
      expectOneOfProblems(reply, 412, codes);
      expect(await wd.get(ns.namespace_id)).toEqual(ns);
      return;
    }
    expect(reply.status).toBe(200);
    const body = reply.body as Schemas['NamespaceLifecycleResponse'];
    expect(body.previous_revision).toBe(ns.revision);
    if (cell === 'no-op') {
      expect(body.namespace).toEqual(ns);
    } else {
      expect(body.namespace).toEqual({
        ...ns,
        lifecycle: to,
        revision: ns.revision + 1,
        updated_at_ms: expect.any(Number),
        deleted_at_ms: to === 'deleted' ? expect.any(Number) : null,
      });
      expect(body.namespace.updated_at_ms).toBeGreaterThanOrEqual(ns.updated_at_ms);
    }
    expect(await wd.get(ns.namespace_id)).toEqual(body.namespace);
  });

  it('moving to deleted is the same as DELETE: the namespace is still served, status says lifecycle_deleted', async () => {
    const ns = await wd.namespace({ lifecycle: 'deleted' });
    expect(ns).toMatchObject({ lifecycle: 'deleted', deleted_at_ms: expect.any(Number) });
    const status = await wd.status(ns.namespace_id);
    expect(status).toMatchObject({
      lifecycle: 'deleted',
      writable: false,
      not_writable_reasons: ['lifecycle_deleted'],
    });
  });

  it('answers 400 for an unknown target state and 404 for a namespace nobody created', async () => {
    const ns = await wd.namespace();
    await wd.api.problem(
      'namespace_lifecycle_endpoint',
      { path: { namespace_id: ns.namespace_id }, body: { target_state: 'archived' as State, reason: 'r' } },
      400,
      'INVALID_REQUEST',
    );
    await wd.api.problem(
      'namespace_lifecycle_endpoint',
      { path: { namespace_id: wd.namespaceId() }, body: { target_state: 'provisioned', reason: 'r' } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });
});
