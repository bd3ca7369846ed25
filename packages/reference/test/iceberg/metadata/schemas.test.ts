import { describe, expect, it } from 'vitest';
import type { Schema, TableUpdate } from '../../../src/iceberg/model.js';
import { attempt, commit, expectRejected, table } from './helpers.js';

const base = table();
const current = base.schemas?.[0] as Schema;
const wider: Schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [...current.fields, { id: 4, name: 'extra', type: 'int', required: false }],
};

describe('add-schema', () => {
  it('adds a schema with the highest id + 1 and raises last-column-id', () => {
    const { metadata, changed } = commit(base, [{ action: 'add-schema', schema: wider, 'last-column-id': 1 }]);
    expect(changed).toBe(true);
    expect(metadata.schemas?.map((schema) => schema['schema-id'])).toEqual([0, 1]);
    expect(metadata.schemas?.[1]).toEqual({ type: 'struct', 'schema-id': 1, fields: wider.fields });
    expect(metadata['last-column-id']).toBe(4);
    expect(metadata['current-schema-id']).toBe(0);
  });

  it('reuses an identical schema instead of adding it again (no change)', () => {
    const { metadata, changed } = commit(base, [{ action: 'add-schema', schema: { ...current, 'schema-id': 9 } }]);
    expect(changed).toBe(false);
    expect(metadata).toBe(base);
  });

  it('refuses a schema the format version cannot hold', () => {
    const schema: Schema = { type: 'struct', fields: [{ id: 1, name: 'v', type: 'variant', required: false }] };
    expectRejected(attempt(base, [{ action: 'add-schema', schema }]), 400, /not supported until v3/);
  });
});

describe('set-current-schema', () => {
  it('-1 is the schema added last in this request', () => {
    const { metadata } = commit(base, [
      { action: 'add-schema', schema: wider },
      { action: 'set-current-schema', 'schema-id': -1 },
    ]);
    expect(metadata['current-schema-id']).toBe(1);
  });

  it('-1 still names a schema added earlier in this request when it is added again', () => {
    const other: Schema = { type: 'struct', fields: [{ id: 1, name: 'id', type: 'long', required: true }] };
    const { metadata } = commit(base, [
      { action: 'add-schema', schema: wider },
      { action: 'add-schema', schema: other },
      { action: 'add-schema', schema: wider },
      { action: 'set-current-schema', 'schema-id': -1 },
    ]);
    expect(metadata.schemas?.map((schema) => schema['schema-id'])).toEqual([0, 1, 2]);
    expect(metadata['current-schema-id']).toBe(1);
  });

  it('-1 without a schema added in this request is a 400', () => {
    expectRejected(attempt(base, [{ action: 'set-current-schema', 'schema-id': -1 }]), 400, /no schema has been added/);
  });

  it('-1 after re-adding an existing schema (not added by this request) is a 400, as in Java', () => {
    const evolved = commit(base, [
      { action: 'add-schema', schema: wider },
      { action: 'set-current-schema', 'schema-id': -1 },
    ]).metadata;
    expectRejected(
      attempt(evolved, [
        { action: 'add-schema', schema: current },
        { action: 'set-current-schema', 'schema-id': -1 },
      ]),
      400,
      /no schema has been added/,
    );
    // The explicit id (what clients send in that case) works.
    expect(commit(evolved, [{ action: 'set-current-schema', 'schema-id': 0 }]).metadata['current-schema-id']).toBe(0);
  });

  it('an unknown id is a 400; the current id is a no-op', () => {
    expectRejected(attempt(base, [{ action: 'set-current-schema', 'schema-id': 5 }]), 400, /unknown schema: 5/);
    expect(commit(base, [{ action: 'set-current-schema', 'schema-id': 0 }]).changed).toBe(false);
  });

  it('a current schema that drops the default spec’s source column is a 400', () => {
    const partitioned = table(2, {
      'partition-spec': { fields: [{ 'source-id': 7, name: 'ts_day', transform: 'day' }] },
    });
    const withoutTs: Schema = { type: 'struct', fields: [{ id: 1, name: 'id', type: 'long', required: true }] };
    expectRejected(
      attempt(partitioned, [
        { action: 'add-schema', schema: withoutTs },
        { action: 'set-current-schema', 'schema-id': -1 },
      ]),
      400,
      /Cannot find source column for partition field/,
    );
  });
});

describe('remove-schemas', () => {
  const evolved = commit(base, [
    { action: 'add-schema', schema: wider },
    { action: 'set-current-schema', 'schema-id': -1 },
  ]).metadata;

  it('removes old schemas and ignores unknown ids', () => {
    const { metadata, changed } = commit(evolved, [{ action: 'remove-schemas', 'schema-ids': [0, 42] }]);
    expect(changed).toBe(true);
    expect(metadata.schemas?.map((schema) => schema['schema-id'])).toEqual([1]);
    expect(metadata['last-column-id']).toBe(4);
  });

  it('cannot remove the current schema (400)', () => {
    expectRejected(attempt(evolved, [{ action: 'remove-schemas', 'schema-ids': [1] }]), 400, /current schema/);
  });

  it('removing only unknown ids changes nothing', () => {
    const updates: TableUpdate[] = [{ action: 'remove-schemas', 'schema-ids': [42] }];
    expect(commit(evolved, updates).changed).toBe(false);
  });
});
