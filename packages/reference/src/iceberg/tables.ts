import { parseJson } from '@dbwire/json';
import type { ApiResponse } from '@dbwire/server-stubs';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import { Commits, rejection, type TableChange } from './commits.js';
import { type CatalogContext, catalogLabel, keysOf, readCatalog } from './context.js';
import { isStrictlyInside, trimLocation } from './files.js';
import { defaultTableLocation, etagMatches, etagOf, type SnapshotsMode } from './locations.js';
import { newTableMetadata } from './metadata/index.js';
import type { CommitTableRequest, CreateTableRequest, Namespace, TableIdentifier, TableMetadata } from './model.js';
import { type CatalogName, checkIdentifier, showTable } from './names.js';
import type { PageQuery } from './namespaces.js';
import { paginate } from './pages.js';
import { CatalogState, type StoredTable, tableAlreadyExists } from './store.js';

/** Table operations and `transactions/commit` of one server, any catalog. */
export class Tables {
  private readonly commits: Commits;

  constructor(private readonly context: CatalogContext) {
    this.commits = new Commits(context);
  }

  private resource(catalog: CatalogName, identifier: TableIdentifier): string {
    return `${catalogLabel(catalog)}, table ${JSON.stringify([...identifier.namespace, identifier.name])}`;
  }

  list(catalog: CatalogName, namespace: Namespace, page: PageQuery) {
    return readCatalog(this.context, catalog, async (state) => {
      await state.requireNamespace(namespace);
      const names = await state.tableNames(namespace);
      const { items, nextPageToken } = paginate(names, (name) => name, page.pageToken, page.pageSize);
      return { identifiers: items.map((name) => ({ namespace, name })), 'next-page-token': nextPageToken };
    });
  }

  /** The table's metadata with its `ETag`, or 304 when `If-None-Match` still names it. */
  async load(
    catalog: CatalogName,
    identifier: TableIdentifier,
    mode: SnapshotsMode,
    ifNoneMatch: string | undefined,
  ): Promise<ApiResponse> {
    const stored = await readCatalog(this.context, catalog, (state) => state.requireTable(identifier));
    await this.checkMetadataFile(stored.metadataLocation);
    const etag = await etagOf(stored.metadataLocation, mode);
    if (etagMatches(ifNoneMatch, etag)) return { status: 304, headers: { etag } };
    const metadata = mode === 'refs' ? referencedSnapshotsOnly(stored.metadata) : stored.metadata;
    return { status: 200, body: loadResult(stored.metadataLocation, metadata), headers: { etag } };
  }

  /**
   * Clients read the metadata file a load names (the Java client and pyiceberg do), so a file
   * that has gone missing is reported here, as a 404 `NotFoundException`, rather than as a
   * confusing failure in the client after a 200.
   */
  private async checkMetadataFile(location: string): Promise<void> {
    const { files } = this.context;
    if (files?.handles(location) && !(await files.exists(location))) {
      throw icebergError(404, 'NotFoundException', `The table's metadata file is missing: ${location}`);
    }
  }

  exists(catalog: CatalogName, identifier: TableIdentifier): Promise<boolean> {
    return readCatalog(this.context, catalog, async (state) => (await state.getTable(identifier)) !== undefined);
  }

