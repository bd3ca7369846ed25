/**
 * Tables: create (metadata defaults, the metadata location), staged creates, load (`snapshots`,
 * ETag and If-None-Match), HEAD, list, rename, drop, register and metrics; the prefixed path family
 * as a catalog of its own; and `GET /v1/config`.
 */
import { describe, expect, it } from 'vitest';
import {
  createTableBody,
  createTableUpdates,
  randomSnapshotId,
  requirement,
  snapshot,
  update,
} from '../../../src/iceberg/builders.js';
import { CONFORMANCE_PREFIX, useIceberg } from '../../../src/iceberg/fixture.js';
import { describeReply, type IcebergClient, type TableMetadata } from '../../../src/iceberg/http.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<table location>/metadata/<5 digits>-<uuid>.metadata.json`, the layout Iceberg metadata files use. */
function expectMetadataLocation(location: string | null | undefined, metadata: TableMetadata): void {
  expect(location, 'metadata-location').toEqual(expect.any(String));
  const root = `${metadata.location}/metadata/`;
  expect((location as string).startsWith(root), `${location} lies under ${root}`).toBe(true);
  expect((location as string).slice(root.length)).toMatch(/^\d{5}-[0-9a-f-]{36}\.metadata\.json$/i);
}

async function tableNames(client: IcebergClient, namespace: readonly string[]): Promise<string[]> {
  const { body } = await client.ok('listTables', { namespace });
  return (body.identifiers ?? []).map((identifier) => identifier.name);
}

