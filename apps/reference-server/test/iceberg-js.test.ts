/**
 * `dbwire serve`'s Iceberg REST catalog driven by a real client, iceberg-js 1.0.0 (the published
 * TypeScript client), through its own API only: namespaces, tables, commits, rename and drop, on
 * the default catalog (`/v1/...`) and on a warehouse's catalog (`/v1/{prefix}/...`, which the
 * client finds through `GET /v1/config?warehouse=`). The client sends an `Idempotency-Key` on every
 * mutation, encodes each namespace level and joins them with `%1F`, and parses error bodies only
 * when they are `application/json`: a server that got any of that wrong fails here.
 *
 * iceberg-js parses responses with `JSON.parse`, so it cannot carry 64-bit snapshot ids exactly;
 * those are checked with pyiceberg (pyiceberg.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IcebergError, IcebergRestCatalog, type TableIdentifier, type TableSchema } from 'iceberg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe } from './helpers/serve.js';

/** The reference catalog's development bearer token. */
const TOKEN = 'dev-token';

const SCHEMA: TableSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'name', type: 'string', required: false },
  ],
};

let serve: ServeProcess & { urls: Record<string, string> };
let baseUrl: string;
let warehouseDir: string;
let warehouse: string;

/** A client of the default catalog (no `warehouse`: paths are `/v1/...`, no config call). */
let catalog: IcebergRestCatalog;

/** What an `IcebergError` carries, for `rejects.toMatchObject`. */
const icebergError = (status: number, type: string) =>
  expect.objectContaining({ name: 'IcebergError', status, icebergType: type, icebergCode: status });

beforeAll(async () => {
  warehouseDir = await mkdtemp(join(tmpdir(), 'dbwire-iceberg-js-'));
  warehouse = pathToFileURL(warehouseDir).href;
  serve = await startServe(['--engine', 'memory', '--iceberg-warehouse', warehouse]);
  baseUrl = serve.urls.iceberg as string;
  catalog = new IcebergRestCatalog({ baseUrl, auth: { type: 'bearer', token: TOKEN } });
}, 60_000);

afterAll(async () => {
  serve?.child.kill('SIGKILL');
  if (warehouseDir) await rm(warehouseDir, { recursive: true, force: true });
});

