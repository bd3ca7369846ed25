import { describe, expect, it } from 'vitest';
import { createNamespace, startDaemon } from './client.js';
import { balance, cell, commit, op, preflight, slot } from './fixtures.js';

const NS = '/v1/write/namespaces';

async function provisioned(options: Parameters<typeof startDaemon>[0] = {}) {
  const daemon = await startDaemon(options);
  await createNamespace(daemon.client, 42);
  return daemon;
}

describe('write daemon: commits', () => {
  it('applies operations in order, one event each, with consecutive world_seq and a full receipt', async () => {
    const { client } = await provisioned({ now: () => 1_800_000_000_000 });
    const first = await commit(client, 42, [op.registerClass('gold'), op.createBalance('vault', 1000)], {
      actor_id: 'svc:stocker',
      metadata: { ticket: 'OPS-1' },
      origin: { client: 'stocker', extra: 1 },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      namespace: 42,
      commit_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      outcome: 'Committed',
      world_seq_start: 1,
      world_seq_end: 2,
      event_count: 2,
      start_time_ms: 1_800_000_000_000,
      commit_time_ms: 1_800_000_000_000,
      server_correlation_id: expect.any(String),
      metadata: { ticket: 'OPS-1' },
      origin: { client: 'stocker', extra: 1 },
    });
    expect(first.headers['x-asset-idempotency']).toBeUndefined();
    const second = await commit(client, 42, [op.addFungible('gold', balance('vault'), '150.125')], {});
    expect(second.body).toMatchObject({ world_seq_start: 3, world_seq_end: 3, event_count: 1 });
    const status = await client.get(`${NS}/42/status`);
    expect(status.body).toMatchObject({ world_seq: 3, last_commit_id: second.body.commit_id });
    // Commits do not touch metadata.
    expect(status.body.revision).toBe(2);
    const over = await preflight(client, 42, [op.removeFungible('gold', balance('vault'), '150.126')]);
    expect(over.body.op_results[0].error).toEqual({
      code: 'INSUFFICIENT_QUANTITY',
      message: 'vault holds 150.125 gold; cannot remove 150.126.',
    });
  });

  it('answers 422 COMMIT_VALIDATION_FAILED naming the first failing operation, and applies nothing', async () => {
    const { client } = await provisioned();
    const failed = await commit(client, 42, [
      op.createBalance('a'),
      op.registerClass('gold'),
      op.addFungible('gold', balance('missing'), '1'),
      op.createBalance('b'),
    ]);
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({
      code: 'COMMIT_VALIDATION_FAILED',
      op_index: 2,
      op: 'AddFungible',
      core_error: { code: 'CONTAINER_NOT_FOUND' },
      instance: '/v1/write/namespaces/42/commit',
    });
    expect((await client.get(`${NS}/42/status`)).body.world_seq).toBe(0);
    // Nothing of operations 0 and 1 was kept: both can be made again.
    expect((await commit(client, 42, [op.createBalance('a'), op.registerClass('gold')])).status).toBe(200);
  });

  it('refuses commits to a namespace that is not writable with 409 and every reason', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 1, {}, false);
    const created = await commit(client, 1, [op.createBalance('a')]);
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ code: 'NAMESPACE_NOT_WRITABLE', not_writable_reasons: ['lifecycle_created'] });
    await client.post(`${NS}/1/lifecycle`, { target_state: 'provisioned', reason: 'go' });
    await client.post(`${NS}/1/operational_state`, {
      write_mode: 'read_only',
      draining: true,
      frozen: true,
      reason: 'x',
    });
    const all = await commit(client, 1, [op.createBalance('a')]);
    expect(all.body.not_writable_reasons).toEqual(['read_only', 'draining', 'frozen']);
    expect((await client.post(`${NS}/1/register_class`, { class_id: 'x', name: 'x' })).body.code).toBe(
      'NAMESPACE_NOT_WRITABLE',
    );
    expect((await commit(client, 99, [op.createBalance('a')])).status).toBe(404);
    expect((await commit(client, 1, [])).body.code).toBe('INVALID_REQUEST');
    expect((await commit(client, 1, [{ op: 'TransferMany', args: {} }])).body.code).toBe('INVALID_REQUEST');
    expect(
      (await commit(client, 1, [op.createBalance('a')], { metadata: { big: 'x'.repeat(70_000) } })).body,
    ).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
    });
  });

  it('preflight validates like a commit, stops at the first failure and appends nothing', async () => {
    const { client } = await provisioned();
    await commit(client, 42, [op.registerClass('gold'), op.createBalance('vault')]);
    const result = await preflight(client, 42, [
      op.addFungible('gold', balance('vault'), '5'),
      op.removeFungible('gold', balance('vault'), '6'),
      op.createBalance('other'),
    ]);
    expect(result.body).toMatchObject({
      namespace: 42,
      valid: false,
      validated_world_seq: 2,
      failed_op_index: 1,
      writable: true,
      not_writable_reasons: [],
      op_results: [
        { index: 0, op: 'AddFungible', outcome: 'ok' },
        { index: 1, op: 'RemoveFungible', outcome: 'failed', error: { code: 'INSUFFICIENT_QUANTITY' } },
        { index: 2, op: 'CreateContainer', outcome: 'not_evaluated' },
      ],
    });
    const ok = await preflight(client, 42, [op.addFungible('gold', balance('vault'), '5')]);
    expect(ok.body).toMatchObject({ valid: true, failed_op_index: null });
    expect((await client.get(`${NS}/42/status`)).body.world_seq).toBe(2);
    expect((await preflight(client, 42, [op.removeFungible('gold', balance('vault'), '1')])).body.valid).toBe(false);

    await client.post(`${NS}/42/operational_state`, { write_mode: 'read_only', reason: 'x' });
    const readOnly = await preflight(client, 42, [op.createBalance('c')]);
    expect(readOnly.body).toMatchObject({ valid: true, writable: false, not_writable_reasons: ['read_only'] });
    await client.post(`${NS}/42/lifecycle`, { target_state: 'disabled', reason: 'x' });
    const disabled = await preflight(client, 42, [op.createBalance('c')]);
    expect(disabled.status).toBe(422);
    expect(disabled.body).toMatchObject({
      code: 'NAMESPACE_NOT_WRITABLE',
      not_writable_reasons: ['lifecycle_disabled', 'read_only'],
    });
  });
});

