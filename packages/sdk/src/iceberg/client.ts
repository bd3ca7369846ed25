import { parseJson } from '@dbwire/json';
import { IcebergError, NotFoundError } from './errors.js';
import type { Client } from './generated/client/index.js';
import * as op from './generated/sdk.gen.js';
import type {
  CatalogConfig,
  CommitTableRequest,
  CommitTableResponse,
  CommitTransactionRequest,
  CreateNamespaceRequest,
  CreateNamespaceResponse,
  CreateTableRequest,
  GetNamespaceResponse,
  ListNamespacesResponse,
  ListTablesResponse,
  LoadTableResult,
  Namespace,
  RegisterTableRequest,
  RenameTableRequest,
  ReportMetricsRequest,
  TableIdentifier,
  UpdateNamespacePropertiesRequest,
  UpdateNamespacePropertiesResponse,
} from './generated/types.gen.js';
import { namespaceParam } from './namespace.js';
import { pages } from './pagination.js';
import { createIcebergTransport, type IcebergTransportOptions } from './transport.js';

export interface IcebergClientOptions extends IcebergTransportOptions {
  /**
   * The catalog's `prefix` (a warehouse name): operations then go to `/v1/{prefix}/...` instead of
   * `/v1/...`. `connectIcebergClient` reads it from `GET /v1/config`.
   */
  prefix?: string;
}

/** What every call takes. */
export interface CallOptions {
  /** Cancels the call (it then rejects with `ApiUserAbortError`). */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** What every mutation (POST, DELETE) takes. */
export interface MutationOptions extends CallOptions {
  /**
   * The `Idempotency-Key` to send (a UUID). By default each call gets a new UUIDv7, reused by the
   * SDK's own retries of that call; pass one to resend a call whose outcome you did not learn (the
   * `idempotencyKey` of a `CommitStateUnknownError`, say).
   */
  idempotencyKey?: string;
}

/** Options of calls that may be answered with credentials for the table's storage. */
export interface DelegationOptions {
  /** `X-Iceberg-Access-Delegation`: `vended-credentials`, `remote-signing` (comma-separated). */
  accessDelegation?: string;
}

export interface LoadTableOptions extends CallOptions, DelegationOptions {
  /** `all` (the default): every snapshot; `refs`: only those a branch or tag points to. */
  snapshots?: 'all' | 'refs';
  /** The `etag` of an earlier answer: if the table has not changed since, the answer is `NotModified`. */
  etag?: string;
}

/** A table as `createTable`, `registerTable` and `loadTable` answer it, with its `ETag`. */
export type LoadedTable = LoadTableResult & {
  /** The response's `ETag`: pass it as `etag` to a later `loadTable` to skip an unchanged table. */
  etag: string | undefined;
  notModified: false;
};

/** `loadTable` with an `etag` that still matches: the table is as it was when that tag was issued. */
export interface NotModified {
  notModified: true;
  etag: string;
}

/** A commit's answer (the new metadata and its location), with its `ETag`. */
export type CommittedTable = CommitTableResponse & { etag: string | undefined };

/**
 * A typed Iceberg REST catalog client: one method per operation of `specs/iceberg.yaml`, plus
 * iterators over paged lists. Namespaces are arrays of levels (`['accounting', 'tax']`); the client
 * encodes them for paths. Responses are parsed with `parseJson` from `@dbwire/json`: an int64 (a
 * snapshot id) beyond 2^53 arrives as a `bigint` and is written back exactly, so a
 * `loadTable` -> `updateTable` round trip never changes an id.
 */
export interface IcebergClient {
  /** The prefix the operations use, if any. */
  readonly prefix: string | undefined;
  /** The hey-api client underneath, for the generated functions (which parse with `JSON.parse`). */
  readonly transport: Client;

  /** `GET /v1/config`: the catalog configuration (`defaults`, `overrides`, `endpoints`...). */
  getConfig(query?: { warehouse?: string }, options?: CallOptions): Promise<CatalogConfig>;

