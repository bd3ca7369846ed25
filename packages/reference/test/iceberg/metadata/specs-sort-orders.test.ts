import { describe, expect, it } from 'vitest';
import type { PartitionField, SortOrder } from '../../../src/iceberg/model.js';
import { attempt, commit, expectRejected, table } from './helpers.js';

const base = table();
const dayField: PartitionField = { 'source-id': 2, 'field-id': 1000, name: 'ts_day', transform: 'day' };
const byDay = { fields: [dayField] };

describe('add-spec', () => {
  it('adds a spec with the next id and raises last-partition-id', () => {
    const { metadata } = commit(base, [{ action: 'add-spec', spec: byDay }]);
    expect(metadata['partition-specs']).toEqual([
      { 'spec-id': 0, fields: [] },
      { 'spec-id': 1, fields: [{ name: 'ts_day', transform: 'day', 'source-id': 2, 'field-id': 1000 }] },
    ]);
    expect(metadata['last-partition-id']).toBe(1000);
    expect(metadata['default-spec-id']).toBe(0);
  });

  it('gives fields without an id one from 1000 up within the spec (Java binding)', () => {
    const { metadata } = commit(base, [
      {
        action: 'add-spec',
        spec: {
          fields: [
            { 'source-id': 1, name: 'id_bucket', transform: 'bucket[8]' },
            { 'source-id': 3, name: 'data_trunc', transform: 'truncate[4]' },
          ],
        },
      },
    ]);
    expect(metadata['partition-specs']?.[1]?.fields.map((field) => field['field-id'])).toEqual([1000, 1001]);
    expect(metadata['last-partition-id']).toBe(1001);
  });

  it('reuses a spec with the same fields (different field ids do not matter)', () => {
    const once = commit(base, [{ action: 'add-spec', spec: byDay }]).metadata;
    const again = commit(once, [
      { action: 'add-spec', spec: { 'spec-id': 8, fields: [{ ...dayField, 'field-id': 1005 }] } },
    ]);
    expect(again.changed).toBe(false);
  });

  it('refuses an unknown source column and a non-primitive source', () => {
    expectRejected(
      attempt(base, [{ action: 'add-spec', spec: { fields: [{ 'source-id': 9, name: 'x', transform: 'identity' }] } }]),
      400,
      /Cannot find source column/,
    );
  });

  it('v1 requires sequential field ids', () => {
    const v1 = table(1);
    expectRejected(
      attempt(v1, [{ action: 'add-spec', spec: { fields: [{ ...dayField, 'field-id': 1003 }] } }]),
      400,
      /sequential IDs/,
    );
  });
});

describe('set-default-spec', () => {
  it('-1 is the spec added last in this request; a reused spec stays "last added" only if one was added', () => {
    const { metadata } = commit(base, [
      { action: 'add-spec', spec: byDay },
      { action: 'set-default-spec', 'spec-id': -1 },
    ]);
    expect(metadata['default-spec-id']).toBe(1);
    expectRejected(
      attempt(metadata, [
        { action: 'add-spec', spec: byDay },
        { action: 'set-default-spec', 'spec-id': -1 },
      ]),
      400,
      /no spec has been added/,
    );
  });

  it('-1 without an added spec, or an unknown id, is a 400', () => {
    expectRejected(attempt(base, [{ action: 'set-default-spec', 'spec-id': -1 }]), 400, /no spec has been added/);
    expectRejected(attempt(base, [{ action: 'set-default-spec', 'spec-id': 3 }]), 400, /unknown spec: 3/);
  });
});

describe('remove-partition-specs', () => {
  const two = commit(base, [
    { action: 'add-spec', spec: byDay },
    { action: 'set-default-spec', 'spec-id': -1 },
  ]).metadata;

  it('removes a spec that is not the default', () => {
    const { metadata } = commit(two, [{ action: 'remove-partition-specs', 'spec-ids': [0] }]);
    expect(metadata['partition-specs']?.map((spec) => spec['spec-id'])).toEqual([1]);
    expect(metadata['last-partition-id']).toBe(1000);
  });

  it('cannot remove the default spec (400)', () => {
    expectRejected(
      attempt(two, [{ action: 'remove-partition-specs', 'spec-ids': [1] }]),
      400,
      /default partition spec/,
    );
  });
});

const byData: SortOrder = {
  'order-id': 1,
  fields: [{ 'source-id': 3, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }],
};

describe('add-sort-order and set-default-sort-order', () => {
  it('adds the first real order as id 1 and makes it the default with -1', () => {
    const { metadata } = commit(base, [
      { action: 'add-sort-order', 'sort-order': { ...byData, 'order-id': 7 } },
      { action: 'set-default-sort-order', 'sort-order-id': -1 },
    ]);
    expect(metadata['sort-orders']).toEqual([{ 'order-id': 0, fields: [] }, byData]);
    expect(metadata['default-sort-order-id']).toBe(1);
  });

  it('reuses an identical order and the unsorted order', () => {
    const sorted = commit(base, [{ action: 'add-sort-order', 'sort-order': byData }]).metadata;
    expect(commit(sorted, [{ action: 'add-sort-order', 'sort-order': { ...byData, 'order-id': 4 } }]).changed).toBe(
      false,
    );
    expect(commit(sorted, [{ action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } }]).changed).toBe(
      false,
    );
    const next = commit(sorted, [
      {
        action: 'add-sort-order',
        'sort-order': {
          'order-id': 1,
          fields: [{ ...byData.fields[0], direction: 'desc' } as SortOrder['fields'][number]],
        },
      },
    ]).metadata;
    expect(next['sort-orders']?.map((order) => order['order-id'])).toEqual([0, 1, 2]);
  });

  it('refuses an unknown source, a transform the type cannot take, and order id 0 with fields', () => {
    expectRejected(
      attempt(base, [
        {
          action: 'add-sort-order',
          'sort-order': { ...byData, fields: [{ ...byData.fields[0], 'source-id': 8 }] } as SortOrder,
        },
      ]),
      400,
      /Cannot find source column for sort field/,
    );
    expectRejected(
      attempt(base, [
        {
          action: 'add-sort-order',
          'sort-order': { ...byData, fields: [{ ...byData.fields[0], transform: 'hour' }] } as SortOrder,
        },
      ]),
      400,
      /Invalid source type/,
    );
    expectRejected(
      attempt(base, [{ action: 'add-sort-order', 'sort-order': { ...byData, 'order-id': 0 } }]),
      400,
      /reserved for unsorted/,
    );
  });

  it('-1 without an added order, or an unknown id, is a 400', () => {
    expectRejected(
      attempt(base, [{ action: 'set-default-sort-order', 'sort-order-id': -1 }]),
      400,
      /no sort order has been added/,
    );
    expectRejected(attempt(base, [{ action: 'set-default-sort-order', 'sort-order-id': 2 }]), 400, /unknown order: 2/);
  });
});
