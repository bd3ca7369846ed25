/**
 * Every update action and requirement type of `updateTable`, one at a time: each applies as the spec
 * describes (checked on the resulting metadata), and each has a refusal (400 for an invalid update,
 * 409 CommitFailedException for a requirement that does not hold) that writes nothing. Every
 * successful commit gets a new metadata file, the previous one appended to `metadata-log`.
 */
import { describe, expect, it } from 'vitest';
import {
  createTableUpdates,
  randomSnapshotId,
  requirement,
  snapshot,
  update,
  widerSchema,
} from '../../../src/iceberg/builders.js';
import { useIceberg } from '../../../src/iceberg/fixture.js';
import type { Schemas } from '../../../src/iceberg/http.js';
import { BAD_REQUEST, TableUnderTest } from '../../../src/iceberg/table.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

const BUCKET_SPEC: Schemas['PartitionSpec'] = {
  fields: [{ 'source-id': 1, transform: 'bucket[4]', name: 'id_bucket' }],
};
const ID_ORDER: Schemas['SortOrder'] = {
  'order-id': 1,
  fields: [{ 'source-id': 1, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }],
};

/** The snapshot ids of a metadata object, as strings (exact only when read with parseJson). */
function snapshotIds(metadata: Record<string, unknown>): string[] {
  return ((metadata.snapshots as Array<{ 'snapshot-id': unknown }> | undefined) ?? []).map((s) =>
    String(s['snapshot-id']),
  );
}

/** A table with snapshot `first` (sequence 1) on `main`; `second` (sequence 2, parent first) when asked. */
async function withSnapshots(table: TableUnderTest, count: 1 | 2 = 1): Promise<bigint[]> {
  const ids = [randomSnapshotId(), randomSnapshotId()].slice(0, count);
  const updates = ids.map((id, index) =>
    update.addSnapshot(
      snapshot(id, { location: table.location, sequenceNumber: index + 1, parent: index > 0 ? ids[0] : undefined }),
    ),
  );
  await table.commit([...updates, update.setRef('main', ids.at(-1) as bigint)]);
  return ids;
}

/** A refusal of `updates` as invalid: 400 BadRequest, nothing written. */
function invalid(...updates: unknown[]): (table: TableUnderTest) => Promise<void> {
  return (table) => table.reject(updates, [], 400, BAD_REQUEST);
}

interface ActionCase {
  action: string;
  applies: (table: TableUnderTest) => Promise<void>;
  /** What makes it fail, and how (default 400). */
  refused: (table: TableUnderTest) => Promise<void>;
}

