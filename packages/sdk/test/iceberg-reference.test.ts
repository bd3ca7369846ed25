import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJson } from '@dbwire/json';
import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  BadRequestError,
  CommitFailedError,
  type CommitTableRequest,
  type CreateTableRequest,
  connectIcebergClient,
  createIcebergClient,
  type IcebergClient,
  NamespaceNotEmptyError,
  NoSuchNamespaceError,
  NoSuchTableError,
  NotAuthorizedError,
  type TableRequirement,
  type TableUpdate,
  UnprocessableEntityError,
} from '../src/iceberg/index.js';
import { collect, rejection } from './helpers.js';

/**
 * The SDK against the reference catalog (`dbwire serve` on the memory engine, every response
 * checked against the spec, metadata files written to a temporary `file:` warehouse): real
 * namespaces and tables, real commits and their errors, real idempotency records.
 */
let server: RunningServer;
let catalog: IcebergClient;
let warehouse: string;

beforeAll(async () => {
  warehouse = await mkdtemp(join(tmpdir(), 'dbwire-sdk-iceberg-'));
  server = await startReferenceServer({
    ports: { iceberg: 0 },
    validateResponses: true,
    logger: false,
    iceberg: { warehouse: pathToFileURL(warehouse).href },
  });
  catalog = createIcebergClient({ baseUrl: server.urls.iceberg, token: 'dev-token', maxRetries: 0 });
});
afterAll(async () => {
  await server?.close();
  if (warehouse) await rm(warehouse, { recursive: true, force: true });
});

const SCHEMA: CreateTableRequest['schema'] = {
  type: 'struct',
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'paid_at', type: 'timestamptz', required: true },
  ],
};
/** The largest snapshot id there is, far beyond the 2^53 a double holds exactly. */
const MAX_ID = 9223372036854775807n;

