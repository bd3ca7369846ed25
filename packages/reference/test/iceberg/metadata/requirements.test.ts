import { describe, expect, it } from 'vitest';
import { applyCommit } from '../../../src/iceberg/metadata/index.js';
import type { TableRequirement, TableUpdate } from '../../../src/iceberg/model.js';
import { append, attempt, commit, expectOk, expectRejected, LATER, table, UUID } from './helpers.js';

const noop: TableUpdate[] = [];
const base = table();
const withMain = commit(base, append(11)).metadata;

function check(requirement: TableRequirement, metadata = base) {
  return attempt(metadata, noop, [requirement]);
}

describe('requirements (Java UpdateRequirement)', () => {
  it('assert-create holds only when the table does not exist', () => {
    expectRejected(check({ type: 'assert-create' }), 409, /already exists/);
    const created = attempt(
      undefined,
      [
        { action: 'assign-uuid', uuid: UUID },
        {
          action: 'add-schema',
          schema: { type: 'struct', fields: [{ id: 1, name: 'a', type: 'int', required: true }] },
        },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'add-spec', spec: { fields: [] } },
        { action: 'set-default-spec', 'spec-id': -1 },
        { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
        { action: 'set-default-sort-order', 'sort-order-id': -1 },
        { action: 'set-location', location: 's3://w/t' },
      ],
      [{ type: 'assert-create' }],
    );
    expect(expectOk(created).changed).toBe(true);
  });

  it('assert-create must be the only requirement (400)', () => {
    expectRejected(
      attempt(undefined, noop, [
        { type: 'assert-create' },
        { type: 'assert-current-schema-id', 'current-schema-id': 0 },
      ]),
      400,
      /Invalid create requirements/,
    );
  });

  it('assert-table-uuid compares case-insensitively', () => {
    expectOk(check({ type: 'assert-table-uuid', uuid: UUID.toUpperCase() }));
    expectRejected(check({ type: 'assert-table-uuid', uuid: '00000000-0000-0000-0000-000000000000' }), 409, /UUID/);
    expectRejected(attempt(undefined, noop, [{ type: 'assert-table-uuid', uuid: UUID }]), 409, /does not exist/);
  });

  it('assert-ref-snapshot-id: an existing ref must match, a null id means the ref must not exist', () => {
    expectOk(check({ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 11 }, withMain));
    expectOk(check({ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 11n as unknown as number }, withMain));
    expectRejected(
      check({ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 12 }, withMain),
      409,
      /has changed/,
    );
    expectRejected(
      check({ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }, withMain),
      409,
      /created concurrently/,
    );
    expectOk(check({ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }));
    expectRejected(check({ type: 'assert-ref-snapshot-id', ref: 'dev', 'snapshot-id': 11 }, withMain), 409, /missing/);
  });

  it('assert-last-assigned-field-id holds on an equal id or a missing table', () => {
    expectOk(check({ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 }));
    expectRejected(check({ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 2 }), 409, /field id/);
    expect(
      applyCommit(undefined, [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 7 }], noop, {
        now: LATER,
      }).ok,
    ).toBe(false); // holds, but empty metadata without a schema cannot be built
  });

  it('assert-current-schema-id', () => {
    expectOk(check({ type: 'assert-current-schema-id', 'current-schema-id': 0 }));
    expectRejected(check({ type: 'assert-current-schema-id', 'current-schema-id': 1 }), 409, /current schema changed/);
  });

  it('assert-last-assigned-partition-id', () => {
    expectOk(check({ type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 999 }));
    expectRejected(
      check({ type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 1000 }),
      409,
      /partition id changed/,
    );
  });

  it('assert-default-spec-id', () => {
    expectOk(check({ type: 'assert-default-spec-id', 'default-spec-id': 0 }));
    expectRejected(check({ type: 'assert-default-spec-id', 'default-spec-id': 1 }), 409, /default partition spec/);
  });

  it('assert-default-sort-order-id', () => {
    expectOk(check({ type: 'assert-default-sort-order-id', 'default-sort-order-id': 0 }));
    expectRejected(
      check({ type: 'assert-default-sort-order-id', 'default-sort-order-id': 1 }),
      409,
      /default sort order/,
    );
  });

  it('the first failed requirement wins, and no update is applied', () => {
    const outcome = attempt(
      base,
      [{ action: 'set-properties', updates: { a: 'b' } }],
      [
        { type: 'assert-current-schema-id', 'current-schema-id': 0 },
        { type: 'assert-default-spec-id', 'default-spec-id': 5 },
        { type: 'assert-table-uuid', uuid: 'other' },
      ],
    );
    expectRejected(outcome, 409, /default partition spec/);
  });

  it('an unknown requirement type is a 400, even when another requirement fails', () => {
    expectRejected(
      attempt(base, noop, [
        { type: 'assert-table-uuid', uuid: 'other' },
        { type: 'assert-view-uuid', uuid: UUID } as unknown as TableRequirement,
      ]),
      400,
      /unknown table requirement type: assert-view-uuid/,
    );
  });
});