const ACTIONS: ActionCase[] = [
  {
    action: 'assign-uuid',
    applies: async (table) => {
      // On a new table (a create commit), the UUID given becomes the table's.
      const uuid = crypto.randomUUID();
      const name = `${table.name}_new`;
      const { body } = await table.client.ok('updateTable', {
        namespace: table.namespace,
        table: name,
        body: {
          requirements: [requirement.create()],
          updates: createTableUpdates({ uuid, location: `${table.location}_new` }),
        },
      });
      expect(body.metadata['table-uuid'].toLowerCase()).toBe(uuid);
      // On an existing table, the same UUID again is a no-op: 200, nothing written.
      const same = await table.client.ok('updateTable', {
        namespace: table.namespace,
        table: table.name,
        body: { requirements: [], updates: [update.assignUuid(table.metadata['table-uuid'])] },
      });
      expect(same.body['metadata-location']).toBe(table.metadataLocation);
      await table.expectUnchanged();
    },
    refused: invalid({ action: 'assign-uuid' }),
  },
  {
    action: 'upgrade-format-version',
    applies: async (table) => {
      const { metadata } = await table.commit([update.upgradeFormatVersion(3)]);
      expect(metadata['format-version']).toBe(3);
    },
    refused: invalid(update.upgradeFormatVersion(1)),
  },
  {
    action: 'add-schema',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSchema(widerSchema())]);
      expect(metadata.schemas).toHaveLength(2);
      expect(metadata.schemas?.[1]).toMatchObject({ 'schema-id': 1 });
      expect(metadata.schemas?.[1]?.fields.map((field) => field.name)).toEqual(['id', 'label', 'extra']);
      expect(metadata['last-column-id']).toBe(3);
      expect(metadata['current-schema-id']).toBe(0);
    },
    refused: invalid({ action: 'add-schema' }),
  },
  {
    action: 'set-current-schema',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSchema(widerSchema()), update.setCurrentSchema(-1)]);
      expect(metadata['current-schema-id']).toBe(1);
      const back = await table.commit([update.setCurrentSchema(0)]);
      expect(back.metadata['current-schema-id']).toBe(0);
    },
    refused: async (table) => {
      await table.reject([update.setCurrentSchema(42)], [], 400, BAD_REQUEST);
      // -1 with no schema added in the request.
      await table.reject([update.setCurrentSchema(-1)], [], 400, BAD_REQUEST);
    },
  },
  {
    action: 'add-spec',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSpec(BUCKET_SPEC)]);
      expect(metadata['partition-specs']).toContainEqual({
        'spec-id': 1,
        fields: [{ 'field-id': 1000, 'source-id': 1, transform: 'bucket[4]', name: 'id_bucket' }],
      });
      expect(metadata['last-partition-id']).toBe(1000);
      expect(metadata['default-spec-id']).toBe(0);
    },
    refused: invalid(update.addSpec({ fields: [{ 'source-id': 99, transform: 'identity', name: 'nowhere' }] })),
  },
  {
    action: 'set-default-spec',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSpec(BUCKET_SPEC), update.setDefaultSpec(-1)]);
      expect(metadata['default-spec-id']).toBe(1);
    },
    refused: invalid(update.setDefaultSpec(42)),
  },
  {
    action: 'add-sort-order',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSortOrder(ID_ORDER)]);
      expect(metadata['sort-orders']).toContainEqual(ID_ORDER);
      expect(metadata['default-sort-order-id']).toBe(0);
    },
    refused: invalid(
      update.addSortOrder({
        'order-id': 1,
        fields: [{ 'source-id': 99, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }],
      }),
    ),
  },
  {
    action: 'set-default-sort-order',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addSortOrder(ID_ORDER), update.setDefaultSortOrder(-1)]);
      expect(metadata['default-sort-order-id']).toBe(1);
    },
    refused: invalid(update.setDefaultSortOrder(42)),
  },
  {
    action: 'add-snapshot',
    applies: async (table) => {
      const id = randomSnapshotId();
      await table.commit([update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 }))]);
      const exact = await table.loadExact();
      expect(snapshotIds(exact)).toEqual([String(id)]);
      // It moves no ref.
      expect(exact['current-snapshot-id']).toBe(-1);
      expect(exact.refs ?? {}).toEqual({});
      expect(exact['last-sequence-number']).toBe(1);
    },
    refused: async (table) => {
      const [first] = await withSnapshots(table);
      const location = table.location;
      // The same id again: invalid.
      await table.reject(
        [update.addSnapshot(snapshot(first as bigint, { location, sequenceNumber: 2, parent: first }))],
        [],
        400,
        BAD_REQUEST,
      );
      // A sequence number not above last-sequence-number: stale, 409.
      await table.reject(
        [update.addSnapshot(snapshot(randomSnapshotId(), { location, sequenceNumber: 1, parent: first }))],
        [],
        409,
        'CommitFailedException',
      );
    },
  },
  {
    action: 'set-snapshot-ref',
    applies: async (table) => {
      const id = randomSnapshotId();
      await table.commit([update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 }))]);
      await table.commit([update.setRef('main', id), update.setRef('v1', id, 'tag')]);
      const exact = await table.loadExact();
      expect(exact['current-snapshot-id']).toBe(id);
      expect(exact.refs).toEqual({
        main: { type: 'branch', 'snapshot-id': id },
        v1: { type: 'tag', 'snapshot-id': id },
      });
      const log = exact['snapshot-log'] as Array<{ 'snapshot-id': unknown }>;
      expect(log.at(-1)?.['snapshot-id']).toBe(id);
    },
    refused: invalid(update.setRef('main', randomSnapshotId())),
  },
  {
    action: 'remove-snapshots',
    applies: async (table) => {
      const [first, second] = await withSnapshots(table, 2);
      await table.commit([update.setRef('old', first as bigint, 'tag')]);
      await table.commit([update.removeSnapshots([first as bigint, randomSnapshotId()])]);
      const exact = await table.loadExact();
      expect(snapshotIds(exact)).toEqual([String(second)]);
      // The tag left pointing at a removed snapshot goes with it; main stays.
      expect(Object.keys(exact.refs as object)).toEqual(['main']);
      expect(exact['current-snapshot-id']).toBe(second);
    },
    refused: invalid({ action: 'remove-snapshots', 'snapshot-ids': 'all' }),
  },
  {
    action: 'remove-snapshot-ref',
    applies: async (table) => {
      const [id] = await withSnapshots(table);
      await table.commit([update.setRef('v1', id as bigint, 'tag')]);
      await table.commit([update.removeRef('v1')]);
      expect(Object.keys((await table.loadExact()).refs as object)).toEqual(['main']);
      // Removing main leaves the table without a current snapshot.
      const { metadata } = await table.commit([update.removeRef('main')]);
      expect(metadata['current-snapshot-id']).toBe(-1);
      expect(metadata.refs ?? {}).toEqual({});
    },
    refused: invalid({ action: 'remove-snapshot-ref' }),
  },
  {
    action: 'set-location',
    applies: async (table) => {
      const moved = `${table.location}-moved`;
      const { metadata } = await table.commit([update.setLocation(moved)]);
      expect(metadata.location).toBe(moved);
    },
    refused: invalid({ action: 'set-location', location: 42 }),
  },
  {
    action: 'set-properties',
    applies: async (table) => {
      const { metadata } = await table.commit([update.setProperties({ owner: 'ci', 'commit.retry.num-retries': '9' })]);
      expect(metadata.properties).toMatchObject({ owner: 'ci', 'commit.retry.num-retries': '9' });
    },
    refused: invalid({ action: 'set-properties', updates: { owner: 1 } }),
  },
  {
    action: 'remove-properties',
    applies: async (table) => {
      await table.commit([update.setProperties({ gone: '1', kept: '2' })]);
      const { metadata } = await table.commit([update.removeProperties(['gone', 'never-set'])]);
      expect(metadata.properties).toMatchObject({ kept: '2' });
      expect(metadata.properties).not.toHaveProperty('gone');
    },
    refused: invalid({ action: 'remove-properties', removals: 'gone' }),
  },
  {
    action: 'set-statistics',
    applies: async (table) => {
      const [id] = await withSnapshots(table);
      const path = `${table.location}/metadata/stats-${crypto.randomUUID()}.puffin`;
      await table.commit([update.setStatistics(id as bigint, path)]);
      const statistics = (await table.loadExact()).statistics as Array<Record<string, unknown>>;
      expect(statistics).toHaveLength(1);
      expect(statistics[0]).toMatchObject({ 'snapshot-id': id, 'statistics-path': path });
    },
    refused: invalid({ action: 'set-statistics', statistics: { 'snapshot-id': 1, 'file-size-in-bytes': 1 } }),
  },
  {
    action: 'remove-statistics',
    applies: async (table) => {
      const [id] = await withSnapshots(table);
      await table.commit([update.setStatistics(id as bigint, `${table.location}/metadata/stats.puffin`)]);
      const { metadata } = await table.commit([update.removeStatistics(id as bigint)]);
      expect(metadata.statistics ?? []).toEqual([]);
    },
    refused: invalid({ action: 'remove-statistics', 'snapshot-id': 'x' }),
  },
  {
    action: 'set-partition-statistics',
    applies: async (table) => {
      const [id] = await withSnapshots(table);
      const path = `${table.location}/metadata/partition-stats.parquet`;
      await table.commit([update.setPartitionStatistics(id as bigint, path)]);
      const statistics = (await table.loadExact())['partition-statistics'] as Array<Record<string, unknown>>;
      expect(statistics).toEqual([{ 'snapshot-id': id, 'statistics-path': path, 'file-size-in-bytes': 42 }]);
    },
    refused: invalid({ action: 'set-partition-statistics', 'partition-statistics': { 'snapshot-id': 1 } }),
  },
  {
    action: 'remove-partition-statistics',
    applies: async (table) => {
      const [id] = await withSnapshots(table);
      await table.commit([update.setPartitionStatistics(id as bigint, `${table.location}/metadata/ps.parquet`)]);
      const { metadata } = await table.commit([update.removePartitionStatistics(id as bigint)]);
      expect(metadata['partition-statistics'] ?? []).toEqual([]);
    },
    refused: invalid({ action: 'remove-partition-statistics', 'snapshot-id': null }),
  },
  {
    action: 'remove-partition-specs',
    applies: async (table) => {
      await table.commit([update.addSpec(BUCKET_SPEC), update.setDefaultSpec(-1)]);
      const { metadata } = await table.commit([update.removePartitionSpecs([0])]);
      expect(metadata['partition-specs']?.map((spec) => spec['spec-id'])).toEqual([1]);
    },
    // The default spec cannot go.
    refused: invalid(update.removePartitionSpecs([0])),
  },
  {
    action: 'remove-schemas',
    applies: async (table) => {
      await table.commit([update.addSchema(widerSchema()), update.setCurrentSchema(-1)]);
      const { metadata } = await table.commit([update.removeSchemas([0])]);
      expect(metadata.schemas?.map((schema) => schema['schema-id'])).toEqual([1]);
    },
    // The current schema cannot go.
    refused: invalid(update.removeSchemas([0])),
  },
  {
    action: 'add-encryption-key',
    applies: async (table) => {
      const { metadata } = await table.commit([update.addEncryptionKey('key-1')]);
      expect(metadata['encryption-keys']?.map((key) => key['key-id'])).toEqual(['key-1']);
    },
    refused: invalid({ action: 'add-encryption-key', 'encryption-key': { 'key-id': 'k' } }),
  },
  {
    action: 'remove-encryption-key',
    applies: async (table) => {
      await table.commit([update.addEncryptionKey('key-1'), update.addEncryptionKey('key-2')]);
      const { metadata } = await table.commit([update.removeEncryptionKey('key-1')]);
      expect(metadata['encryption-keys']?.map((key) => key['key-id'])).toEqual(['key-2']);
    },
    refused: invalid({ action: 'remove-encryption-key', 'key-id': 5 }),
  },
];