describe('write daemon: operations and their validation', () => {
  /** Runs `operations` after a common setup and returns the core error of the first failure (or 'ok'). */
  async function outcome(operations: unknown[]) {
    const { client } = await provisioned();
    const setup = await commit(client, 42, [
      op.registerClass('gold'),
      op.registerClass('robot'),
      op.gridShape('robot', 2, 1),
      op.createBalance('vault', 1000),
      op.createBalance('bank'),
      op.createContainer('grid', { type: 'grid', capacity: 6, grid_width: 3 }),
      op.createContainer('slots', { type: 'slots', count: 2 }),
      op.createContainer('line', { type: 'continuous_line_1d', min_x: 0, max_x: 100 }),
      op.createContainer('plane', { type: 'continuous_grid_2d', min_x: 0, max_x: 100, min_y: 0, max_y: 100 }),
      op.addFungible('gold', balance('vault'), '10'),
    ]);
    expect(setup.status).toBe(200);
    const result = await preflight(client, 42, operations);
    const failedAt = result.body.failed_op_index;
    return failedAt === null ? 'ok' : result.body.op_results[failedAt].error.code;
  }

  it.each([
    ['CreateContainer taken', [op.createBalance('vault')], 'CONTAINER_ALREADY_EXISTS'],
    [
      'grid capacity not a multiple of width',
      [op.createContainer('g', { type: 'grid', capacity: 5, grid_width: 2 })],
      'INVALID_CONTAINER_KIND',
    ],
    [
      'line min >= max',
      [op.createContainer('l', { type: 'continuous_line_1d', min_x: 5, max_x: 5 })],
      'INVALID_CONTAINER_KIND',
    ],
    ['RemoveContainer unknown', [op.removeContainer('nope')], 'CONTAINER_NOT_FOUND'],
    ['RemoveContainer not empty', [op.removeContainer('vault')], 'CONTAINER_NOT_EMPTY'],
    [
      'RemoveContainer emptied in the same commit',
      [op.removeFungible('gold', balance('vault'), '10'), op.removeContainer('vault')],
      'ok',
    ],
    ['AddFungible unknown class', [op.addFungible('silver', balance('vault'), '1')], 'CLASS_NOT_FOUND'],
    ['AddFungible zero', [op.addFungible('gold', balance('vault'), '0')], 'QUANTITY_NOT_REPRESENTABLE'],
    [
      'AddFungible finer than the scale',
      [op.addFungible('gold', balance('vault'), '0.0001')],
      'QUANTITY_NOT_REPRESENTABLE',
    ],
    ['AddFungible at the scale', [op.addFungible('gold', balance('vault'), '0.001')], 'ok'],
    [
      'AddFungible balance location in a grid',
      [op.addFungible('gold', balance('grid'), '1')],
      'LOCATION_KIND_MISMATCH',
    ],
    [
      'AddFungible in a continuous container',
      [op.addFungible('gold', { kind: 'continuous_1d', container_id: 'line', x: 1 }, '1')],
      'LOCATION_KIND_MISMATCH',
    ],
    ['AddFungible cell out of bounds', [op.addFungible('gold', cell('grid', 6), '1')], 'LOCATION_OUT_OF_BOUNDS'],
    ['AddFungible slot out of bounds', [op.addFungible('gold', slot('slots', 2), '1')], 'LOCATION_OUT_OF_BOUNDS'],
    [
      'AddFungible into a cell of an instance',
      [op.addInstance('robot', cell('grid', 0)), op.addFungible('gold', cell('grid', 1), '1')],
      'LOCATION_OCCUPIED',
    ],
    [
      'AddFungible onto its own stack',
      [op.addFungible('gold', slot('slots', 0), '1'), op.addFungible('gold', slot('slots', 0), '2')],
      'ok',
    ],
    ['RemoveFungible more than held', [op.removeFungible('gold', balance('vault'), '10.001')], 'INSUFFICIENT_QUANTITY'],
    ['RemoveFungible from an empty slot', [op.removeFungible('gold', slot('slots', 0), '1')], 'INSUFFICIENT_QUANTITY'],
    [
      'MoveFungible same location',
      [{ op: 'MoveFungible', args: { class_id: 'gold', from: balance('vault'), to: balance('vault'), quantity: '1' } }],
      'SAME_LOCATION',
    ],
    [
      'MoveFungible to a slot',
      [{ op: 'MoveFungible', args: { class_id: 'gold', from: balance('vault'), to: slot('slots', 1), quantity: '2' } }],
      'ok',
    ],
    [
      'MoveFungible not representable at the destination',
      [
        {
          op: 'MoveFungible',
          args: { class_id: 'gold', from: balance('vault'), to: balance('bank'), quantity: '0.5' },
        },
      ],
      'QUANTITY_NOT_REPRESENTABLE',
    ],
    [
      'TransferFungible',
      [
        {
          op: 'TransferFungible',
          args: { class_id: 'gold', from_container_id: 'vault', to_container_id: 'bank', quantity: '3' },
        },
      ],
      'ok',
    ],
    [
      'TransferFungible same container',
      [
        {
          op: 'TransferFungible',
          args: { class_id: 'gold', from_container_id: 'vault', to_container_id: 'vault', quantity: '3' },
        },
      ],
      'SAME_LOCATION',
    ],
    [
      'TransferFungible to a grid',
      [
        {
          op: 'TransferFungible',
          args: { class_id: 'gold', from_container_id: 'vault', to_container_id: 'grid', quantity: '3' },
        },
      ],
      'LOCATION_KIND_MISMATCH',
    ],
    [
      'TransferFungible too much',
      [
        {
          op: 'TransferFungible',
          args: { class_id: 'gold', from_container_id: 'vault', to_container_id: 'bank', quantity: '11' },
        },
      ],
      'INSUFFICIENT_QUANTITY',
    ],
    ['AddInstance unknown class', [op.addInstance('drone', cell('grid', 0))], 'CLASS_NOT_FOUND'],
    ['AddInstance in a balance', [op.addInstance('robot', balance('vault'))], 'LOCATION_KIND_MISMATCH'],
    ['AddInstance footprint past the row end', [op.addInstance('robot', cell('grid', 2))], 'LOCATION_OUT_OF_BOUNDS'],
    ['AddInstance turned footprint fits the column', [op.addInstance('robot', cell('grid', 2, 'cw90'))], 'ok'],
    [
      'AddInstance turned footprint past the last row',
      [op.addInstance('robot', cell('grid', 3, 'cw90'))],
      'LOCATION_OUT_OF_BOUNDS',
    ],
    [
      'AddInstance overlapping footprints',
      [op.addInstance('robot', cell('grid', 0)), op.addInstance('robot', cell('grid', 1))],
      'LOCATION_OCCUPIED',
    ],
    [
      'AddInstance taken id',
      [op.addInstance('robot', slot('slots', 0), 'r1'), op.addInstance('robot', slot('slots', 1), 'r1')],
      'INSTANCE_ALREADY_EXISTS',
    ],
    [
      'AddInstance on a line, overlapping points',
      [
        op.addInstance('gold', { kind: 'continuous_1d', container_id: 'line', x: 5 }),
        op.addInstance('gold', { kind: 'continuous_1d', container_id: 'line', x: 5 }),
      ],
      'LOCATION_OCCUPIED',
    ],
    [
      'AddInstance on a line, outside',
      [op.addInstance('gold', { kind: 'continuous_1d', container_id: 'line', x: 100 })],
      'LOCATION_OUT_OF_BOUNDS',
    ],
    [
      'AddInstance on a plane',
      [op.addInstance('gold', { kind: 'continuous_2d', container_id: 'plane', x: 99, y: 0 })],
      'ok',
    ],
    [
      'AddInstance on a plane, outside',
      [op.addInstance('gold', { kind: 'continuous_2d', container_id: 'plane', x: 100, y: 0 })],
      'LOCATION_OUT_OF_BOUNDS',
    ],
    [
      'MoveInstance unknown',
      [{ op: 'MoveInstance', args: { instance_id: 'ghost', to: slot('slots', 0) } }],
      'INSTANCE_NOT_FOUND',
    ],
    [
      'MoveInstance to where it is',
      [
        op.addInstance('robot', slot('slots', 0), 'r1'),
        { op: 'MoveInstance', args: { instance_id: 'r1', to: slot('slots', 0) } },
      ],
      'SAME_LOCATION',
    ],
    [
      'MoveInstance over its own cells',
      [
        op.addInstance('robot', cell('grid', 0), 'r1'),
        { op: 'MoveInstance', args: { instance_id: 'r1', to: cell('grid', 1) } },
      ],
      'ok',
    ],
    [
      'MoveInstance into a taken slot',
      [
        op.addInstance('robot', slot('slots', 0), 'r1'),
        op.addInstance('robot', slot('slots', 1), 'r2'),
        { op: 'MoveInstance', args: { instance_id: 'r1', to: slot('slots', 1) } },
      ],
      'LOCATION_OCCUPIED',
    ],
    ['RegisterClass taken', [op.registerClass('gold')], 'CLASS_ALREADY_EXISTS'],
    ['RegisterClassShape unknown class', [op.gridShape('drone', 1, 1)], 'CLASS_NOT_FOUND'],
    ['RegisterClassShape taken', [op.gridShape('robot', 1, 1)], 'CLASS_SHAPE_ALREADY_EXISTS'],
    [
      'RegisterClassContinuousShape1d',
      [
        {
          op: 'RegisterClassContinuousShape1d',
          args: { request: { class_id: 'robot', shape: { span_length_scaled: 10 } } },
        },
      ],
      'ok',
    ],
  ])('%s', async (_name, operations, expected) => {
    expect(await outcome(operations)).toBe(expected);
  });

  it('mints inst-<world_seq> for an AddInstance without an id, and reports it', async () => {
    const { client } = await provisioned();
    await commit(client, 42, [op.registerClass('robot'), op.createContainer('s', { type: 'slots', count: 3 })]);
    const result = await commit(client, 42, [
      op.addInstance('robot', slot('s', 0), 'named'),
      op.addInstance('robot', slot('s', 1)),
    ]);
    expect(result.body.minted_ids).toEqual([{ op_index: 1, instance_id: 'inst-4' }]);
    const moved = await commit(client, 42, [{ op: 'MoveInstance', args: { instance_id: 'inst-4', to: slot('s', 2) } }]);
    expect(moved.status).toBe(200);
  });
});