  /** One page of the namespaces below `parent` (the top level without it). See `listAllNamespaces`. */
  listNamespaces(
    query?: { parent?: Namespace; pageToken?: string; pageSize?: number },
    options?: CallOptions,
  ): Promise<ListNamespacesResponse>;
  /** Every namespace directly below `parent` (the top level without it), page after page. */
  listAllNamespaces(
    query?: { parent?: Namespace; pageSize?: number },
    options?: CallOptions,
  ): AsyncGenerator<Namespace, void, undefined>;
  createNamespace(request: CreateNamespaceRequest, options?: MutationOptions): Promise<CreateNamespaceResponse>;
  loadNamespaceMetadata(namespace: Namespace, options?: CallOptions): Promise<GetNamespaceResponse>;
  /** `HEAD`: whether the namespace exists (a 404 is `false`; other errors throw). */
  namespaceExists(namespace: Namespace, options?: CallOptions): Promise<boolean>;
  /** Drops an empty namespace (`NamespaceNotEmptyError` otherwise). */
  dropNamespace(namespace: Namespace, options?: MutationOptions): Promise<void>;
  updateProperties(
    namespace: Namespace,
    request: UpdateNamespacePropertiesRequest,
    options?: MutationOptions,
  ): Promise<UpdateNamespacePropertiesResponse>;

  /** One page of the namespace's tables. See `listAllTables`. */
  listTables(
    namespace: Namespace,
    query?: { pageToken?: string; pageSize?: number },
    options?: CallOptions,
  ): Promise<ListTablesResponse>;
  /** Every table of the namespace, page after page. */
  listAllTables(
    namespace: Namespace,
    query?: { pageSize?: number },
    options?: CallOptions,
  ): AsyncGenerator<TableIdentifier, void, undefined>;
  createTable(
    namespace: Namespace,
    request: CreateTableRequest,
    options?: MutationOptions & DelegationOptions,
  ): Promise<LoadedTable>;
  registerTable(
    namespace: Namespace,
    request: RegisterTableRequest,
    options?: MutationOptions & DelegationOptions,
  ): Promise<LoadedTable>;
  /** Loads a table; with `etag`, answers `NotModified` when the table has not changed. */
  loadTable(
    namespace: Namespace,
    table: string,
    options: LoadTableOptions & { etag: string },
  ): Promise<LoadedTable | NotModified>;
  loadTable(
    namespace: Namespace,
    table: string,
    options?: LoadTableOptions & { etag?: undefined },
  ): Promise<LoadedTable>;
  /** `HEAD`: whether the table exists (a 404 is `false`; other errors throw). */
  tableExists(namespace: Namespace, table: string, options?: CallOptions): Promise<boolean>;
  /**
   * Commits requirements and updates to one table. A failed requirement throws `CommitFailedError`
   * (409); an answer that leaves the outcome open (500, 502, 503, 504, after the retries) throws
   * `CommitStateUnknownError`.
   */
  updateTable(
    namespace: Namespace,
    table: string,
    request: CommitTableRequest,
    options?: MutationOptions,
  ): Promise<CommittedTable>;
  dropTable(
    namespace: Namespace,
    table: string,
    options?: MutationOptions & { purgeRequested?: boolean },
  ): Promise<void>;
  renameTable(request: RenameTableRequest, options?: MutationOptions): Promise<void>;
  reportMetrics(
    namespace: Namespace,
    table: string,
    request: ReportMetricsRequest,
    options?: MutationOptions,
  ): Promise<void>;
  /** Commits to several tables atomically; fails as `updateTable` does. */
  commitTransaction(request: CommitTransactionRequest, options?: MutationOptions): Promise<void>;
}

/** The JSON body the generated function read as text (every call below asks for `parseAs: 'text'`). */
function json<T>(result: { data: unknown }): T {
  // The generated types promise the parsed body; with `parseAs: 'text'` it is the text, which
  // `parseJson` reads without rounding int64 values.
  const text = result.data as unknown as string;
  return (text === '' ? {} : parseJson(text)) as T;
}

function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag') ?? undefined;
}

/** The headers of one call: the caller's, its key and delegation, without unset values. */
function headersOf(
  options: MutationOptions & DelegationOptions & { ifNoneMatch?: string },
): Record<string, string> | undefined {
  const headers: Record<string, string> = { ...options.headers };
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.accessDelegation !== undefined) headers['X-Iceberg-Access-Delegation'] = options.accessDelegation;
  if (options.ifNoneMatch !== undefined) headers['If-None-Match'] = options.ifNoneMatch;
  return Object.keys(headers).length === 0 ? undefined : headers;
}

