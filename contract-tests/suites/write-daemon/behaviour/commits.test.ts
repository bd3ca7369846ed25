/**
 * Commits: all-or-nothing batches appended to the namespace's log. Each operation is one event
 * with the next world_seq (`world_seq_end - world_seq_start + 1 == event_count`); the receipt
 * echoes what the request carried; a failing operation answers 422 COMMIT_VALIDATION_FAILED
 * naming it (`op_index`, `op`, `core_error`) and leaves the namespace exactly as it was; preflight
 * evaluates the same way and appends nothing; registrations are one-operation commits.
 */
import { describe, expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, stockedNamespace, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import { COMMIT_ID, type Operation, type Schemas } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

describeNeeding({ capabilities: ['state-changes'] }, 'commit', () => {
  it('a fresh namespace is at world_seq 0 with no last commit', async () => {
    const ns = await wd.provisioned();
    expect(await wd.status(ns.namespace_id)).toMatchObject({
      namespace_id: ns.namespace_id,
      world_seq: 0,
      last_commit_id: null,
      last_commit_time_ms: null,
    });
  });

  it('each event gets the next world_seq; status follows the head; revision and updated_at_ms do not move', async () => {
    const ns = await wd.provisioned();
    const id = ns.namespace_id;
    const first = await wd.commit(id, [ops.registerClass('gold'), ops.balance('a'), ops.addFungible('gold', 'a', 3)]);
    expect(first).toMatchObject({
      namespace: id,
      outcome: 'Committed',
      world_seq_start: 1,
      world_seq_end: 3,
      event_count: 3,
    });
    expect(first.commit_id).toMatch(COMMIT_ID);
    expect(first.start_time_ms).toBeLessThanOrEqual(first.commit_time_ms);
    const second = await wd.commit(id, [ops.balance('b'), ops.transfer('gold', 'a', 'b', 2)]);
    expect(second).toMatchObject({ world_seq_start: 4, world_seq_end: 5, event_count: 2 });
    expect(second.commit_id).not.toBe(first.commit_id);
    const status = await wd.status(id);
    expect(status).toMatchObject({
      world_seq: 5,
      last_commit_id: second.commit_id,
      last_commit_time_ms: second.commit_time_ms,
      revision: ns.revision,
      updated_at_ms: ns.updated_at_ms,
    });
    expect(await wd.get(id)).toEqual(ns);
  });

  it('the receipt echoes idempotency_key, metadata, origin and x-correlation-id, and leaves them out when not sent', async () => {
    const ns = await wd.provisioned();
    const path = { namespace_id: ns.namespace_id };
    const metadata = { ticket: 'OPS-1', nested: { n: 1 } };
    const origin = { client: 'conformance', source: 'commits.test', extra: true };
    const { body } = await wd.api.ok('commit_endpoint', {
      path,
      headers: { 'x-correlation-id': 'corr-1' },
      body: {
        operations: [ops.balance('a')],
        idempotency_key: `echo-${ns.namespace_id}`,
        metadata,
        origin,
        actor_id: 'service:x',
      },
    });
    expect(body).toMatchObject({
      idempotency_key: `echo-${ns.namespace_id}`,
      metadata,
      origin,
      client_correlation_id: 'corr-1',
    });
    const plain = (await wd.api.ok('commit_endpoint', { path, body: { operations: [ops.balance('b')] } })).body;
    for (const member of ['idempotency_key', 'metadata', 'origin', 'client_correlation_id', 'minted_ids']) {
      expect(plain, member).not.toHaveProperty(member);
    }
  });

  it('AddInstance without an instance_id mints inst-<world_seq> and reports it in minted_ids', async () => {
    const ns = await wd.provisioned();
    const receipt = await wd.commit(ns.namespace_id, [
      ops.registerClass('robot'),
      ops.grid('belt', 4),
      ops.addInstance('robot', ops.cell('belt', 0), 'named-1'),
      ops.addInstance('robot', ops.cell('belt', 1)),
    ]);
    expect(receipt.minted_ids).toEqual([{ op_index: 3, instance_id: `inst-${receipt.world_seq_start + 3}` }]);
    // The minted id names the instance from then on.
    await wd.commit(ns.namespace_id, [ops.moveInstance(`inst-${receipt.world_seq_start + 3}`, ops.cell('belt', 2))]);
  });

  it('applies every kind of operation', async () => {
    const ns = await wd.provisioned();
    const id = ns.namespace_id;
    await wd.commit(id, [
      ops.registerClass('gold'),
      ops.registerClass('crate'),
      {
        op: 'RegisterClassShape',
        args: { request: { class_id: 'crate', shape: { width: 2, height: 1 } } },
      } as Operation,
      {
        op: 'RegisterClassContinuousShape1d',
        args: { request: { class_id: 'crate', shape: { span_length_scaled: 10 } } },
      } as Operation,
      {
        op: 'RegisterClassContinuousShape2d',
        args: { request: { class_id: 'crate', shape: { rect_width_scaled: 10, rect_height_scaled: 5 } } },
      } as Operation,
      ops.balance('a', 10),
      ops.balance('b', 10),
      ops.grid('floor', 6, 3),
      ops.slots('rack', 2),
      {
        op: 'CreateContainer',
        args: { external_id: 'line', kind: { type: 'continuous_line_1d', min_x: 0, max_x: 100 } },
      } as Operation,
      {
        op: 'CreateContainer',
        args: { external_id: 'yard', kind: { type: 'continuous_grid_2d', min_x: 0, max_x: 100, min_y: 0, max_y: 100 } },
      } as Operation,
      ops.addFungible('gold', 'a', '2.5'),
      ops.transfer('gold', 'a', 'b', '1.5'),
      {
        op: 'MoveFungible',
        args: {
          class_id: 'gold',
          from: { kind: 'balance', container_id: 'b' },
          to: ops.slot('rack', 0),
          quantity: '1',
        },
      } as Operation,
      ops.removeFungible('gold', 'b', '0.5'),
      ops.addInstance('crate', ops.cell('floor', 0), 'crate-1'),
      ops.addInstance('crate', { kind: 'continuous_1d', container_id: 'line', x: 0 } as Schemas['Location'], 'crate-2'),
      ops.addInstance(
        'crate',
        { kind: 'continuous_2d', container_id: 'yard', x: 10, y: 10 } as Schemas['Location'],
        'crate-3',
      ),
      ops.moveInstance('crate-1', ops.cell('floor', 3)),
      ops.slots('spare', 1),
      ops.removeContainer('spare'),
    ]);
    await wd.expectBalance(id, 'gold', 'a', 1);
    await wd.expectBalance(id, 'gold', 'b', 0);
    // crate-1 moved: cell 0 is free again, cell 3 (and 4, its 2-wide footprint) are taken.
    const free = await wd.preflight(id, [ops.addInstance('crate', ops.cell('floor', 0), 'crate-4')]);
    expect(free.valid).toBe(true);
    const taken = await wd.preflight(id, [ops.addInstance('gold', ops.cell('floor', 4), 'crate-5')]);
    expect(taken.op_results[0]?.error?.code).toBe('LOCATION_OCCUPIED');
    // `spare` is gone: it can be made again.
    expect((await wd.preflight(id, [ops.slots('spare', 1)])).valid).toBe(true);
  });

  it('answers 404 NAMESPACE_NOT_FOUND for a namespace nobody created', async () => {
    await wd.api.problem(
      'commit_endpoint',
      { path: { namespace_id: wd.namespaceId() }, body: { operations: [ops.balance('a')] } },
      404,
      'NAMESPACE_NOT_FOUND',
    );
  });

  it.each([
    ['no operations', { operations: [] }],
    ['an unknown operation', { operations: [{ op: 'TransferMany', args: {} }] }],
    [
      'a quantity that is not a decimal string',
      {
        operations: [
          { op: 'AddFungible', args: { class_id: 'g', location: { kind: 'balance', container_id: 'a' }, quantity: 5 } },
        ],
      },
    ],
    ['an unknown member', { operations: [ops.balance('a')], actor: 'x' }],
  ])('answers 400 INVALID_REQUEST for %s, appending nothing', async (_label, body) => {
    const ns = await wd.provisioned();
    const before = await wd.status(ns.namespace_id);
    const reply = await wd.api.problem(
      'commit_endpoint',
      { path: { namespace_id: ns.namespace_id }, body: body as never },
      400,
      'INVALID_REQUEST',
    );
    expect(reply.body.errors?.length).toBeGreaterThan(0);
    expect(await wd.status(ns.namespace_id)).toEqual(before);
  });
});

/**
 * A namespace for the validation cases: classes gold, robot and wide (grid shape 2×1), balance
 * vault with 5 gold, grid g (4 cells, 2 per row) with robot-1 at cell 0, slots s (2 slots).
 */
async function validationNamespace() {
  const ns = await stockedNamespace(wd);
  const id = ns.namespace_id;
  await wd.commit(id, [
    ops.registerClass('robot'),
    ops.registerClass('wide'),
    { op: 'RegisterClassShape', args: { request: { class_id: 'wide', shape: { width: 2, height: 1 } } } } as Operation,
    ops.addFungible('gold', 'vault', 5),
    ops.grid('g', 4, 2),
    ops.slots('s', 2),
    ops.addInstance('robot', ops.cell('g', 0), 'robot-1'),
  ]);
  return id;
}

const FAILURES: Array<[code: Schemas['CoreErrorCode'], label: string, op: Operation]> = [
  ['CLASS_NOT_FOUND', 'a class that is not registered', ops.addFungible('unobtainium', 'vault', 1)],
  ['CONTAINER_NOT_FOUND', 'a container that does not exist', ops.addFungible('gold', 'nowhere', 1)],
  ['CONTAINER_ALREADY_EXISTS', 'a container id that is taken', ops.balance('vault')],
  ['CONTAINER_NOT_EMPTY', 'removing a container that holds something', ops.removeContainer('vault')],
  ['INVALID_CONTAINER_KIND', 'a grid capacity that is not a multiple of its width', ops.grid('bad', 5, 2)],
  ['INSUFFICIENT_QUANTITY', 'removing more than the balance holds', ops.removeFungible('gold', 'vault', 6)],
  ['INSUFFICIENT_QUANTITY', 'transferring more than the balance holds', ops.transfer('gold', 'vault', 'other', 6)],
  ['QUANTITY_NOT_REPRESENTABLE', 'a fraction in a container of scale 1', ops.addFungible('gold', 'vault', '0.5')],
  ['QUANTITY_NOT_REPRESENTABLE', 'a zero quantity', ops.addFungible('gold', 'vault', '0')],
  ['LOCATION_OUT_OF_BOUNDS', 'a grid position past the capacity', ops.addInstance('robot', ops.cell('g', 4))],
  ['LOCATION_OUT_OF_BOUNDS', 'a slot index past the count', ops.addInstance('robot', ops.slot('s', 2))],
  ['LOCATION_OUT_OF_BOUNDS', 'a 2-wide footprint at the end of a row', ops.addInstance('wide', ops.cell('g', 1))],
  ['LOCATION_OCCUPIED', 'a cell that is taken', ops.addInstance('robot', ops.cell('g', 0))],
  ['LOCATION_KIND_MISMATCH', 'a slot location in a grid container', ops.addInstance('robot', ops.slot('g', 0))],
  [
    'LOCATION_KIND_MISMATCH',
    'an instance in a balance',
    ops.addInstance('robot', { kind: 'balance', container_id: 'vault' }),
  ],
  ['INSTANCE_NOT_FOUND', 'moving an instance that does not exist', ops.moveInstance('ghost', ops.cell('g', 3))],
  ['SAME_LOCATION', 'a transfer to the same balance', ops.transfer('gold', 'vault', 'vault', 1)],
  ['CLASS_ALREADY_EXISTS', 'registering a class again', ops.registerClass('gold')],
  [
    'CLASS_SHAPE_ALREADY_EXISTS',
    'registering a grid shape again',
    { op: 'RegisterClassShape', args: { request: { class_id: 'wide', shape: { width: 1, height: 1 } } } } as Operation,
  ],
];

describeNeeding({ capabilities: ['state-changes'] }, 'validation failures (422 COMMIT_VALIDATION_FAILED)', () => {
  it.each(FAILURES)('%s: %s; the commit is not applied at all', async (code, _label, failing) => {
    const id = await validationNamespace();
    const before = await wd.status(id);
    // A valid operation first (creating `other`), so op_index must be 1 and the first must be undone.
    const reply = await wd.api.problem(
      'commit_endpoint',
      { path: { namespace_id: id }, body: { operations: [ops.balance('other'), failing, ops.balance('after')] } },
      422,
      'COMMIT_VALIDATION_FAILED',
    );
    expect(reply.body).toMatchObject({
      op_index: 1,
      op: failing.op,
      core_error: { code, message: expect.any(String) },
    });
    expect(await wd.status(id)).toEqual(before);
    // Nothing of it was applied: `other` can still be created, and the state is as before.
    await wd.expectBalance(id, 'gold', 'vault', 5);
    const receipt = await wd.commit(id, [ops.balance('other')]);
    expect(receipt.world_seq_start).toBe(before.world_seq + 1);
  });

  it("operations see the state the ones before them left (a later op may use an earlier op's container)", async () => {
    const ns = await stockedNamespace(wd);
    const receipt = await wd.commit(ns.namespace_id, [
      ops.balance('fresh'),
      ops.addFungible('gold', 'fresh', 2),
      ops.removeFungible('gold', 'fresh', 2),
    ]);
    expect(receipt.event_count).toBe(3);
    await wd.expectBalance(ns.namespace_id, 'gold', 'fresh', 0);
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'preflight', () => {
  it('valid operations: 200 valid, every op ok, against the current head; nothing is appended', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const before = await wd.status(id);
    const operations = [ops.addFungible('gold', 'vault', 4), ops.balance('second')];
    const result = await wd.preflight(id, operations);
    expect(result).toMatchObject({
      namespace: id,
      valid: true,
      validated_world_seq: before.world_seq,
      failed_op_index: null,
      writable: true,
      not_writable_reasons: [],
      op_results: [
        { index: 0, op: 'AddFungible', outcome: 'ok' },
        { index: 1, op: 'CreateContainer', outcome: 'ok' },
      ],
    });
    expect(await wd.status(id)).toEqual(before);
    await wd.expectBalance(id, 'gold', 'vault', 0);
    // The commit that follows applies at the head preflight saw.
    const receipt = await wd.commit(id, operations);
    expect(receipt.world_seq_start).toBe(before.world_seq + 1);
  });

  it('a failing operation: 200 valid false, the failure with its CoreError, later ops not_evaluated; nothing is appended', async () => {
    const ns = await stockedNamespace(wd);
    const id = ns.namespace_id;
    const before = await wd.status(id);
    const result = await wd.preflight(id, [ops.balance('x'), ops.removeFungible('gold', 'vault', 1), ops.balance('y')]);
    expect(result).toMatchObject({
      valid: false,
      failed_op_index: 1,
      op_results: [
        { index: 0, op: 'CreateContainer', outcome: 'ok' },
        {
          index: 1,
          op: 'RemoveFungible',
          outcome: 'failed',
          error: { code: 'INSUFFICIENT_QUANTITY', message: expect.any(String) },
        },
        { index: 2, op: 'CreateContainer', outcome: 'not_evaluated' },
      ],
    });
    expect(result.op_results[2]).not.toHaveProperty('error');
    expect(await wd.status(id)).toEqual(before);
    await wd.commit(id, [ops.balance('x')]); // `x` was not created by the preflight
  });

  it('ignores idempotency_key: the key is still free for a commit afterwards', async () => {
    const ns = await stockedNamespace(wd);
    const key = `pf-${ns.namespace_id}`;
    const path = { namespace_id: ns.namespace_id };
    await wd.api.ok('commit_preflight_endpoint', {
      path,
      body: { operations: [ops.balance('p')], idempotency_key: key },
    });
    const commit = await wd.api.ok('commit_endpoint', {
      path,
      body: { operations: [ops.balance('q')], idempotency_key: key },
    });
    expect(commit.headers['x-asset-idempotency']).toBe('miss');
  });
});

describe('registrations', () => {
  describeNeeding({ capabilities: ['state-changes'] }, 'register_* endpoints', () => {
    it('register_class is a one-operation commit answering the class id; again is 409 CLASS_ALREADY_EXISTS', async () => {
      const ns = await wd.provisioned();
      const path = { namespace_id: ns.namespace_id };
      const { body } = await wd.api.ok('register_class_endpoint', {
        path,
        body: { class_id: 'gold', name: 'Gold', behavior: { balance_scale: 1000 } } as never,
      });
      expect(body).toMatchObject({
        namespace: ns.namespace_id,
        class_id: 'gold',
        outcome: 'Committed',
        world_seq_start: 1,
        world_seq_end: 1,
        event_count: 1,
      });
      expect(await wd.status(ns.namespace_id)).toMatchObject({ world_seq: 1, last_commit_id: body.commit_id });
      await wd.api.problem(
        'register_class_endpoint',
        { path, body: { class_id: 'gold', name: 'Gold' } as never },
        409,
        'CLASS_ALREADY_EXISTS',
      );
      expect((await wd.status(ns.namespace_id)).world_seq).toBe(1);
      // The class is usable by commits.
      await wd.commit(ns.namespace_id, [ops.balance('v'), ops.addFungible('gold', 'v', 1)]);
    });

    it.each([
      ['register_class_shape_endpoint', { width: 2, height: 1 }],
      ['register_class_continuous_shape_1d_endpoint', { span_length_scaled: 1500 }],
      ['register_class_continuous_shape_2d_endpoint', { rect_width_scaled: 1200, rect_height_scaled: 800 }],
    ] as const)(
      '%s: 404 CLASS_NOT_FOUND for an unknown class, 200 with stack_key, then 409 CLASS_SHAPE_ALREADY_EXISTS',
      async (operationId, shape) => {
        const ns = await wd.provisioned();
        const path = { namespace_id: ns.namespace_id };
        await wd.api.problem(
          operationId,
          { path, body: { class_id: 'crate', shape } as never },
          404,
          'CLASS_NOT_FOUND',
        );
        await wd.commit(ns.namespace_id, [ops.registerClass('crate')]);
        const { body } = await wd.api.ok(operationId, { path, body: { class_id: 'crate', shape } as never });
        expect(body).toMatchObject({
          class_id: 'crate',
          stack_key: null,
          event_count: 1,
          world_seq_start: 2,
          world_seq_end: 2,
        });
        await wd.api.problem(
          operationId,
          { path, body: { class_id: 'crate', shape } as never },
          409,
          'CLASS_SHAPE_ALREADY_EXISTS',
        );
        // Another stack key is another shape.
        const keyed = await wd.api.ok(operationId, { path, body: { class_id: 'crate', stack_key: 7, shape } as never });
        expect(keyed.body.stack_key).toBe(7);
      },
    );
  });
});
