import { describe, expect, it } from 'vitest';
import { applyCommit } from '../../../src/iceberg/metadata/index.js';
import type { TableMetadata, TableUpdate } from '../../../src/iceberg/model.js';
import {
  append,
  attempt,
  BASE_LOCATION,
  commit,
  deepFreeze,
  expectOk,
  expectRejected,
  LATER,
  LOCATION,
  NOW,
  table,
  UUID,
} from './helpers.js';

const base = table();

describe('assign-uuid', () => {
  it('the same UUID is a no-op; another one on an existing table is a 400', () => {
    expect(commit(base, [{ action: 'assign-uuid', uuid: UUID }]).changed).toBe(false);
    expect(commit(base, [{ action: 'assign-uuid', uuid: UUID.toUpperCase() }]).changed).toBe(false);
    expectRejected(
      attempt(base, [{ action: 'assign-uuid', uuid: '11111111-1111-1111-1111-111111111111' }]),
      400,
      /existing table/,
    );
  });
});

describe('upgrade-format-version', () => {
  it('upgrades v2 to v3: next-row-id appears and "no snapshot" becomes null', () => {
    const { metadata } = commit(base, [{ action: 'upgrade-format-version', 'format-version': 3 }]);
    expect(metadata['format-version']).toBe(3);
    expect(metadata['next-row-id']).toBe(0);
    expect(metadata['current-snapshot-id']).toBeNull();
  });

  it('upgrades v1 to v2: the legacy keys go and last-sequence-number appears', () => {
    const { metadata } = commit(table(1), [{ action: 'upgrade-format-version', 'format-version': 2 }]);
    expect(metadata).not.toHaveProperty('schema');
    expect(metadata).not.toHaveProperty('partition-spec');
    expect(metadata['last-sequence-number']).toBe(0);
  });

  it('the same version is a no-op; a downgrade or an unsupported version is a 400', () => {
    expect(commit(base, [{ action: 'upgrade-format-version', 'format-version': 2 }]).changed).toBe(false);
    expectRejected(attempt(base, [{ action: 'upgrade-format-version', 'format-version': 1 }]), 400, /downgrade v2/);
    expectRejected(attempt(base, [{ action: 'upgrade-format-version', 'format-version': 4 }]), 400, /unsupported/);
  });
});

describe('set-location', () => {
  it('changes the location; the same one (trailing slash aside) is a no-op', () => {
    expect(commit(base, [{ action: 'set-location', location: 's3://other/t/' }]).metadata.location).toBe(
      's3://other/t',
    );
    expect(commit(base, [{ action: 'set-location', location: `${LOCATION}/` }]).changed).toBe(false);
  });
});

describe('set-properties and remove-properties', () => {
  it('merges and removes; missing keys and identical values change nothing', () => {
    const { metadata } = commit(base, [
      { action: 'set-properties', updates: { owner: 'ana', 'commit.retry.num-retries': '9' } },
      { action: 'remove-properties', removals: ['commit.retry.num-retries', 'missing'] },
    ]);
    expect(metadata.properties).toEqual({ 'write.parquet.compression-codec': 'zstd', owner: 'ana' });
    expect(commit(metadata, [{ action: 'set-properties', updates: { owner: 'ana' } }]).changed).toBe(false);
    expect(commit(metadata, [{ action: 'remove-properties', removals: ['missing'] }]).changed).toBe(false);
  });
});

describe('statistics', () => {
  const one = commit(base, append(5, { 'sequence-number': 1 })).metadata;
  const file = {
    'snapshot-id': 5,
    'statistics-path': 's3://w/a.puffin',
    'file-size-in-bytes': 100,
    'file-footer-size-in-bytes': 10,
    'blob-metadata': [{ type: 'apache-datasketches-theta-v1', 'snapshot-id': 5, 'sequence-number': 1, fields: [1] }],
  };

  it('set-statistics replaces the file of the same snapshot; remove-statistics removes it', () => {
    const set = commit(one, [{ action: 'set-statistics', statistics: file, 'snapshot-id': 99 }]).metadata;
    expect(set.statistics).toEqual([file]);
    const replaced = commit(set, [
      { action: 'set-statistics', statistics: { ...file, 'statistics-path': 's3://w/b.puffin' } },
    ]);
    expect(replaced.metadata.statistics).toEqual([{ ...file, 'statistics-path': 's3://w/b.puffin' }]);
    expect(commit(set, [{ action: 'set-statistics', statistics: file }]).changed).toBe(false);
    expect(commit(set, [{ action: 'remove-statistics', 'snapshot-id': 5 }]).metadata.statistics).toEqual([]);
    expect(commit(set, [{ action: 'remove-statistics', 'snapshot-id': 6 }]).changed).toBe(false);
  });

  it('set-partition-statistics and remove-partition-statistics', () => {
    const partitionFile = { 'snapshot-id': 5, 'statistics-path': 's3://w/p.parquet', 'file-size-in-bytes': 7 };
    const set = commit(one, [{ action: 'set-partition-statistics', 'partition-statistics': partitionFile }]).metadata;
    expect(set['partition-statistics']).toEqual([partitionFile]);
    expect(
      commit(set, [{ action: 'remove-partition-statistics', 'snapshot-id': 5 }]).metadata['partition-statistics'],
    ).toEqual([]);
    expect(commit(set, [{ action: 'remove-partition-statistics', 'snapshot-id': 6 }]).changed).toBe(false);
  });
});