interface RequirementCase {
  type: string;
  /** A requirement that holds on a new table (and changes nothing by itself). */
  holds: (table: TableUnderTest) => Schemas['TableRequirement'];
  /** One that does not. */
  fails: (table: TableUnderTest) => Schemas['TableRequirement'];
}

const REQUIREMENTS: RequirementCase[] = [
  {
    type: 'assert-table-uuid',
    // Compared case-insensitively.
    holds: (table) => requirement.tableUuid(table.metadata['table-uuid'].toUpperCase()),
    fails: () => requirement.tableUuid(crypto.randomUUID()),
  },
  {
    type: 'assert-ref-snapshot-id',
    // A null snapshot id: the ref must not exist.
    holds: () => requirement.refSnapshotId('main', null),
    fails: () => requirement.refSnapshotId('main', randomSnapshotId()),
  },
  {
    type: 'assert-last-assigned-field-id',
    holds: () => requirement.lastAssignedFieldId(2),
    fails: () => requirement.lastAssignedFieldId(3),
  },
  {
    type: 'assert-current-schema-id',
    holds: () => requirement.currentSchemaId(0),
    fails: () => requirement.currentSchemaId(1),
  },
  {
    type: 'assert-last-assigned-partition-id',
    holds: () => requirement.lastAssignedPartitionId(999),
    fails: () => requirement.lastAssignedPartitionId(1000),
  },
  {
    type: 'assert-default-spec-id',
    holds: () => requirement.defaultSpecId(0),
    fails: () => requirement.defaultSpecId(1),
  },
  {
    type: 'assert-default-sort-order-id',
    holds: () => requirement.defaultSortOrderId(0),
    fails: () => requirement.defaultSortOrderId(1),
  },
];