/**
 * A client for an Iceberg REST catalog (`dbwire serve`, or any other). With `prefix`, every
 * operation but `getConfig` goes to `/v1/{prefix}/...` (the generated `...WithPrefix` function);
 * without it, to `/v1/...`.
 *
 * ```ts
 * const catalog = createIcebergClient({ baseUrl: 'http://127.0.0.1:8181', token: 'secret' });
 * await catalog.createNamespace({ namespace: ['accounting', 'tax'] });
 * for await (const id of catalog.listAllTables(['accounting', 'tax'])) console.log(id.name);
 * ```
 *
 * Retries, idempotency keys and errors: see `createIcebergTransport`.
 */
export function createIcebergClient(options: IcebergClientOptions): IcebergClient {
  const client = createIcebergTransport(options);
  const { prefix } = options;
  if (prefix !== undefined && (prefix === '' || prefix.includes('/'))) {
    throw new TypeError(`An Iceberg prefix is one non-empty path segment, not ${JSON.stringify(prefix)}.`);
  }
  // What every generated call gets: this client, the body as text (parsed here with `parseJson`).
  const base = { client, parseAs: 'text' } as const;

  function loadTable(
    namespace: Namespace,
    table: string,
    call: LoadTableOptions & { etag: string },
  ): Promise<LoadedTable | NotModified>;
  function loadTable(
    namespace: Namespace,
    table: string,
    call?: LoadTableOptions & { etag?: undefined },
  ): Promise<LoadedTable>;
  async function loadTable(
    namespace: Namespace,
    table: string,
    call: LoadTableOptions = {},
  ): Promise<LoadedTable | NotModified> {
    const path = { namespace: namespaceParam(namespace), table };
    const query = call.snapshots === undefined ? undefined : { snapshots: call.snapshots };
    const headers = headersOf({ ...call, ifNoneMatch: call.etag });
    const common = { ...base, query, signal: call.signal, headers };
    try {
      const result =
        prefix === undefined
          ? await op.loadTable({ ...common, path })
          : await op.loadTableWithPrefix({ ...common, path: { ...path, prefix } });
      return { ...json<LoadTableResult>(result), etag: etagOf(result.response), notModified: false };
    } catch (error) {
      // fetch counts 304 as not "ok", so it arrives as an error; with an `etag` it is an answer.
      if (call.etag !== undefined && error instanceof IcebergError && error.status === 304) {
        return { notModified: true, etag: etagOf(error.response) ?? call.etag };
      }
      throw error;
    }
  }

  const catalog: IcebergClient = {
    prefix,
    transport: client,

    async getConfig(query = {}, call = {}) {
      return json(await op.getConfig({ ...base, query, signal: call.signal, headers: headersOf(call) }));
    },

    async listNamespaces(query = {}, call = {}) {
      const { parent, ...rest } = query;
      const q = { ...rest, parent: parent === undefined ? undefined : namespaceParam(parent) };
      const common = { ...base, query: q, signal: call.signal, headers: headersOf(call) };
      return json(
        prefix === undefined
          ? await op.listNamespaces(common)
          : await op.listNamespacesWithPrefix({ ...common, path: { prefix } }),
      );
    },

    async *listAllNamespaces(query = {}, call = {}) {
      for await (const page of pages((pageToken) => catalog.listNamespaces({ ...query, pageToken }, call))) {
        yield* page.namespaces ?? [];
      }
    },

    async createNamespace(request, call = {}) {
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      return json(
        prefix === undefined
          ? await op.createNamespace(common)
          : await op.createNamespaceWithPrefix({ ...common, path: { prefix } }),
      );
    },

    async loadNamespaceMetadata(namespace, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, signal: call.signal, headers: headersOf(call) };
      return json(
        prefix === undefined
          ? await op.loadNamespaceMetadata({ ...common, path })
          : await op.loadNamespaceMetadataWithPrefix({ ...common, path: { ...path, prefix } }),
      );
    },

    async namespaceExists(namespace, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, signal: call.signal, headers: headersOf(call) };
      return exists(
        prefix === undefined
          ? op.namespaceExists({ ...common, path })
          : op.namespaceExistsWithPrefix({ ...common, path: { ...path, prefix } }),
      );
    },

    async dropNamespace(namespace, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, signal: call.signal, headers: headersOf(call) };
      if (prefix === undefined) await op.dropNamespace({ ...common, path });
      else await op.dropNamespaceWithPrefix({ ...common, path: { ...path, prefix } });
    },

    async updateProperties(namespace, request, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      return json(
        prefix === undefined
          ? await op.updateProperties({ ...common, path })
          : await op.updatePropertiesWithPrefix({ ...common, path: { ...path, prefix } }),
      );
    },

    async listTables(namespace, query = {}, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, query, signal: call.signal, headers: headersOf(call) };
      return json(
        prefix === undefined
          ? await op.listTables({ ...common, path })
          : await op.listTablesWithPrefix({ ...common, path: { ...path, prefix } }),
      );
    },

    async *listAllTables(namespace, query = {}, call = {}) {
      for await (const page of pages((pageToken) => catalog.listTables(namespace, { ...query, pageToken }, call))) {
        yield* page.identifiers ?? [];
      }
    },

    async createTable(namespace, request, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      const result =
        prefix === undefined
          ? await op.createTable({ ...common, path })
          : await op.createTableWithPrefix({ ...common, path: { ...path, prefix } });
      return { ...json<LoadTableResult>(result), etag: etagOf(result.response), notModified: false };
    },

    async registerTable(namespace, request, call = {}) {
      const path = { namespace: namespaceParam(namespace) };
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      const result =
        prefix === undefined
          ? await op.registerTable({ ...common, path })
          : await op.registerTableWithPrefix({ ...common, path: { ...path, prefix } });
      return { ...json<LoadTableResult>(result), etag: etagOf(result.response), notModified: false };
    },

    loadTable,

    async tableExists(namespace, table, call = {}) {
      const path = { namespace: namespaceParam(namespace), table };
      const common = { ...base, signal: call.signal, headers: headersOf(call) };
      return exists(
        prefix === undefined
          ? op.tableExists({ ...common, path })
          : op.tableExistsWithPrefix({ ...common, path: { ...path, prefix } }),
      );
    },

    async updateTable(namespace, table, request, call = {}) {
      const path = { namespace: namespaceParam(namespace), table };
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      const result =
        prefix === undefined
          ? await op.updateTable({ ...common, path })
          : await op.updateTableWithPrefix({ ...common, path: { ...path, prefix } });
      return { ...json<CommitTableResponse>(result), etag: etagOf(result.response) };
    },

    async dropTable(namespace, table, call = {}) {
      const path = { namespace: namespaceParam(namespace), table };
      const query = call.purgeRequested === undefined ? undefined : { purgeRequested: call.purgeRequested };
      const common = { ...base, query, signal: call.signal, headers: headersOf(call) };
      if (prefix === undefined) await op.dropTable({ ...common, path });
      else await op.dropTableWithPrefix({ ...common, path: { ...path, prefix } });
    },

    async renameTable(request, call = {}) {
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      if (prefix === undefined) await op.renameTable(common);
      else await op.renameTableWithPrefix({ ...common, path: { prefix } });
    },

    async reportMetrics(namespace, table, request, call = {}) {
      const path = { namespace: namespaceParam(namespace), table };
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      if (prefix === undefined) await op.reportMetrics({ ...common, path });
      else await op.reportMetricsWithPrefix({ ...common, path: { ...path, prefix } });
    },

    async commitTransaction(request, call = {}) {
      const common = { ...base, body: request, signal: call.signal, headers: headersOf(call) };
      if (prefix === undefined) await op.commitTransaction(common);
      else await op.commitTransactionWithPrefix({ ...common, path: { prefix } });
    },
  };
  return catalog;
}

/** A `HEAD` answer as a boolean: 2xx is `true`, 404 `false`; anything else throws. */
async function exists(sent: Promise<unknown>): Promise<boolean> {
  try {
    await sent;
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