describe('encryption keys', () => {
  const key = { 'key-id': 'k1', 'encrypted-key-metadata': 'AAEC', 'encrypted-by-id': 'master' };

  it('add-encryption-key adds once; remove-encryption-key removes; the field is written only when non-empty', () => {
    const added = commit(base, [{ action: 'add-encryption-key', 'encryption-key': key }]).metadata;
    expect(added['encryption-keys']).toEqual([key]);
    expect(commit(added, [{ action: 'add-encryption-key', 'encryption-key': key }]).changed).toBe(false);
    const removed = commit(added, [{ action: 'remove-encryption-key', 'key-id': 'k1' }]).metadata;
    expect(removed).not.toHaveProperty('encryption-keys');
    expect(commit(added, [{ action: 'remove-encryption-key', 'key-id': 'k2' }]).changed).toBe(false);
  });
});

describe('commit bookkeeping', () => {
  it('a changing commit sets last-updated-ms and appends the base file to metadata-log', () => {
    const { metadata } = commit(base, [{ action: 'set-properties', updates: { a: '1' } }]);
    expect(metadata['last-updated-ms']).toBe(LATER);
    expect(metadata['metadata-log']).toEqual([{ 'timestamp-ms': NOW, 'metadata-file': BASE_LOCATION }]);
  });

  it('a commit that changes nothing returns the base itself: no new time, no log entry', () => {
    const outcome = expectOk(
      applyCommit(base, [{ type: 'assert-table-uuid', uuid: UUID }], [{ action: 'set-properties', updates: {} }], {
        now: LATER,
        baseLocation: BASE_LOCATION,
      }),
    );
    expect(outcome.changed).toBe(false);
    expect(outcome.metadata).toBe(base);
  });

  it('metadata-log keeps write.metadata.previous-versions-max entries, dropping the oldest', () => {
    let metadata: TableMetadata = commit(base, [
      { action: 'set-properties', updates: { 'write.metadata.previous-versions-max': '3' } },
    ]).metadata;
    for (let i = 1; i <= 5; i += 1) {
      metadata = expectOk(
        applyCommit(metadata, [], [{ action: 'set-properties', updates: { n: String(i) } }], {
          now: LATER + i,
          baseLocation: `file-${i}.json`,
        }),
      ).metadata;
    }
    expect(metadata['metadata-log']).toEqual([
      { 'timestamp-ms': LATER + 2, 'metadata-file': 'file-3.json' },
      { 'timestamp-ms': LATER + 3, 'metadata-file': 'file-4.json' },
      { 'timestamp-ms': LATER + 4, 'metadata-file': 'file-5.json' },
    ]);
  });

  it('never mutates its inputs (frozen base, requirements and updates)', () => {
    const updates = deepFreeze<TableUpdate[]>([
      {
        action: 'add-schema',
        schema: { type: 'struct', fields: [{ id: 1, name: 'id', type: 'long', required: true }] },
      },
      { action: 'set-current-schema', 'schema-id': -1 },
      ...append(5, { 'sequence-number': 1, 'schema-id': 1 }),
      { action: 'set-properties', updates: { a: 'b' } },
      { action: 'remove-snapshots', 'snapshot-ids': [5] },
    ]);
    const before = JSON.stringify(base);
    const outcome = applyCommit(
      base,
      deepFreeze([{ type: 'assert-current-schema-id', 'current-schema-id': 0 }]),
      updates,
      {
        now: LATER,
        baseLocation: BASE_LOCATION,
      },
    );
    expect(expectOk(outcome).metadata['current-schema-id']).toBe(1);
    expect(JSON.stringify(base)).toBe(before);
    // Retrying with the same base gives the same answer.
    expect(applyCommit(base, [], updates, { now: LATER, baseLocation: BASE_LOCATION })).toEqual(outcome);
  });

  it('an unknown action is a 400 even after valid ones, and nothing is applied', () => {
    expectRejected(
      attempt(base, [
        { action: 'set-properties', updates: { a: 'b' } },
        { action: 'add-view-version' } as unknown as TableUpdate,
      ]),
      400,
      /unknown table update action: add-view-version/,
    );
  });

  it('applies one table’s changes in sequence, each change’s requirements against the previous result', () => {
    const first = expectOk(
      applyCommit(
        base,
        [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 }],
        [
          {
            action: 'add-schema',
            schema: {
              type: 'struct',
              fields: [...(base.schemas?.[0]?.fields ?? []), { id: 4, name: 'x', type: 'int', required: false }],
            },
          },
          { action: 'set-current-schema', 'schema-id': -1 },
        ],
        { now: LATER, baseLocation: BASE_LOCATION },
      ),
    ).metadata;
    const second = applyCommit(
      first,
      [
        { type: 'assert-current-schema-id', 'current-schema-id': 1 },
        { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 4 },
      ],
      append(5, { 'sequence-number': 1, 'schema-id': 1 }),
      { now: LATER + 1 },
    );
    const { metadata } = expectOk(second);
    expect(metadata['current-snapshot-id']).toBe(5);
    expect(metadata['current-schema-id']).toBe(1);
    // The stale requirement of the first change no longer holds against the result.
    expectRejected(
      applyCommit(metadata, [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 }], [], {
        now: LATER,
      }),
      409,
    );
  });
});