/** The updates of an append that makes `snapshotId` the head of `main`. */
function append(snapshotId: bigint | number, sequenceNumber: number, parent?: bigint | number): TableUpdate[] {
  return [
    {
      action: 'add-snapshot',
      snapshot: {
        'snapshot-id': snapshotId,
        ...(parent === undefined ? {} : { 'parent-snapshot-id': parent }),
        'sequence-number': sequenceNumber,
        'timestamp-ms': Date.now(),
        'manifest-list': `${pathToFileURL(warehouse).href}/snap-${snapshotId}.avro`,
        summary: { operation: 'append' },
        'schema-id': 0,
      },
    },
    { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
  ];
}

describe('@dbwire/sdk/iceberg against the reference catalog', () => {
  it('creates, finds, lists, renames and drops namespaces and tables', async () => {
    await catalog.createNamespace({ namespace: ['life'] });
    await catalog.createNamespace({ namespace: ['life', 'a b%c'], properties: { owner: 'ann' } });
    expect(await catalog.loadNamespaceMetadata(['life', 'a b%c'])).toEqual({
      namespace: ['life', 'a b%c'],
      properties: { owner: 'ann' },
    });
    expect(await catalog.namespaceExists(['life', 'a b%c'])).toBe(true);
    expect(await catalog.namespaceExists(['life', 'nope'])).toBe(false);
    expect(await collect(catalog.listAllNamespaces({ parent: ['life'] }))).toEqual([['life', 'a b%c']]);

    const created = await catalog.createTable(['life', 'a b%c'], { name: 'paid/2026', schema: SCHEMA });
    expect(created.metadata['table-uuid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await catalog.tableExists(['life', 'a b%c'], 'paid/2026')).toBe(true);
    expect(await collect(catalog.listAllTables(['life', 'a b%c']))).toEqual([
      { namespace: ['life', 'a b%c'], name: 'paid/2026' },
    ]);
    expect(await rejection(catalog.dropNamespace(['life', 'a b%c']))).toBeInstanceOf(NamespaceNotEmptyError);

    await catalog.renameTable({
      source: { namespace: ['life', 'a b%c'], name: 'paid/2026' },
      destination: { namespace: ['life'], name: 'paid' },
    });
    expect(await catalog.tableExists(['life', 'a b%c'], 'paid/2026')).toBe(false);
    expect((await catalog.loadTable(['life'], 'paid')).metadata['table-uuid']).toBe(created.metadata['table-uuid']);

    await catalog.dropTable(['life'], 'paid', { purgeRequested: true });
    await catalog.dropNamespace(['life', 'a b%c']);
    expect(await rejection(catalog.loadTable(['life'], 'paid'))).toBeInstanceOf(NoSuchTableError);
    expect(await rejection(catalog.loadNamespaceMetadata(['life', 'a b%c']))).toBeInstanceOf(NoSuchNamespaceError);
  });

  it('pages through many namespaces with small pages', async () => {
    await catalog.createNamespace({ namespace: ['paged'] });
    const names = Array.from({ length: 7 }, (_, i) => ['paged', `n${i}`]);
    for (const namespace of names) await catalog.createNamespace({ namespace });
    expect(await collect(catalog.listAllNamespaces({ parent: ['paged'], pageSize: 2 }))).toEqual(names);
    const first = await catalog.listNamespaces({ parent: ['paged'], pageToken: '', pageSize: 2 });
    expect(first.namespaces).toHaveLength(2);
    expect(first['next-page-token']).toEqual(expect.any(String));
  });

  it('keeps a snapshot id of 2^63-1 exact: commit, answer, reload, metadata file, next commit', async () => {
    await catalog.createNamespace({ namespace: ['exact'] });
    const created = await catalog.createTable(['exact'], { name: 't', schema: SCHEMA });
    const first = await catalog.updateTable(['exact'], 't', {
      requirements: [
        { type: 'assert-table-uuid', uuid: created.metadata['table-uuid'] },
        { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null },
      ],
      updates: append(MAX_ID, 1),
    });
    expect(first.metadata['current-snapshot-id']).toBe(MAX_ID);

    const loaded = await catalog.loadTable(['exact'], 't');
    const head = loaded.metadata['current-snapshot-id'];
    expect(head).toBe(MAX_ID);
    // The metadata file the catalog wrote holds the same digits.
    const file = await readFile(fileURLToPath(loaded['metadata-location'] as string), 'utf8');
    expect((parseJson(file) as { 'current-snapshot-id': unknown })['current-snapshot-id']).toBe(MAX_ID);

    // The id read back goes out unchanged: the requirement holds, and the parent is the same id.
    const second = await catalog.updateTable(['exact'], 't', {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': head ?? null }],
      updates: append(MAX_ID - 1n, 2, head ?? undefined),
    });
    expect(second.metadata['current-snapshot-id']).toBe(MAX_ID - 1n);
    expect(second.metadata.snapshots?.find((s) => s['snapshot-id'] === MAX_ID - 1n)?.['parent-snapshot-id']).toBe(
      MAX_ID,
    );
  });

  it('tells a failed requirement (CommitFailedError) from a bad update (BadRequestError)', async () => {
    await catalog.createNamespace({ namespace: ['conflict'] });
    await catalog.createTable(['conflict'], { name: 't', schema: SCHEMA });
    const stale = await rejection(
      catalog.updateTable(['conflict'], 't', {
        requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 5 }],
        updates: [{ action: 'set-properties', updates: { a: '1' } }],
      }),
    );
    expect(stale).toBeInstanceOf(CommitFailedError);
    expect((stale as CommitFailedError).type).toBe('CommitFailedException');

    const bad = await rejection(
      catalog.updateTable(['conflict'], 't', {
        requirements: [],
        updates: [{ action: 'set-current-schema', 'schema-id': 42 }],
      }),
    );
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((await catalog.loadTable(['conflict'], 't')).metadata.properties).not.toHaveProperty('a');
  });

  it('commits a transaction atomically, and not at all when one requirement fails', async () => {
    await catalog.createNamespace({ namespace: ['tx'] });
    const a = await catalog.createTable(['tx'], { name: 'a', schema: SCHEMA });
    await catalog.createTable(['tx'], { name: 'b', schema: SCHEMA });
    const change = (name: string, requirements: TableRequirement[] = []): CommitTableRequest => ({
      identifier: { namespace: ['tx'], name },
      requirements,
      updates: [{ action: 'set-properties', updates: { batch: '1' } }],
    });
    const failed = await rejection(
      catalog.commitTransaction({
        'table-changes': [change('a'), change('b', [{ type: 'assert-table-uuid', uuid: a.metadata['table-uuid'] }])],
      }),
    );
    expect(failed).toBeInstanceOf(CommitFailedError);
    expect((await catalog.loadTable(['tx'], 'a')).metadata.properties).not.toHaveProperty('batch');

    await catalog.commitTransaction({ 'table-changes': [change('a'), change('b')] });
    expect((await catalog.loadTable(['tx'], 'a')).metadata.properties).toMatchObject({ batch: '1' });
    expect((await catalog.loadTable(['tx'], 'b')).metadata.properties).toMatchObject({ batch: '1' });
  });

  it('replays a mutation resent with its key, and refuses the key for another body', async () => {
    const idempotencyKey = '01890a5d-ac96-774b-bcce-b302099a8057';
    const created = await catalog.createNamespace({ namespace: ['keyed'] }, { idempotencyKey });
    expect(await catalog.createNamespace({ namespace: ['keyed'] }, { idempotencyKey })).toEqual(created);
    expect(await rejection(catalog.createNamespace({ namespace: ['keyed'] }))).toBeInstanceOf(AlreadyExistsError);

    const other = '01890a5d-ac96-774b-bcce-b302099a8058';
    await catalog.updateProperties(['keyed'], { updates: { a: '1' } }, { idempotencyKey: other });
    const reused = await rejection(
      catalog.updateProperties(['keyed'], { updates: { a: '2' } }, { idempotencyKey: other }),
    );
    expect(reused).toBeInstanceOf(UnprocessableEntityError);
    expect((await catalog.loadNamespaceMetadata(['keyed'])).properties).toEqual({ a: '1' });
  });

  it('skips an unchanged table with its ETag, and loads it again once it changed', async () => {
    await catalog.createNamespace({ namespace: ['etag'] });
    await catalog.createTable(['etag'], { name: 't', schema: SCHEMA });
    const first = await catalog.loadTable(['etag'], 't');
    expect(first.etag).toEqual(expect.any(String));
    expect(await catalog.loadTable(['etag'], 't', { etag: first.etag as string })).toEqual({
      notModified: true,
      etag: first.etag,
    });
    await catalog.updateTable(['etag'], 't', {
      requirements: [],
      updates: [{ action: 'set-properties', updates: { changed: 'yes' } }],
    });
    const after = await catalog.loadTable(['etag'], 't', { etag: first.etag as string });
    expect(after.notModified).toBe(false);
    if (!after.notModified) expect(after.metadata.properties).toMatchObject({ changed: 'yes' });
  });

  it('connects to a warehouse by its prefix, apart from the default catalog', async () => {
    const analytics = await connectIcebergClient({
      baseUrl: server.urls.iceberg,
      token: 'dev-token',
      warehouse: 'analytics',
      maxRetries: 0,
    });
    expect(analytics.prefix).toBe('analytics');
    expect(analytics.config['idempotency-key-lifetime']).toBe('PT24H');
    expect(analytics.config.endpoints).toEqual(
      expect.arrayContaining(['HEAD /v1/{prefix}/namespaces/{namespace}', 'POST /v1/{prefix}/transactions/commit']),
    );
    await analytics.createNamespace({ namespace: ['only-here'] });
    expect(await analytics.namespaceExists(['only-here'])).toBe(true);
    expect(await catalog.namespaceExists(['only-here'])).toBe(false);
  });

  it('refuses a missing or wrong token with NotAuthorizedError', async () => {
    const stranger = createIcebergClient({ baseUrl: server.urls.iceberg, token: 'wrong', maxRetries: 0 });
    const error = await rejection(stranger.listNamespaces());
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({ status: 401, type: 'NotAuthorizedException' });
  });
});