describeNeeding({ capabilities: ['state-changes'] }, 'tables', () => {
  describe('create', () => {
    it('answers the metadata of a new table with the defaults: version 2, ids reassigned, unpartitioned, unsorted, no snapshots', async () => {
      const namespace = await ice.namespace();
      const reply = await ice.api.ok('createTable', {
        namespace,
        body: createTableBody('events', {
          // Ids as a client might send them: the server assigns 1..n.
          schema: {
            type: 'struct',
            'schema-id': 7,
            fields: [
              { id: 10, name: 'id', type: 'long', required: true },
              { id: 20, name: 'label', type: 'string', required: false },
            ],
          },
          properties: { owner: 'conformance', 'format-version': '2' },
        }),
      });
      const result = reply.body;
      const metadata = result.metadata;
      expect(metadata['format-version']).toBe(2);
      expect(metadata['table-uuid']).toMatch(UUID);
      expect(metadata.location?.endsWith(`/${namespace[0]}/events`), metadata.location).toBe(true);
      expect(metadata['current-schema-id']).toBe(0);
      expect(metadata.schemas).toHaveLength(1);
      expect(metadata.schemas?.[0]).toMatchObject({ type: 'struct', 'schema-id': 0 });
      expect(metadata.schemas?.[0]?.fields.map((field) => [field.id, field.name, field.type, field.required])).toEqual([
        [1, 'id', 'long', true],
        [2, 'label', 'string', false],
      ]);
      expect(metadata['last-column-id']).toBe(2);
      expect(metadata['partition-specs']).toEqual([{ 'spec-id': 0, fields: [] }]);
      expect(metadata['default-spec-id']).toBe(0);
      expect(metadata['last-partition-id']).toBe(999);
      expect(metadata['sort-orders']).toEqual([{ 'order-id': 0, fields: [] }]);
      expect(metadata['default-sort-order-id']).toBe(0);
      expect(metadata['last-sequence-number']).toBe(0);
      expect(metadata['current-snapshot-id']).toBe(-1);
      expect(metadata.snapshots ?? []).toEqual([]);
      expect(metadata.refs ?? {}).toEqual({});
      expect(metadata['metadata-log'] ?? []).toEqual([]);
      // Reserved properties are not kept as properties.
      expect(metadata.properties).toMatchObject({ owner: 'conformance' });
      expect(metadata.properties).not.toHaveProperty('format-version');
      expectMetadataLocation(result['metadata-location'], metadata);
      expect(reply.headers.etag, 'ETag on create').toBeTruthy();
    });

    it('a partition spec and write order get their ids: partition field 1000, sort order 1', async () => {
      const namespace = await ice.namespace();
      const { body } = await ice.api.ok('createTable', {
        namespace,
        body: createTableBody('parted', {
          'partition-spec': { 'spec-id': 0, fields: [{ 'source-id': 1, transform: 'bucket[16]', name: 'id_bucket' }] },
          'write-order': {
            'order-id': 1,
            fields: [{ 'source-id': 2, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }],
          },
        }),
      });
      const metadata = body.metadata;
      expect(metadata['partition-specs']).toEqual([
        { 'spec-id': 0, fields: [{ 'field-id': 1000, 'source-id': 1, transform: 'bucket[16]', name: 'id_bucket' }] },
      ]);
      expect(metadata['last-partition-id']).toBe(1000);
      expect(metadata['default-sort-order-id']).toBe(1);
      expect(metadata['sort-orders']).toContainEqual({
        'order-id': 1,
        fields: [{ 'source-id': 2, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }],
      });
    });

    it('the format-version property picks versions 1 (with the legacy keys) and 3 (null current snapshot)', async () => {
      const namespace = await ice.namespace();
      const v1 = await ice.table(namespace, { body: { properties: { 'format-version': '1' } } });
      expect(v1.metadata['format-version']).toBe(1);
      expect(v1.metadata.schema).toMatchObject({ type: 'struct' });
      expect(v1.metadata['partition-spec']).toEqual([]);
      expect(v1.metadata['current-snapshot-id']).toBe(-1);
      const v3 = await ice.table(namespace, { body: { properties: { 'format-version': '3' } } });
      expect(v3.metadata['format-version']).toBe(3);
      expect(v3.metadata['current-snapshot-id'] ?? null).toBeNull();
    });

    it('in a missing namespace answers 404 NoSuchNamespaceException', async () => {
      await ice.api.error(
        'createTable',
        { namespace: [ice.namespaceName('missing')], body: createTableBody('t') },
        404,
        'NoSuchNamespaceException',
      );
    });

    it('a name already taken answers 409 AlreadyExistsException and keeps the first table', async () => {
      const namespace = await ice.namespace();
      const first = await ice.table(namespace, { name: 'taken' });
      await ice.api.error('createTable', { namespace, body: createTableBody('taken') }, 409, 'AlreadyExistsException');
      const loaded = await ice.load(namespace, 'taken');
      expect(loaded.metadata['table-uuid']).toBe(first.metadata['table-uuid']);
    });
  });

  describe('stage-create', () => {
    it('stores nothing until the assert-create commit, which creates the table', async () => {
      const namespace = await ice.namespace();
      const staged = await ice.api.ok('createTable', {
        namespace,
        body: createTableBody('staged', { 'stage-create': true, properties: { owner: 'stage' } }),
      });
      expect(staged.body['metadata-location'] ?? null).toBeNull();
      const metadata = staged.body.metadata;
      expect(metadata['table-uuid']).toMatch(UUID);
      expect((await ice.api.call('tableExists', { namespace, table: 'staged' })).status).toBe(404);
      await ice.api.error('loadTable', { namespace, table: 'staged' }, 404, 'NoSuchTableException');
      expect(await tableNames(ice.api, namespace)).toEqual([]);

      // What a client commits for a staged create: the staged metadata as updates.
      const committed = await ice.api.ok('updateTable', {
        namespace,
        table: 'staged',
        body: {
          identifier: { namespace, name: 'staged' },
          requirements: [requirement.create()],
          updates: [
            ...createTableUpdates({
              uuid: metadata['table-uuid'],
              formatVersion: metadata['format-version'],
              location: metadata.location as string,
            }),
            update.setProperties({ owner: 'stage' }),
          ],
        },
      });
      expect(committed.body.metadata['table-uuid']).toBe(metadata['table-uuid']);
      expect(committed.body.metadata.properties).toMatchObject({ owner: 'stage' });
      expectMetadataLocation(committed.body['metadata-location'], committed.body.metadata);
      const loaded = await ice.load(namespace, 'staged');
      expect(loaded.metadata['table-uuid']).toBe(metadata['table-uuid']);
      expect(loaded['metadata-location']).toBe(committed.body['metadata-location']);

      // A second create commit finds the table there: 409.
      await ice.api.error(
        'updateTable',
        { namespace, table: 'staged', body: { requirements: [requirement.create()], updates: [] } },
        409,
        'CommitFailedException',
      );
    });
  });

  describe('load', () => {
    it('answers the metadata, its location and an ETag; If-None-Match with it answers 304 without a body', async () => {
      const namespace = await ice.namespace();
      const created = await ice.table(namespace);
      const loaded = await ice.api.ok('loadTable', { namespace, table: created.name });
      expect(loaded.body.metadata).toEqual(created.metadata);
      expect(loaded.body['metadata-location']).toBe(created['metadata-location']);
      const etag = loaded.headers.etag as string;
      expect(etag, 'ETag on load').toBeTruthy();

      const notModified = await ice.api.call('loadTable', {
        namespace,
        table: created.name,
        headers: { 'if-none-match': etag },
      });
      expect(notModified.status, describeReply(notModified)).toBe(304);
      expect(notModified.text).toBe('');

      // After a commit the old tag no longer matches.
      await ice.commit(namespace, created.name, [], [update.setProperties({ changed: 'yes' })]);
      const changed = await ice.api.ok('loadTable', {
        namespace,
        table: created.name,
        headers: { 'if-none-match': etag },
      });
      expect(changed.body.metadata.properties).toMatchObject({ changed: 'yes' });
      expect(changed.headers.etag).toBeTruthy();
      expect(changed.headers.etag).not.toBe(etag);
    });

    it('snapshots=refs answers only the snapshots a branch or tag points to; all (the default) every one', async () => {
      const namespace = await ice.namespace();
      const table = await ice.table(namespace);
      const location = table.metadata.location as string;
      const [orphan, current] = [randomSnapshotId(), randomSnapshotId()];
      await ice.commit(
        namespace,
        table.name,
        [],
        [
          update.addSnapshot(snapshot(orphan, { location, sequenceNumber: 1 })),
          update.addSnapshot(snapshot(current, { location, sequenceNumber: 2 })),
          update.setRef('main', current),
        ],
      );
      const idsOf = (text: string) => [...text.matchAll(/"snapshot-id"\s*:\s*(\d+)/g)].map((m) => m[1]);
      const all = await ice.api.ok('loadTable', { namespace, table: table.name, query: { snapshots: 'all' } });
      const refs = await ice.api.ok('loadTable', { namespace, table: table.name, query: { snapshots: 'refs' } });
      const byDefault = await ice.api.ok('loadTable', { namespace, table: table.name });
      expect(all.body.metadata.snapshots).toHaveLength(2);
      expect(byDefault.body.metadata.snapshots).toHaveLength(2);
      expect(refs.body.metadata.snapshots).toHaveLength(1);
      expect(idsOf(refs.text)).toContain(String(current));
      expect(idsOf(refs.text)).not.toContain(String(orphan));
      expect(idsOf(all.text)).toContain(String(orphan));
      // The tag identifies the metadata in one mode: a refs tag is no match for an all load.
      const tagged = await ice.api.call('loadTable', {
        namespace,
        table: table.name,
        headers: { 'if-none-match': refs.headers.etag as string },
      });
      expect(tagged.status, describeReply(tagged)).toBe(200);
    });

    it('a missing table answers 404 NoSuchTableException; a missing namespace 404 too', async () => {
      const namespace = await ice.namespace();
      await ice.api.error('loadTable', { namespace, table: 'nope' }, 404, 'NoSuchTableException');
      await ice.api.error('loadTable', { namespace: [ice.namespaceName('missing')], table: 'nope' }, 404, [
        'NoSuchTableException',
        'NoSuchNamespaceException',
      ]);
    });

    it('HEAD answers 204 for a table and 404 for a missing table or namespace, never with a body', async () => {
      const namespace = await ice.namespace();
      const table = await ice.table(namespace);
      await ice.api.noContent('tableExists', { namespace, table: table.name });
      for (const [ns, name] of [
        [namespace, 'nope'],
        [[ice.namespaceName('missing')], table.name],
      ] as const) {
        const head = await ice.api.call('tableExists', { namespace: ns, table: name });
        expect(head.status, describeReply(head)).toBe(404);
        expect(head.text).toBe('');
      }
    });
  });

  describe('list', () => {
    it('lists the tables of a namespace by name, with pagination', async () => {
      const namespace = await ice.namespace();
      const other = await ice.namespace();
      for (const name of ['d', 'b', 'e', 'a', 'c']) await ice.table(namespace, { name });
      await ice.table(other, { name: 'elsewhere' });

      const { body } = await ice.api.ok('listTables', { namespace });
      expect(body.identifiers).toEqual(['a', 'b', 'c', 'd', 'e'].map((name) => ({ namespace, name })));
      expect(body['next-page-token'] ?? null).toBeNull();

      const seen: string[] = [];
      let token: string | null | undefined = '';
      for (let guard = 0; token !== null && token !== undefined; guard++) {
        expect(guard, 'pagination does not end').toBeLessThan(20);
        const { body: page }: { body: { identifiers?: Array<{ name: string }>; 'next-page-token'?: string | null } } =
          await ice.api.ok('listTables', { namespace, query: { pageSize: 2, pageToken: token } });
        expect((page.identifiers ?? []).length).toBeLessThanOrEqual(2);
        seen.push(...(page.identifiers ?? []).map((identifier) => identifier.name));
        token = page['next-page-token'];
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('a missing namespace answers 404 NoSuchNamespaceException', async () => {
      await ice.api.error('listTables', { namespace: [ice.namespaceName('missing')] }, 404, 'NoSuchNamespaceException');
    });
  });

  describe('rename', () => {
    it('renames within a namespace: the old name is gone, the new one is the same table', async () => {
      const namespace = await ice.namespace();
      const table = await ice.table(namespace, { name: 'before' });
      await ice.api.noContent('renameTable', {
        body: { source: { namespace, name: 'before' }, destination: { namespace, name: 'after' } },
      });
      expect((await ice.api.call('tableExists', { namespace, table: 'before' })).status).toBe(404);
      const moved = await ice.load(namespace, 'after');
      expect(moved.metadata['table-uuid']).toBe(table.metadata['table-uuid']);
      expect(await tableNames(ice.api, namespace)).toEqual(['after']);
    });

    it('renames across namespaces', async () => {
      const from = await ice.namespace();
      const to = await ice.namespace();
      const table = await ice.table(from, { name: 'mover' });
      await ice.api.noContent('renameTable', {
        body: { source: { namespace: from, name: 'mover' }, destination: { namespace: to, name: 'moved' } },
      });
      expect(await tableNames(ice.api, from)).toEqual([]);
      expect((await ice.load(to, 'moved')).metadata['table-uuid']).toBe(table.metadata['table-uuid']);
      // The source namespace is empty now and can be dropped.
      await ice.api.noContent('dropNamespace', { namespace: from });
    });

    it('a missing source answers 404 NoSuchTableException', async () => {
      const namespace = await ice.namespace();
      await ice.api.error(
        'renameTable',
        { body: { source: { namespace, name: 'nope' }, destination: { namespace, name: 'x' } } },
        404,
        'NoSuchTableException',
      );
    });

    it('a missing destination namespace answers 404 NoSuchNamespaceException and leaves the table', async () => {
      const namespace = await ice.namespace();
      await ice.table(namespace, { name: 'stay' });
      await ice.api.error(
        'renameTable',
        {
          body: {
            source: { namespace, name: 'stay' },
            destination: { namespace: [ice.namespaceName('missing')], name: 'stay' },
          },
        },
        404,
        'NoSuchNamespaceException',
      );
      await ice.api.noContent('tableExists', { namespace, table: 'stay' });
    });

    it('a destination already taken answers 409 AlreadyExistsException and changes neither table', async () => {
      const namespace = await ice.namespace();
      const a = await ice.table(namespace, { name: 'a' });
      const b = await ice.table(namespace, { name: 'b' });
      await ice.api.error(
        'renameTable',
        { body: { source: { namespace, name: 'a' }, destination: { namespace, name: 'b' } } },
        409,
        'AlreadyExistsException',
      );
      expect((await ice.load(namespace, 'a')).metadata['table-uuid']).toBe(a.metadata['table-uuid']);
      expect((await ice.load(namespace, 'b')).metadata['table-uuid']).toBe(b.metadata['table-uuid']);
    });
  });

  describe('drop', () => {
    it('drops a table (also with purgeRequested): 204, then it is gone and the name is free', async () => {
      const namespace = await ice.namespace();
      await ice.table(namespace, { name: 'plain' });
      await ice.table(namespace, { name: 'purged' });
      await ice.api.noContent('dropTable', { namespace, table: 'plain' });
      await ice.api.noContent('dropTable', { namespace, table: 'purged', query: { purgeRequested: true } });
      await ice.api.error('loadTable', { namespace, table: 'plain' }, 404, 'NoSuchTableException');
      expect(await tableNames(ice.api, namespace)).toEqual([]);
      await ice.table(namespace, { name: 'plain' });
    });

    it('a missing table answers 404 NoSuchTableException', async () => {
      const namespace = await ice.namespace();
      await ice.api.error('dropTable', { namespace, table: 'nope' }, 404, 'NoSuchTableException');
    });
  });

  describe('register', () => {
    it('registers an existing metadata file as a table; a taken name answers 409 unless overwrite', async () => {
      const namespace = await ice.namespace();
      const source = await ice.table(namespace, { name: 'source' });
      await ice.commit(namespace, 'source', [], [update.setProperties({ registered: 'yes' })]);
      const current = await ice.load(namespace, 'source');
      const location = current['metadata-location'] as string;

      const target = await ice.namespace();
      const registered = await ice.api.ok('registerTable', {
        namespace: target,
        body: { name: 'copy', 'metadata-location': location },
      });
      expect(registered.body['metadata-location']).toBe(location);
      expect(registered.body.metadata['table-uuid']).toBe(source.metadata['table-uuid']);
      expect(registered.body.metadata.properties).toMatchObject({ registered: 'yes' });
      expect(registered.headers.etag, 'ETag on register').toBeTruthy();
      expect((await ice.load(target, 'copy'))['metadata-location']).toBe(location);

      await ice.api.error(
        'registerTable',
        { namespace: target, body: { name: 'copy', 'metadata-location': source['metadata-location'] as string } },
        409,
        'AlreadyExistsException',
      );
      const overwritten = await ice.api.ok('registerTable', {
        namespace: target,
        body: { name: 'copy', 'metadata-location': source['metadata-location'] as string, overwrite: true },
      });
      expect(overwritten.body['metadata-location']).toBe(source['metadata-location']);
      expect((await ice.load(target, 'copy'))['metadata-location']).toBe(source['metadata-location']);
    });

    it('in a missing namespace answers 404 NoSuchNamespaceException', async () => {
      const namespace = await ice.namespace();
      const source = await ice.table(namespace);
      await ice.api.error(
        'registerTable',
        {
          namespace: [ice.namespaceName('missing')],
          body: { name: 'copy', 'metadata-location': source['metadata-location'] as string },
        },
        404,
        'NoSuchNamespaceException',
      );
    });
  });

  describe('reportMetrics', () => {
    it('accepts a commit report (204, no body); a missing table answers 404; a malformed report 400', async () => {
      const namespace = await ice.namespace();
      const table = await ice.table(namespace);
      const report = {
        'report-type': 'commit-report' as const,
        'table-name': `${namespace.join('.')}.${table.name}`,
        'snapshot-id': 1,
        'sequence-number': 1,
        operation: 'append',
        metrics: { 'total-duration': { 'time-unit': 'nanoseconds', count: 1, 'total-duration': 1000 } },
      };
      await ice.api.noContent('reportMetrics', { namespace, table: table.name, body: report });
      await ice.api.error('reportMetrics', { namespace, table: 'nope', body: report }, 404, [
        'NoSuchTableException',
        'NoSuchNamespaceException',
      ]);
      await ice.api.error(
        'reportMetrics',
        { namespace, table: table.name, body: { raw: JSON.stringify({ 'table-name': 'x' }) } },
        400,
        'BadRequestException',
      );
    });
  });

  describe('the prefixed path family', () => {
    it('is a catalog of its own: what it holds is not in the default catalog, and the same names coexist', async () => {
      const prefixed = ice.catalog(CONFORMANCE_PREFIX);
      const name = ice.namespaceName('prefixed', prefixed);
      ice.track([name], ice.api);
      await prefixed.ok('createNamespace', { body: { namespace: [name], properties: { catalog: 'prefixed' } } });
      const table = await ice.table([name], { name: 'only_here', client: prefixed });

      expect((await ice.api.call('namespaceExists', { namespace: [name] })).status).toBe(404);
      await ice.api.error('loadTable', { namespace: [name], table: 'only_here' }, 404, [
        'NoSuchTableException',
        'NoSuchNamespaceException',
      ]);
      await prefixed.noContent('tableExists', { namespace: [name], table: 'only_here' });
      expect((await prefixed.ok('listNamespaces')).body.namespaces).toContainEqual([name]);
      expect((await ice.api.ok('listNamespaces')).body.namespaces ?? []).not.toContainEqual([name]);

      // The same namespace name in the default catalog is another namespace.
      await ice.api.ok('createNamespace', { body: { namespace: [name], properties: { catalog: 'default' } } });
      expect((await ice.api.ok('loadNamespaceMetadata', { namespace: [name] })).body.properties).toEqual({
        catalog: 'default',
      });
      expect((await prefixed.ok('loadNamespaceMetadata', { namespace: [name] })).body.properties).toEqual({
        catalog: 'prefixed',
      });
      expect(await tableNames(ice.api, [name])).toEqual([]);

      // Commits and drops act on the prefixed catalog only.
      await ice.commit(
        [name],
        'only_here',
        [requirement.tableUuid(table.metadata['table-uuid'])],
        [update.setProperties({ committed: 'yes' })],
        prefixed,
      );
      expect((await ice.load([name], 'only_here', prefixed)).metadata.properties).toMatchObject({ committed: 'yes' });
      await prefixed.noContent('dropTable', { namespace: [name], table: 'only_here' });
      await prefixed.noContent('dropNamespace', { namespace: [name] });
      await ice.api.noContent('namespaceExists', { namespace: [name] });
    });
  });
});

describe('GET /v1/config', () => {
  const ENDPOINTS = [
    'GET /v1/{prefix}/namespaces',
    'POST /v1/{prefix}/namespaces',
    'GET /v1/{prefix}/namespaces/{namespace}',
    'HEAD /v1/{prefix}/namespaces/{namespace}',
    'DELETE /v1/{prefix}/namespaces/{namespace}',
    'POST /v1/{prefix}/namespaces/{namespace}/properties',
    'GET /v1/{prefix}/namespaces/{namespace}/tables',
    'POST /v1/{prefix}/namespaces/{namespace}/tables',
    'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
    'HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}',
    'POST /v1/{prefix}/namespaces/{namespace}/tables/{table}',
    'DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}',
    'POST /v1/{prefix}/namespaces/{namespace}/register',
    'POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics',
    'POST /v1/{prefix}/tables/rename',
    'POST /v1/{prefix}/transactions/commit',
  ];

  it('lists every endpoint (the HEAD ones included) and the idempotency-key lifetime', async () => {
    const { body } = await ice.api.ok('getConfig');
    expect(body.defaults).toEqual(expect.any(Object));
    expect(body.overrides).toEqual(expect.any(Object));
    expect(body.endpoints ?? []).toEqual(expect.arrayContaining(ENDPOINTS));
    // An ISO-8601 duration.
    expect(body['idempotency-key-lifetime']).toMatch(
      /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    );
    // The separator is never overridden: %1F is the only one.
    expect(body.overrides['namespace-separator'] ?? '%1F').toBe('%1F');
  });

  it('a warehouse name selects the catalog of that prefix; a warehouse location the default catalog', async () => {
    const named = await ice.api.ok('getConfig', { query: { warehouse: CONFORMANCE_PREFIX } });
    expect(named.body.overrides.prefix).toBe(CONFORMANCE_PREFIX);
    const location = 'file:///tmp/dbwire-conformance-warehouse';
    const located = await ice.api.ok('getConfig', { query: { warehouse: location } });
    expect(located.body.overrides.prefix).toBeUndefined();
    expect(located.body.defaults.warehouse).toBe(location);
  });
});