describe('create transaction (assert-create, updates from empty metadata)', () => {
  const schema = { type: 'struct' as const, fields: [{ id: 1, name: 'id', type: 'long', required: true }] };
  const createUpdates: TableUpdate[] = [
    { action: 'assign-uuid', uuid: UUID },
    { action: 'upgrade-format-version', 'format-version': 3 },
    { action: 'add-schema', schema, 'last-column-id': 1 },
    { action: 'set-current-schema', 'schema-id': -1 },
    {
      action: 'add-spec',
      spec: { 'spec-id': 0, fields: [{ 'source-id': 1, 'field-id': 1000, name: 'id_b', transform: 'bucket[4]' }] },
    },
    { action: 'set-default-spec', 'spec-id': -1 },
    { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
    { action: 'set-default-sort-order', 'sort-order-id': -1 },
    { action: 'set-location', location: 's3://w/db/t' },
    { action: 'set-properties', updates: { owner: 'ana' } },
  ];

  it('builds the table the updates describe, at the first upgrade-format-version', () => {
    const { metadata, changed } = expectOk(
      applyCommit(undefined, [{ type: 'assert-create' }], createUpdates, { now: LATER, baseLocation: 'ignored' }),
    );
    expect(changed).toBe(true);
    expect(metadata).toMatchObject({
      'format-version': 3,
      'table-uuid': UUID,
      location: 's3://w/db/t',
      'last-sequence-number': 0,
      'last-updated-ms': LATER,
      'last-column-id': 1,
      'current-schema-id': 0,
      'default-spec-id': 0,
      'last-partition-id': 1000,
      'default-sort-order-id': 0,
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      properties: { owner: 'ana' },
      'current-snapshot-id': null,
      'next-row-id': 0,
      'metadata-log': [],
    });
    expect(metadata.schemas).toEqual([{ type: 'struct', 'schema-id': 0, fields: schema.fields }]);
  });

  it('with a first snapshot on main', () => {
    const { metadata } = expectOk(
      applyCommit(
        undefined,
        [{ type: 'assert-create' }],
        [...createUpdates, ...append(8, { 'sequence-number': 1, 'first-row-id': 0, 'added-rows': 2 })],
        { now: LATER },
      ),
    );
    expect(metadata['current-snapshot-id']).toBe(8);
    expect(metadata['next-row-id']).toBe(2);
    expect(metadata['last-sequence-number']).toBe(1);
  });

  it('without a location or UUID the metadata cannot be built (400)', () => {
    expectRejected(
      applyCommit(undefined, [{ type: 'assert-create' }], createUpdates.slice(0, 8), { now: LATER }),
      400,
      /location is required/,
    );
    expectRejected(
      applyCommit(undefined, [{ type: 'assert-create' }], createUpdates.slice(1), { now: LATER }),
      400,
      /UUID is required/,
    );
    const withUuid = applyCommit(undefined, [{ type: 'assert-create' }], createUpdates.slice(1), {
      now: LATER,
      tableUuid: UUID,
    });
    expect(expectOk(withUuid).metadata['table-uuid']).toBe(UUID);
  });

  it('on an existing table it is a 409', () => {
    expectRejected(
      applyCommit(base, [{ type: 'assert-create' }], createUpdates, { now: LATER }),
      409,
      /already exists/,
    );
  });
});
