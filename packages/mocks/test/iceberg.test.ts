import {
  AlreadyExistsError,
  CommitFailedError,
  type CreateTableRequest,
  connectIcebergClient,
  createIcebergClient,
  NoSuchTableError,
  NotAuthorizedError,
  type TableUpdate,
} from '@dbwire/sdk/iceberg';
import { describe, expect, it } from 'vitest';
import { createIcebergMock } from '../src/iceberg/index.js';
import { collect, rejection, serveMock } from './helpers.js';

const baseUrl = 'http://iceberg.mock.test:8181';
const { mock } = serveMock((onError) => createIcebergMock({ baseUrl, validateResponses: true, onError }));
const catalog = createIcebergClient({ baseUrl, token: 'dev-token', maxRetries: 0 });

const SCHEMA: CreateTableRequest['schema'] = {
  type: 'struct',
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'amount', type: 'double', required: false },
  ],
};
/** A random 63-bit snapshot id, as pyiceberg makes them: far beyond 2^53. */
const BIG_ID = 9223372036854775807n;

/** The updates of an append that makes `snapshotId` the head of `main`. */
function append(snapshotId: bigint, sequenceNumber: number): TableUpdate[] {
  return [
    {
      action: 'add-snapshot',
      snapshot: {
        'snapshot-id': snapshotId,
        'sequence-number': sequenceNumber,
        'timestamp-ms': 1767229200000,
        'manifest-list': `file:///tmp/dbwire-warehouse/db/t/metadata/snap-${snapshotId}.avro`,
        summary: { operation: 'append' },
        'schema-id': 0,
      },
    },
    { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
  ];
}

describe('createIcebergMock through the SDK', () => {
  it('creates, lists, checks and loads namespaces and tables', async () => {
    await catalog.createNamespace({ namespace: ['accounting'] });
    await catalog.createNamespace({ namespace: ['accounting', 'tax'], properties: { owner: 'finance' } });
    await expect(catalog.createNamespace({ namespace: ['db'] })).resolves.toEqual({
      namespace: ['db'],
      properties: {},
    });
    const created = await catalog.createTable(['accounting', 'tax'], { name: 'paid', schema: SCHEMA });
    expect(created.metadata).toMatchObject({ 'format-version': 2, 'current-schema-id': 0, 'last-column-id': 2 });
    expect(created['metadata-location']).toMatch(/\/metadata\/00000-[0-9a-f-]+\.metadata\.json$/);
    expect(created.etag).toEqual(expect.any(String));

    expect(await collect(catalog.listAllNamespaces())).toEqual([['accounting'], ['db']]);
    expect(await collect(catalog.listAllNamespaces({ parent: ['accounting'] }))).toEqual([['accounting', 'tax']]);
    expect(await collect(catalog.listAllTables(['accounting', 'tax']))).toEqual([
      { namespace: ['accounting', 'tax'], name: 'paid' },
    ]);
    expect(await catalog.loadNamespaceMetadata(['accounting', 'tax'])).toEqual({
      namespace: ['accounting', 'tax'],
      properties: { owner: 'finance' },
    });
    expect(await catalog.namespaceExists(['accounting', 'tax'])).toBe(true);
    expect(await catalog.namespaceExists(['nope'])).toBe(false);
    expect(await catalog.tableExists(['accounting', 'tax'], 'paid')).toBe(true);
    expect(await catalog.tableExists(['accounting', 'tax'], 'unpaid')).toBe(false);
    expect(await rejection(catalog.loadTable(['accounting', 'tax'], 'unpaid'))).toBeInstanceOf(NoSuchTableError);
    expect(await rejection(catalog.createNamespace({ namespace: ['db'] }))).toBeInstanceOf(AlreadyExistsError);
  });

  it('keeps a snapshot id of 2^63-1 exact through a commit and a reload', async () => {
    await catalog.createNamespace({ namespace: ['db'] });
    const created = await catalog.createTable(['db'], { name: 't', schema: SCHEMA });
    const committed = await catalog.updateTable(['db'], 't', {
      requirements: [
        { type: 'assert-table-uuid', uuid: created.metadata['table-uuid'] },
        { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null },
      ],
      updates: append(BIG_ID, 1),
    });
    expect(committed.metadata['current-snapshot-id']).toBe(BIG_ID);
    expect(committed['metadata-location']).not.toBe(created['metadata-location']);

    const loaded = await catalog.loadTable(['db'], 't');
    expect(loaded.metadata['current-snapshot-id']).toBe(BIG_ID);
    expect(loaded.metadata.refs?.main?.['snapshot-id']).toBe(BIG_ID);
    expect(loaded.metadata.snapshots?.map((s) => s['snapshot-id'])).toEqual([BIG_ID]);
  });

  it('answers NotModified for an unchanged table', async () => {
    await catalog.createNamespace({ namespace: ['db'] });
    await catalog.createTable(['db'], { name: 't', schema: SCHEMA });
    const first = await catalog.loadTable(['db'], 't');
    expect(await catalog.loadTable(['db'], 't', { etag: first.etag as string })).toEqual({
      notModified: true,
      etag: first.etag,
    });
  });

  it('commits a transaction atomically: a failed requirement on the last table leaves the first unchanged', async () => {
    await catalog.createNamespace({ namespace: ['db'] });
    await catalog.createTable(['db'], { name: 'a', schema: SCHEMA });
    await catalog.createTable(['db'], { name: 'b', schema: SCHEMA });
    const error = await rejection(
      catalog.commitTransaction({
        'table-changes': [
          {
            identifier: { namespace: ['db'], name: 'a' },
            requirements: [],
            updates: [{ action: 'set-properties', updates: { touched: 'yes' } }],
          },
          {
            identifier: { namespace: ['db'], name: 'b' },
            requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 7 }],
            updates: [{ action: 'set-properties', updates: { touched: 'yes' } }],
          },
        ],
      }),
    );
    expect(error).toBeInstanceOf(CommitFailedError);
    expect((await catalog.loadTable(['db'], 'a')).metadata.properties).not.toHaveProperty('touched');

    await catalog.commitTransaction({
      'table-changes': ['a', 'b'].map((name) => ({
        identifier: { namespace: ['db'], name },
        requirements: [],
        updates: [{ action: 'set-properties', updates: { touched: 'yes' } }],
      })),
    });
    for (const name of ['a', 'b']) {
      expect((await catalog.loadTable(['db'], name)).metadata.properties).toMatchObject({ touched: 'yes' });
    }
  });

  it('replays a mutation sent again with its Idempotency-Key instead of running it twice', async () => {
    const idempotencyKey = '01890a5d-ac96-774b-bcce-b302099a8057';
    const first = await catalog.createNamespace({ namespace: ['db'] }, { idempotencyKey });
    expect(await catalog.createNamespace({ namespace: ['db'] }, { idempotencyKey })).toEqual(first);
    // Without the key the same request is a new one, and the name is taken.
    expect(await rejection(catalog.createNamespace({ namespace: ['db'] }))).toBeInstanceOf(AlreadyExistsError);
  });

  it('serves a prefixed catalog apart from the default one', async () => {
    const analytics = await connectIcebergClient({ baseUrl, token: 'dev-token', warehouse: 'analytics' });
    expect(analytics.prefix).toBe('analytics');
    expect(analytics.config.endpoints).toContain('POST /v1/{prefix}/transactions/commit');
    await analytics.createNamespace({ namespace: ['db'] });
    expect(await analytics.namespaceExists(['db'])).toBe(true);
    expect(await catalog.namespaceExists(['db'])).toBe(false);
  });

  it('refuses a request without a valid token with 401 NotAuthorizedException', async () => {
    const anonymous = createIcebergClient({ baseUrl, maxRetries: 0 });
    const error = await rejection(anonymous.listNamespaces());
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({ status: 401, type: 'NotAuthorizedException' });
  });

  it('starts empty again after reset', async () => {
    await catalog.createNamespace({ namespace: ['db'] });
    await mock.reset();
    expect(await collect(catalog.listAllNamespaces())).toEqual([]);
  });
});
