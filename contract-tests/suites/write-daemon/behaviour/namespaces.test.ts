/**
 * Namespaces: create ("created or already present", never 201), get (any lifecycle state), patch
 * (present fields only, revision + 1, no-op without a bump), soft delete, identifiers, unknown body
 * fields, correlation ids.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { getTarget } from '../../../src/target.js';
import { runScopedId, useWriteDaemon } from '../../../src/write-daemon/fixture.js';

const wd = useWriteDaemon();

describeNeeding({ capabilities: ['state-changes'] }, 'create', () => {
  it('answers 200 created: true with the namespace in created, read_write, revision 1, defaults filled in', async () => {
    const id = wd.namespaceId();
    const tenant = wd.tenantId();
    const before = Date.now();
    const { body, status } = await wd.api.ok('create_namespace_endpoint', {
      body: { namespace_id: id, label: 'conformance', tenant_id: tenant },
    });
    expect(status).toBe(200);
    expect(body.created).toBe(true);
    const ns = body.namespace;
    expect(ns).toMatchObject({
      namespace_id: id,
      label: 'conformance',
      tenant_id: tenant,
      policy_class: 'scratch',
      lifecycle: 'created',
      operational_state: { write_mode: 'read_write', draining: false, frozen: false },
      placement: { region: null, cell: null, writer_node: null, labels: {} },
      lineage: null,
      labels: {},
      revision: 1,
      deleted_at_ms: null,
    });
    expect(ns.created_at_ms).toBeGreaterThanOrEqual(before - 60_000);
    expect(ns.updated_at_ms).toBe(ns.created_at_ms);
    // The owner defaults to the caller's principal (the in-process reference's token is `dev`'s).
    if (getTarget('write-daemon').inProcess) expect(ns.owner_principal_id).toBe('dev');
    // ... and GET serves the same.
    expect(await wd.get(id)).toEqual(ns);
  });

  it('stores what the body gives: owner, policy class, placement (absent members null), labels', async () => {
    const id = wd.namespaceId();
    const { body } = await wd.api.ok('create_namespace_endpoint', {
      body: {
        namespace_id: id,
        label: 'given',
        tenant_id: wd.tenantId(),
        owner_principal_id: 'user:conformance',
        policy_class: 'project',
        placement: { region: 'eu-west-1' } as never,
        labels: { team: 'qa' },
      },
    });
    expect(body.namespace).toMatchObject({
      owner_principal_id: 'user:conformance',
      policy_class: 'project',
      placement: { region: 'eu-west-1', cell: null, writer_node: null, labels: {} },
      labels: { team: 'qa' },
    });
  });

  it('the same principal owns every namespace it creates without naming an owner', async () => {
    const a = await wd.namespace();
    const b = await wd.namespace();
    expect(a.owner_principal_id).toBe(b.owner_principal_id);
  });

  it('an id that is taken answers 200 created: false with the stored namespace; the body is ignored', async () => {
    const first = await wd.namespace({ label: 'first' });
    const { body } = await wd.api.ok('create_namespace_endpoint', {
      body: wd.createBody(first.namespace_id, { label: 'second', policy_class: 'prod' }),
    });
    expect(body).toEqual({ created: false, namespace: first });
    expect(await wd.get(first.namespace_id)).toEqual(first);
  });

  it('also for a deleted namespace: its id is never reused', async () => {
    const deleted = await wd.namespace({ lifecycle: 'deleted' });
    const { body } = await wd.api.ok('create_namespace_endpoint', { body: wd.createBody(deleted.namespace_id) });
    expect(body.created).toBe(false);
    expect(body.namespace).toMatchObject({ lifecycle: 'deleted', revision: deleted.revision });
  });

  it.each([
    ['0', 0],
    ['2^53', 2 ** 53],
    ['a negative id', -5],
    ['a fraction', 1.5],
    ['a string', '42'],
  ])('answers 400 INVALID_NAMESPACE_ID for %s in the body', async (_label, namespace_id) => {
    await wd.api.problem(
      'create_namespace_endpoint',
      { body: { ...wd.createBody(1), namespace_id: namespace_id as number } },
      400,
      'INVALID_NAMESPACE_ID',
    );
  });

  it('answers 400 INVALID_REQUEST for an unknown field, with errors naming it, and creates nothing', async () => {
    const id = runScopedId();
    const reply = await wd.api.problem(
      'create_namespace_endpoint',
      { body: { ...wd.createBody(id), lable: 'typo' } as never },
      400,
      'INVALID_REQUEST',
    );
    expect(reply.body.errors?.length).toBeGreaterThan(0);
    await wd.api.problem('get_namespace_endpoint', { path: { namespace_id: id } }, 404, 'NAMESPACE_NOT_FOUND');
  });

  it('answers 400 INVALID_REQUEST for malformed JSON and for a missing required field', async () => {
    await wd.api.problem('create_namespace_endpoint', { body: { raw: '{"namespace_id": 1,' } }, 400, 'INVALID_REQUEST');
    const { label: _label, ...noLabel } = wd.createBody(runScopedId());
    await wd.api.problem('create_namespace_endpoint', { body: noLabel as never }, 400, 'INVALID_REQUEST');
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'get', () => {
  it('answers 404 NAMESPACE_NOT_FOUND for an id nobody created', async () => {
    await wd.api.problem(
      'get_namespace_endpoint',
      { path: { namespace_id: runScopedId() } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['9007199254740992']])(
    'answers 400 INVALID_NAMESPACE_ID for the path id %s',
    async (namespace_id) => {
      await wd.api.problem('get_namespace_endpoint', { path: { namespace_id } }, 400, 'INVALID_NAMESPACE_ID');
    },
  );

  it('echoes x-correlation-id as client_correlation_id in problems', async () => {
    const reply = await wd.api.problem(
      'get_namespace_endpoint',
      { path: { namespace_id: runScopedId() }, headers: { 'x-correlation-id': 'conformance-42' } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
    expect(reply.body.client_correlation_id).toBe('conformance-42');
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'update (PATCH)', () => {
  it('changes the fields present, keeps the others, replaces labels, and adds exactly 1 to revision', async () => {
    const ns = await wd.namespace({ labels: { a: '1', b: '2' }, policy_class: 'project' });
    const { body } = await wd.api.ok('update_namespace_endpoint', {
      path: { namespace_id: ns.namespace_id },
      body: { label: 'renamed', labels: { c: '3' } },
    });
    expect(body.previous_revision).toBe(ns.revision);
    expect(body.namespace).toEqual({
      ...ns,
      label: 'renamed',
      labels: { c: '3' },
      revision: ns.revision + 1,
      updated_at_ms: expect.any(Number),
    });
    expect(body.namespace.updated_at_ms).toBeGreaterThanOrEqual(ns.updated_at_ms);
    expect(await wd.get(ns.namespace_id)).toEqual(body.namespace);
  });

  it('an empty patch, or one setting the current values, changes nothing and keeps the revision', async () => {
    const ns = await wd.namespace();
    for (const patch of [{}, { label: ns.label, policy_class: ns.policy_class }]) {
      const { body } = await wd.api.ok('update_namespace_endpoint', {
        path: { namespace_id: ns.namespace_id },
        body: patch,
      });
      expect(body, JSON.stringify(patch)).toEqual({ previous_revision: ns.revision, namespace: ns });
    }
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('never changes tenant_id (not a field of the patch: 400)', async () => {
    const ns = await wd.namespace();
    await wd.api.problem(
      'update_namespace_endpoint',
      { path: { namespace_id: ns.namespace_id }, body: { tenant_id: 99 } as never },
      400,
      'INVALID_REQUEST',
    );
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('answers 404 for a namespace nobody created', async () => {
    await wd.api.problem(
      'update_namespace_endpoint',
      { path: { namespace_id: runScopedId() }, body: { label: 'x' } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'delete', () => {
  it('is soft: lifecycle deleted, deleted_at_ms set, revision + 1; still served by GET', async () => {
    const ns = await wd.namespace();
    const { body } = await wd.api.ok('delete_namespace_endpoint', {
      path: { namespace_id: ns.namespace_id },
      query: { reason: 'conformance' },
    });
    expect(body.previous_revision).toBe(ns.revision);
    expect(body.namespace).toMatchObject({
      lifecycle: 'deleted',
      revision: ns.revision + 1,
      deleted_at_ms: expect.any(Number),
    });
    expect(await wd.get(ns.namespace_id)).toEqual(body.namespace);
  });

  it('deleting a deleted namespace answers 200 and changes nothing', async () => {
    const ns = await wd.namespace({ lifecycle: 'deleted' });
    const { body } = await wd.api.ok('delete_namespace_endpoint', { path: { namespace_id: ns.namespace_id } });
    expect(body).toEqual({ previous_revision: ns.revision, namespace: ns });
  });

  it('a provisioned namespace must be disabled first: 412 LIFECYCLE_TRANSITION_NOT_ALLOWED', async () => {
    const ns = await wd.provisioned();
    await wd.api.problem(
      'delete_namespace_endpoint',
      { path: { namespace_id: ns.namespace_id } },
      412,
      'LIFECYCLE_TRANSITION_NOT_ALLOWED',
    );
    expect(await wd.get(ns.namespace_id)).toEqual(ns);
  });

  it('answers 404 for a namespace nobody created', async () => {
    await wd.api.problem(
      'delete_namespace_endpoint',
      { path: { namespace_id: runScopedId() } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });
});