describe('write daemon: registration endpoints', () => {
  it('registers as one-operation commits, with 409 and 404 for conflicts and unknown classes', async () => {
    const { client } = await provisioned();
    const registered = await client.post(`${NS}/42/register_class`, { class_id: 'crate', name: 'Crate', flags: 2 });
    expect(registered.body).toMatchObject({ class_id: 'crate', world_seq_start: 1, world_seq_end: 1, event_count: 1 });
    const again = await client.post(`${NS}/42/register_class`, { class_id: 'crate', name: 'Crate' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CLASS_ALREADY_EXISTS',
      instance: '/v1/write/namespaces/42/register_class',
    });
    for (const [path, shape] of [
      ['register_class_shape', { width: 2, height: 1 }],
      ['register_class_continuous_shape_1d', { span_length_scaled: 1500 }],
      ['register_class_continuous_shape_2d', { rect_width_scaled: 12, rect_height_scaled: 8 }],
    ] as const) {
      const missing = await client.post(`${NS}/42/${path}`, { class_id: 'ghost', shape });
      expect(missing.status, path).toBe(404);
      expect(missing.body.code, path).toBe('CLASS_NOT_FOUND');
      const ok = await client.post(`${NS}/42/${path}`, { class_id: 'crate', stack_key: 3, shape });
      expect(ok.body, path).toMatchObject({ class_id: 'crate', stack_key: 3, outcome: 'Committed' });
      const taken = await client.post(`${NS}/42/${path}`, { class_id: 'crate', stack_key: 3, shape });
      expect(taken.body.code, path).toBe('CLASS_SHAPE_ALREADY_EXISTS');
      expect((await client.post(`${NS}/42/${path}`, { class_id: 'crate', shape })).body.stack_key, path).toBeNull();
    }
    expect((await client.get(`${NS}/42/status`)).body.world_seq).toBe(7);
    const irreversible = await client.post(`${NS}/42/commits/${registered.body.commit_id}/reverse`, { reason: 'undo' });
    expect(irreversible.status).toBe(422);
    expect(irreversible.body).toMatchObject({ code: 'COMMIT_NOT_REVERSIBLE', op_index: 0, op: 'RegisterClass' });
  });
});