describeNeeding({ capabilities: ['state-changes'] }, 'table updates', () => {
  describe.each(ACTIONS)('$action', ({ applies, refused }) => {
    it('applies as specified', async () => applies(await TableUnderTest.create(ice)));
    it('an invalid one is refused and writes nothing', async () => refused(await TableUnderTest.create(ice)));
  });

  it('an unknown action answers 400 BadRequestException and writes nothing', async () => {
    const table = await TableUnderTest.create(ice);
    await table.reject(
      [update.setProperties({ a: 'b' }), { action: 'set-owner', owner: 'x' }],
      [],
      400,
      'BadRequestException',
    );
  });

  it('updates apply in order: a later one sees what an earlier one did', async () => {
    const table = await TableUnderTest.create(ice);
    const { metadata } = await table.commit([
      update.setProperties({ step: 'one', keep: 'yes' }),
      update.setProperties({ step: 'two' }),
      update.removeProperties(['keep']),
    ]);
    expect(metadata.properties).toMatchObject({ step: 'two' });
    expect(metadata.properties).not.toHaveProperty('keep');
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'table requirements', () => {
  describe.each(REQUIREMENTS)('$type', ({ holds, fails }) => {
    it('holds: the commit applies', async () => {
      const table = await TableUnderTest.create(ice);
      const { metadata } = await table.commit([update.setProperties({ checked: 'yes' })], [holds(table)]);
      expect(metadata.properties).toMatchObject({ checked: 'yes' });
    });
    it('fails: 409 CommitFailedException, nothing written', async () => {
      const table = await TableUnderTest.create(ice);
      // The other requirements hold, so only this one can be the reason.
      await table.reject(
        [update.setProperties({ checked: 'yes' })],
        [requirement.tableUuid(table.metadata['table-uuid']), fails(table)],
        409,
        'CommitFailedException',
      );
    });
  });

  describe('assert-create', () => {
    it('holds for a table that does not exist: the commit creates it', async () => {
      const table = await TableUnderTest.create(ice);
      const { body } = await table.client.ok('updateTable', {
        namespace: table.namespace,
        table: 'created_by_commit',
        body: {
          identifier: { namespace: table.namespace, name: 'created_by_commit' },
          requirements: [requirement.create()],
          updates: createTableUpdates({ uuid: crypto.randomUUID(), location: `${table.location}_sibling` }),
        },
      });
      expect(body.metadata.location).toBe(`${table.location}_sibling`);
      await table.client.noContent('tableExists', { namespace: table.namespace, table: 'created_by_commit' });
    });
    it('fails for a table that exists: 409 CommitFailedException, nothing written', async () => {
      const table = await TableUnderTest.create(ice);
      await table.reject([update.setProperties({ a: 'b' })], [requirement.create()], 409, 'CommitFailedException');
    });
  });

  it('assert-ref-snapshot-id compares all 64 bits: an id one off beyond 2^53 fails', async () => {
    const table = await TableUnderTest.create(ice);
    const id = 2n ** 62n + 1n; // 4611686018427387905: the nearest double is 2^62
    await table.commit([
      update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 })),
      update.setRef('main', id),
    ]);
    for (const near of [id - 1n, id + 1n]) {
      await table.reject(
        [update.setProperties({ a: 'b' })],
        [requirement.refSnapshotId('main', near)],
        409,
        'CommitFailedException',
      );
    }
    await table.commit([update.setProperties({ a: 'b' })], [requirement.refSnapshotId('main', id)]);
  });

  it('an unknown requirement type answers 400 BadRequestException and writes nothing', async () => {
    const table = await TableUnderTest.create(ice);
    await table.reject(
      [update.setProperties({ a: 'b' })],
      [{ type: 'assert-owner', owner: 'x' }],
      400,
      'BadRequestException',
    );
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'commits', () => {
  it('every commit writes a new metadata file; metadata-log lists the earlier ones, oldest first', async () => {
    const table = await TableUnderTest.create(ice);
    const locations = [table.metadataLocation];
    for (const step of ['1', '2', '3']) {
      const { 'metadata-location': location } = await table.commit([update.setProperties({ step })]);
      locations.push(location);
    }
    expect(new Set(locations).size).toBe(4);
    const log = (table.metadata['metadata-log'] ?? []).map((entry) => entry['metadata-file']);
    expect(log.slice(-3)).toEqual(locations.slice(0, 3));
    const loaded = await table.load();
    expect(loaded['metadata-location']).toBe(locations[3]);
  });

  it('a commit that changes nothing answers 200 with the unchanged metadata and location', async () => {
    const table = await TableUnderTest.create(ice);
    const { body } = await ice.api.ok('updateTable', {
      namespace: table.namespace,
      table: table.name,
      body: { requirements: [requirement.tableUuid(table.metadata['table-uuid'])], updates: [] },
    });
    expect(body['metadata-location']).toBe(table.metadataLocation);
    expect(body.metadata).toEqual(table.metadata);
    await table.expectUnchanged();
  });

  it('a missing table answers 404 NoSuchTableException', async () => {
    const table = await TableUnderTest.create(ice);
    await ice.api.error(
      'updateTable',
      {
        namespace: table.namespace,
        table: 'nope',
        body: { requirements: [], updates: [update.setProperties({ a: 'b' })] },
      },
      404,
      'NoSuchTableException',
    );
  });

  it('an identifier naming another table answers 400 and writes nothing', async () => {
    const table = await TableUnderTest.create(ice);
    const other = await TableUnderTest.create(ice, { namespace: table.namespace });
    const reply = await ice.api.call('updateTable', {
      namespace: table.namespace,
      table: table.name,
      body: { identifier: other.identifier, requirements: [], updates: [update.setProperties({ a: 'b' })] },
    });
    expect(reply.status).toBe(400);
    await table.expectUnchanged();
    await other.expectUnchanged();
  });
});