describe('iceberg-js 1.0.0 against dbwire serve', () => {
  it('reads the catalog configuration: every endpoint it uses is advertised, with the idempotency lifetime', async () => {
    const config = await new IcebergRestCatalog({
      baseUrl,
      warehouse: 'js_config',
      auth: { type: 'bearer', token: TOKEN },
    }).loadConfig();
    expect(config.overrides).toMatchObject({ prefix: 'js_config' });
    expect(config['idempotency-key-lifetime']).toBe('PT24H');
    expect(config.endpoints).toEqual(
      expect.arrayContaining([
        'GET /v1/{prefix}/namespaces',
        'POST /v1/{prefix}/namespaces',
        'HEAD /v1/{prefix}/namespaces/{namespace}',
        'DELETE /v1/{prefix}/namespaces/{namespace}',
        'POST /v1/{prefix}/namespaces/{namespace}/properties',
        'POST /v1/{prefix}/namespaces/{namespace}/tables',
        'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
        'HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}',
        'POST /v1/{prefix}/namespaces/{namespace}/tables/{table}',
        'DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}',
        'POST /v1/{prefix}/tables/rename',
        'POST /v1/{prefix}/transactions/commit',
      ]),
    );
  });

  it('refuses a wrong token with 401 NotAuthorizedException, which the client reads as JSON', async () => {
    const stranger = new IcebergRestCatalog({ baseUrl, auth: { type: 'bearer', token: 'not-a-token' } });
    await expect(stranger.listNamespaces()).rejects.toEqual(icebergError(401, 'NotAuthorizedException'));
    await expect(stranger.listNamespaces()).rejects.toBeInstanceOf(IcebergError);
  });

  describe('namespaces', () => {
    it('create, exists, load, update properties, list, and 409 AlreadyExistsException on a second create', async () => {
      const ns = { namespace: ['js_sales'] };
      expect(await catalog.namespaceExists(ns)).toBe(false);
      expect(await catalog.createNamespace(ns, { properties: { owner: 'iceberg-js' } })).toEqual({
        namespace: ['js_sales'],
        properties: { owner: 'iceberg-js' },
      });
      expect(await catalog.namespaceExists(ns)).toBe(true);
      expect(await catalog.loadNamespaceMetadata(ns)).toEqual({ properties: { owner: 'iceberg-js' } });

      const update = await catalog.updateNamespaceProperties(ns, {
        updates: { region: 'eu' },
        removals: ['owner', 'never-set'],
      });
      expect(update.updated).toEqual(['region']);
      expect(update.removed).toEqual(['owner']);
      expect(update.missing).toEqual(['never-set']);
      expect(await catalog.loadNamespaceMetadata(ns)).toEqual({ properties: { region: 'eu' } });

      expect((await catalog.listNamespaces()).namespaces).toContainEqual(ns);
      await expect(catalog.createNamespace(ns)).rejects.toEqual(icebergError(409, 'AlreadyExistsException'));
      // The client's own "if not exists" reads that 409 as "already there".
      expect(await catalog.createNamespaceIfNotExists(ns)).toBeUndefined();
    });

    it('nested namespaces: levels joined with %1F in paths and `parent`, levels with spaces and slashes', async () => {
      const parent = { namespace: ['js_org'] };
      const child = { namespace: ['js_org', 'dept one'] };
      const grandchild = { namespace: ['js_org', 'dept one', 'sales/eu'] };
      await catalog.createNamespace(parent);
      await catalog.createNamespace(child, { properties: { level: '2' } });
      await catalog.createNamespace(grandchild);

      expect(await catalog.namespaceExists(grandchild)).toBe(true);
      expect(await catalog.loadNamespaceMetadata(child)).toEqual({ properties: { level: '2' } });
      expect((await catalog.listNamespaces({ parent })).namespaces).toEqual([child]);
      expect((await catalog.listNamespaces({ parent: child })).namespaces).toEqual([grandchild]);
      // Top level only without `parent`.
      const top = (await catalog.listNamespaces()).namespaces;
      expect(top).toContainEqual(parent);
      expect(top).not.toContainEqual(child);

      await catalog.dropNamespace(grandchild);
      await catalog.dropNamespace(child);
      expect(await catalog.namespaceExists(child)).toBe(false);
      expect((await catalog.listNamespaces({ parent })).namespaces).toEqual([]);
    });

    it('pages through namespaces with pageSize and the next-page token', async () => {
      const parent = { namespace: ['js_paged'] };
      await catalog.createNamespace(parent);
      const names = ['c', 'a', 'e', 'b', 'd'];
      for (const name of names) await catalog.createNamespace({ namespace: ['js_paged', name] });

      const seen: string[][] = [];
      let pageToken: string | undefined = '';
      for (let pages = 0; pageToken !== undefined; pages++) {
        expect(pages).toBeLessThan(names.length + 1);
        const page = await catalog.listNamespaces({ parent, pageSize: 2, pageToken });
        expect(page.namespaces.length).toBeLessThanOrEqual(2);
        seen.push(...page.namespaces.map((ns) => ns.namespace));
        pageToken = page.nextPageToken;
      }
      expect(seen).toEqual([...names].sort().map((name) => ['js_paged', name]));
    });

    it('drop: 404 NoSuchNamespaceException when missing, 409 NamespaceNotEmptyException while it holds a table', async () => {
      await expect(catalog.dropNamespace({ namespace: ['js_missing'] })).rejects.toEqual(
        icebergError(404, 'NoSuchNamespaceException'),
      );
      await expect(catalog.loadNamespaceMetadata({ namespace: ['js_missing'] })).rejects.toEqual(
        icebergError(404, 'NoSuchNamespaceException'),
      );
      const ns = { namespace: ['js_full'] };
      await catalog.createNamespace(ns);
      await catalog.createTable(ns, { name: 't', schema: SCHEMA });
      await expect(catalog.dropNamespace(ns)).rejects.toEqual(icebergError(409, 'NamespaceNotEmptyException'));
      expect(await catalog.namespaceExists(ns)).toBe(true);
      await catalog.dropTable({ namespace: ns.namespace, name: 't' });
      await catalog.dropNamespace(ns);
      expect(await catalog.namespaceExists(ns)).toBe(false);
    });
  });

  describe('tables', () => {
    const ns = { namespace: ['js_tables'] };
    const events: TableIdentifier = { namespace: ns.namespace, name: 'events' };

    beforeAll(async () => {
      await catalog.createNamespace(ns);
    });

    it('create: new-table metadata with defaults, a metadata location in the warehouse, and an ETag', async () => {
      const created = await catalog.createTableResult(ns, {
        name: 'events',
        schema: SCHEMA,
        properties: { 'created-by': 'iceberg-js' },
      });
      const { metadata } = created;
      expect(metadata['format-version']).toBe(2);
      expect(metadata['table-uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(metadata.location?.startsWith(warehouse)).toBe(true);
      expect(metadata['current-schema-id']).toBe(0);
      expect(metadata.schemas).toEqual([expect.objectContaining({ 'schema-id': 0, fields: SCHEMA.fields })]);
      expect(metadata['last-column-id']).toBe(2);
      expect(metadata['default-spec-id']).toBe(0);
      expect(metadata['partition-specs']).toEqual([{ 'spec-id': 0, fields: [] }]);
      expect(metadata['sort-orders']).toEqual([{ 'order-id': 0, fields: [] }]);
      expect(metadata.properties).toMatchObject({ 'created-by': 'iceberg-js' });
      expect(metadata.snapshots ?? []).toEqual([]);
      expect(created['metadata-location']).toMatch(/\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
      expect(created['metadata-location']?.startsWith(metadata.location as string)).toBe(true);
      expect(created.etag).toBeTruthy();

      await expect(catalog.createTable(ns, { name: 'events', schema: SCHEMA })).rejects.toEqual(
        icebergError(409, 'AlreadyExistsException'),
      );
      // "if not exists" falls back to loading the table that is there.
      expect((await catalog.createTableIfNotExists(ns, { name: 'events', schema: SCHEMA }))['table-uuid']).toBe(
        metadata['table-uuid'],
      );
      await expect(
        catalog.createTable({ namespace: ['js_nowhere'] }, { name: 'events', schema: SCHEMA }),
      ).rejects.toEqual(icebergError(404, 'NoSuchNamespaceException'));
    });

    it('load, exists, list, and a conditional load: If-None-Match with the ETag is 304 (null)', async () => {
      const loaded = await catalog.loadTableResult(events);
      expect(loaded?.metadata.schemas[0]?.fields).toEqual(SCHEMA.fields);
      expect(loaded?.etag).toBeTruthy();
      expect(await catalog.loadTable(events, { ifNoneMatch: loaded?.etag as string })).toBeNull();
      expect(await catalog.loadTable(events, { ifNoneMatch: '"something-else"' })).not.toBeNull();

      expect(await catalog.tableExists(events)).toBe(true);
      expect(await catalog.tableExists({ ...events, name: 'nope' })).toBe(false);
      expect((await catalog.listTables(ns)).identifiers).toContainEqual(events);
      await expect(catalog.loadTable({ ...events, name: 'nope' })).rejects.toEqual(
        icebergError(404, 'NoSuchTableException'),
      );
    });

    it('commit: add a schema, make it current, set properties; a new metadata file each time', async () => {
      const before = await catalog.loadTableResult(events);
      if (!before) throw new Error('no table');
      const uuid = before.metadata['table-uuid'];

      const committed = await catalog.updateTable(events, {
        requirements: [
          { type: 'assert-table-uuid', uuid },
          { type: 'assert-current-schema-id', 'current-schema-id': 0 },
          { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 2 },
        ],
        updates: [
          {
            action: 'add-schema',
            schema: {
              type: 'struct',
              fields: [...SCHEMA.fields, { id: 3, name: 'score', type: 'double', required: false }],
            },
          },
          { action: 'set-current-schema', 'schema-id': -1 },
          { action: 'set-properties', updates: { owner: 'analytics' } },
        ],
      });
      expect(committed['metadata-location']).not.toBe(before['metadata-location']);
      expect(committed['metadata-location']).toMatch(/\/metadata\/00001-[0-9a-f-]{36}\.metadata\.json$/);
      expect(committed.metadata['current-schema-id']).toBe(1);
      expect(committed.metadata['last-column-id']).toBe(3);
      expect(committed.metadata.schemas.map((schema) => schema['schema-id'])).toEqual([0, 1]);
      expect(committed.metadata.properties).toMatchObject({ owner: 'analytics', 'created-by': 'iceberg-js' });
      expect(committed.metadata['metadata-log']?.map((entry) => entry['metadata-file'])).toEqual([
        before['metadata-location'],
      ]);

      // What the server kept, and a new ETag: the old one no longer matches.
      const after = await catalog.loadTableResult(events, { ifNoneMatch: before.etag as string });
      expect(after?.['metadata-location']).toBe(committed['metadata-location']);
      expect(after?.metadata['current-schema-id']).toBe(1);
      expect(after?.metadata.schemas[1]?.fields.map((field) => field.name)).toEqual(['id', 'name', 'score']);

      // A stale requirement is a 409 CommitFailedException and changes nothing.
      await expect(
        catalog.commitTable(events, {
          requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }],
          updates: [{ action: 'set-properties', updates: { owner: 'someone-else' } }],
        }),
      ).rejects.toSatisfy(
        (error) =>
          error instanceof IcebergError &&
          error.isConflict() &&
          error.icebergType === 'CommitFailedException' &&
          !error.isCommitStateUnknown,
      );
      const unchanged = await catalog.loadTableResult(events);
      expect(unchanged?.['metadata-location']).toBe(committed['metadata-location']);
      expect(unchanged?.metadata.properties.owner).toBe('analytics');

      // An unknown update action is a 400, not a silent no-op.
      await expect(
        catalog.updateTable(events, {
          requirements: [],
          updates: [{ action: 'no-such-action' } as never],
        }),
      ).rejects.toMatchObject({ status: 400 });
    });

    it('rename within and across namespaces, then drop', async () => {
      const other = { namespace: ['js_archive'] };
      await catalog.createNamespace(other);
      const uuid = (await catalog.loadTable(events))['table-uuid'];

      const renamed: TableIdentifier = { namespace: ns.namespace, name: 'events_v2' };
      await catalog.renameTable({ source: events, destination: renamed });
      expect(await catalog.tableExists(events)).toBe(false);
      expect((await catalog.loadTable(renamed))['table-uuid']).toBe(uuid);

      const moved: TableIdentifier = { namespace: other.namespace, name: 'events' };
      await catalog.renameTable({ source: renamed, destination: moved });
      expect((await catalog.listTables(ns)).identifiers).not.toContainEqual(renamed);
      expect((await catalog.listTables(other)).identifiers).toEqual([moved]);
      const loaded = await catalog.loadTable(moved);
      expect(loaded['table-uuid']).toBe(uuid);
      expect(loaded['current-schema-id']).toBe(1);

      await expect(catalog.renameTable({ source: renamed, destination: events })).rejects.toEqual(
        icebergError(404, 'NoSuchTableException'),
      );
      await catalog.createTable(ns, { name: 'taken', schema: SCHEMA });
      await expect(
        catalog.renameTable({ source: moved, destination: { namespace: ns.namespace, name: 'taken' } }),
      ).rejects.toEqual(icebergError(409, 'AlreadyExistsException'));

      await catalog.dropTable(moved);
      expect(await catalog.tableExists(moved)).toBe(false);
      await expect(catalog.dropTable(moved)).rejects.toEqual(icebergError(404, 'NoSuchTableException'));
      await catalog.dropTable({ namespace: ns.namespace, name: 'taken' }, { purge: true });
      expect((await catalog.listTables(ns)).identifiers).toEqual([]);
      await catalog.dropNamespace(other);
    });
  });

  it("a warehouse's catalog (/v1/{prefix}) is separate from the default one", async () => {
    const inWarehouse = new IcebergRestCatalog({ baseUrl, warehouse: 'js_wh', auth: { type: 'bearer', token: TOKEN } });
    const ns = { namespace: ['js_only_in_wh'] };
    await inWarehouse.createNamespace(ns);
    await inWarehouse.createTable(ns, { name: 't', schema: SCHEMA });
    expect((await inWarehouse.listTables(ns)).identifiers).toEqual([{ namespace: ns.namespace, name: 't' }]);
    expect(await inWarehouse.tableExists({ namespace: ns.namespace, name: 't' })).toBe(true);

    expect(await catalog.namespaceExists(ns)).toBe(false);
    expect((await catalog.listNamespaces()).namespaces).not.toContainEqual(ns);
    const another = new IcebergRestCatalog({ baseUrl, warehouse: 'js_wh2', auth: { type: 'bearer', token: TOKEN } });
    expect(await another.namespaceExists(ns)).toBe(false);

    await inWarehouse.dropTable({ namespace: ns.namespace, name: 't' });
    await inWarehouse.dropNamespace(ns);
    expect(await inWarehouse.namespaceExists(ns)).toBe(false);
  });
});