  /**
   * Creates a table (or, with `stage-create`, only builds its metadata, storing nothing): 404
   * without its namespace, 409 when the name is taken.
   */
  create(
    catalog: CatalogName,
    namespace: Namespace,
    body: CreateTableRequest,
    key: string | undefined,
  ): Promise<ApiResponse> {
    const identifier = checkIdentifier({ namespace, name: body.name });
    return this.context.mutations.run(
      { operation: 'createTable', resource: this.resource(catalog, identifier), request: body, key },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        await state.requireNamespace(namespace);
        if (await state.getTable(identifier)) throw tableAlreadyExists(identifier);
        const location = trimLocation(
          body.location ?? defaultTableLocation(this.context.warehouse, catalog, identifier),
        );
        const built = newTableMetadata(body, { location, tableUuid: this.context.uuid(), now: this.context.now() });
        if (!built.ok) throw rejection(built);
        if (body['stage-create'] === true) {
          return { response: { status: 200, body: loadResult(null, built.metadata) } };
        }
        const stored = await this.commits.write(state, catalog, identifier, built.metadata, undefined);
        return { response: await tableAnswer(stored) };
      },
    );
  }

  /** `updateTable`: one table's commit, or the creation of a staged table (`assert-create`). */
  update(
    catalog: CatalogName,
    identifier: TableIdentifier,
    body: CommitTableRequest,
    key: string | undefined,
  ): Promise<ApiResponse> {
    checkIdentifier(identifier);
    if (body.identifier !== undefined && !sameIdentifier(body.identifier, identifier)) {
      throw icebergError(
        400,
        'BadRequestException',
        `The body names table ${showTable(body.identifier)}, but the path names ${showTable(identifier)}.`,
      );
    }
    const change: TableChange = { identifier, requirements: body.requirements, updates: body.updates };
    return this.context.mutations.run(
      { operation: 'updateTable', resource: this.resource(catalog, identifier), request: body, key },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        const results = await this.commits.commit(state, catalog, [change]);
        const stored = results.get(state.keys.table(identifier)) as StoredTable;
        return {
          response: {
            status: 200,
            body: { 'metadata-location': stored.metadataLocation, metadata: stored.metadata },
            headers: { etag: await etagOf(stored.metadataLocation, 'all') },
          },
        };
      },
    );
  }

  /**
   * `transactions/commit`: every change to every table in one storage transaction, all or none
   * (see ./commits.ts). 204 with no body.
   */
  commitTransaction(
    catalog: CatalogName,
    body: { 'table-changes': CommitTableRequest[] },
    key: string | undefined,
  ): Promise<ApiResponse> {
    const changes = body['table-changes'].map((change, index): TableChange => {
      if (change.identifier === undefined) {
        throw icebergError(400, 'BadRequestException', `table-changes[${index}] has no identifier.`);
      }
      return {
        identifier: checkIdentifier(change.identifier),
        requirements: change.requirements,
        updates: change.updates,
      };
    });
    if (changes.length === 0) throw icebergError(400, 'BadRequestException', 'table-changes is empty.');
    return this.context.mutations.run(
      { operation: 'commitTransaction', resource: catalogLabel(catalog), request: body, key },
      async (tx) => {
        await this.commits.commit(new CatalogState(tx, keysOf(catalog)), catalog, changes);
        return { response: { status: 204 } };
      },
    );
  }

  /**
   * Drops the catalog entry. With `purgeRequested` and a location the server can reach, the
   * table's files go too once the drop is committed: its whole directory when it lies inside the
   * warehouse, else only the metadata files this catalog knows of.
   */
  drop(
    catalog: CatalogName,
    identifier: TableIdentifier,
    purge: boolean,
    key: string | undefined,
  ): Promise<ApiResponse> {
    checkIdentifier(identifier);
    return this.context.mutations.run(
      {
        operation: 'dropTable',
        resource: this.resource(catalog, identifier),
        request: { purgeRequested: purge },
        key,
      },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        const stored = await state.requireTable(identifier);
        await state.deleteTable(identifier);
        return { response: { status: 204 }, afterCommit: purge ? () => this.purge(stored) : undefined };
      },
    );
  }

  private async purge(stored: StoredTable): Promise<void> {
    const { files, warehouse } = this.context;
    const location = stored.metadata.location;
    if (!files) return;
    try {
      if (location !== undefined && files.handles(location) && isStrictlyInside(location, warehouse)) {
        await files.deleteTree(location);
        return;
      }
      const known = [
        stored.metadataLocation,
        ...(stored.metadata['metadata-log'] ?? []).map((e) => e['metadata-file']),
      ];
      for (const file of known) if (files.handles(file)) await files.delete(file);
    } catch {
      // The catalog entry is gone either way; files left behind are orphans, as after any failed cleanup.
    }
  }

  /** Renames (or moves) a table: 404 without the source or the destination namespace, 409 when the destination is taken. */
  rename(
    catalog: CatalogName,
    body: { source: TableIdentifier; destination: TableIdentifier },
    key: string | undefined,
  ): Promise<ApiResponse> {
    const source = checkIdentifier(body.source);
    const destination = checkIdentifier(body.destination);
    return this.context.mutations.run(
      { operation: 'renameTable', resource: catalogLabel(catalog), request: body, key },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        const stored = await state.requireTable(source);
        await state.requireNamespace(destination.namespace);
        if (await state.getTable(destination)) throw tableAlreadyExists(destination);
        await state.deleteTable(source);
        await state.putTable(destination, stored);
        return { response: { status: 204 } };
      },
    );
  }

  /**
   * Registers a table from an existing metadata file (read through the server's `MetadataFiles`):
   * 404 when there is no such file, 409 when the name is taken unless `overwrite`.
   */
  register(
    catalog: CatalogName,
    namespace: Namespace,
    body: { name: string; 'metadata-location': string; overwrite?: boolean },
    key: string | undefined,
  ): Promise<ApiResponse> {
    const identifier = checkIdentifier({ namespace, name: body.name });
    const metadataLocation = body['metadata-location'];
    return this.context.mutations.run(
      { operation: 'registerTable', resource: this.resource(catalog, identifier), request: body, key },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        await state.requireNamespace(namespace);
        if (!body.overwrite && (await state.getTable(identifier))) throw tableAlreadyExists(identifier);
        const metadata = await this.readMetadataFile(metadataLocation);
        const stored: StoredTable = { metadataLocation, metadata };
        await state.putTable(identifier, stored);
        return { response: await tableAnswer(stored) };
      },
    );
  }

  private async readMetadataFile(location: string): Promise<TableMetadata> {
    const { files } = this.context;
    if (!files?.handles(location)) {
      throw icebergError(
        400,
        'BadRequestException',
        `Cannot read metadata file ${location}: this server reads only local file: locations.`,
      );
    }
    let text: string | undefined;
    try {
      text = await files.read(location);
    } catch (error) {
      // Unreadable for good (no permission, outside what the server may read): the request's fault.
      throw icebergError(
        400,
        'BadRequestException',
        `Cannot read metadata file ${location}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (text === undefined) throw icebergError(404, 'NotFoundException', `Metadata file does not exist: ${location}`);
    let metadata: unknown;
    try {
      metadata = parseJson(text);
    } catch (error) {
      throw icebergError(400, 'BadRequestException', `Metadata file ${location} is not JSON: ${String(error)}`);
    }
    if (
      typeof metadata !== 'object' ||
      metadata === null ||
      typeof (metadata as Partial<TableMetadata>)['format-version'] !== 'number' ||
      typeof (metadata as Partial<TableMetadata>)['table-uuid'] !== 'string'
    ) {
      throw icebergError(400, 'BadRequestException', `Metadata file ${location} is not Iceberg table metadata.`);
    }
    return metadata as TableMetadata;
  }

  /** `reportMetrics`: the body was checked by the dispatcher; the table must exist; the report is discarded. */
  reportMetrics(catalog: CatalogName, identifier: TableIdentifier): Promise<ApiResponse> {
    checkIdentifier(identifier);
    return readCatalog(this.context, catalog, async (state) => {
      await state.requireTable(identifier);
      return { status: 204 };
    });
  }
}

function loadResult(metadataLocation: string | null, metadata: TableMetadata) {
  return { 'metadata-location': metadataLocation, metadata, config: {} };
}

async function tableAnswer(stored: StoredTable): Promise<ApiResponse> {
  return {
    status: 200,
    body: loadResult(stored.metadataLocation, stored.metadata),
    headers: { etag: await etagOf(stored.metadataLocation, 'all') },
  };
}

function sameIdentifier(a: TableIdentifier, b: TableIdentifier): boolean {
  return (
    a.name === b.name && a.namespace.length === b.namespace.length && a.namespace.every((l, i) => l === b.namespace[i])
  );
}

/** `snapshots=refs`: only the snapshots a branch or tag points to. */
function referencedSnapshotsOnly(metadata: TableMetadata): TableMetadata {
  if (!metadata.snapshots) return metadata;
  const referenced = new Set(Object.values(metadata.refs ?? {}).map((ref) => String(ref['snapshot-id'])));
  return { ...metadata, snapshots: metadata.snapshots.filter((s) => referenced.has(String(s['snapshot-id']))) };
}
