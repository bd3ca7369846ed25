import type { ApiBinding, ApiResponse, HandlerRequest, RawRequest } from '@dbwire/server-stubs';
import {
  type IcebergHandlers,
  type IcebergOperationId,
  icebergApi,
  icebergErrorShape,
  type operations,
} from '@dbwire/server-stubs/iceberg';
import type { StorageEngine } from '@dbwire/storage';
import { DEFAULT_TOKENS, type IcebergToken, TokenTable } from './auth.js';
import type { CatalogContext } from './context.js';
import { type MetadataFiles, trimLocation } from './files.js';
import { Mutations } from './idempotency.js';
import type { IcebergCaller } from './model.js';
import { type CatalogName, checkSegment, DEFAULT_CATALOG, parseNamespacePath } from './names.js';
import { Namespaces } from './namespaces.js';
import { Tables } from './tables.js';

export interface IcebergReferenceOptions {
  storage: StorageEngine;
  /**
   * Bearer tokens and their principals. Default: the development token `dev-token` (principal
   * `dev`) only; giving any tokens replaces it.
   */
  tokens?: Record<string, IcebergToken>;
  /**
   * Where new tables go: `<warehouse>/<namespace levels>/<name>` in the default catalog,
   * `<warehouse>/<prefix>/<namespace levels>/<name>` in a prefixed one. A `file:` URI (or a path)
   * for clients that write data files locally. Default `file:///tmp/dbwire-warehouse`.
   */
  warehouse?: string;
  /**
   * Reads and writes metadata files. Without it nothing is written (the catalog still assigns
   * metadata locations) and `registerTable` cannot read files.
   */
  metadataFiles?: MetadataFiles;
  /** How long an `Idempotency-Key` answer is kept. Default 24 hours (advertised as `PT24H`). */
  idempotencyLifetimeMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** New table UUIDs and metadata file names; injectable for tests. */
  uuid?: () => string;
}

export interface IcebergReference {
  binding: ApiBinding<IcebergCaller>;
  close(): Promise<void>;
}

export const DEFAULT_WAREHOUSE = 'file:///tmp/dbwire-warehouse';
const HOUR_MS = 60 * 60 * 1000;

type BaseOperation = Exclude<IcebergOperationId, `${string}WithPrefix`>;
/** One implementation per operation, shared by both path families; `catalog` comes from `{prefix}`. */
type Implementations = {
  [Op in BaseOperation]: (request: HandlerRequest<operations[Op]>, catalog: CatalogName) => Promise<ApiResponse>;
};

/**
 * The Iceberg REST catalog (specs/iceberg.yaml) on a storage engine: namespaces, tables, commits
 * and atomic multi-table transactions, at `/v1/...` (the default catalog) and `/v1/{prefix}/...`
 * (the catalog named by the prefix, created on first use). Everything durable is on the engine, so
 * any number of instances may share one.
 */
export async function createIcebergReference(options: IcebergReferenceOptions): Promise<IcebergReference> {
  const now = options.now ?? Date.now;
  const lifetimeMs = options.idempotencyLifetimeMs ?? 24 * HOUR_MS;
  const tokens = new TokenTable(options.tokens ?? DEFAULT_TOKENS, now);
  const context: CatalogContext = {
    storage: options.storage,
    mutations: new Mutations(options.storage, lifetimeMs, now),
    files: options.metadataFiles,
    warehouse: trimLocation(options.warehouse ?? DEFAULT_WAREHOUSE),
    now,
    uuid: options.uuid ?? (() => crypto.randomUUID()),
  };
  const namespaces = new Namespaces(context);
  const tables = new Tables(context);
  const endpoints = Object.values(icebergApi.routes)
    .filter((route) => route.path.startsWith('/v1/{prefix}/'))
    .map((route) => `${route.method} ${route.path}`);

  const keyOf = (request: { headers: { readonly [name: string]: string | undefined } }) =>
    request.headers['idempotency-key'];
  const table = (params: { namespace: string; table: string }) => ({
    namespace: parseNamespacePath(params.namespace),
    name: params.table,
  });

  const implementations: Implementations = {
    async getConfig({ query }) {
      return { status: 200, body: config(query.warehouse, endpoints, lifetimeMs) };
    },
    async listNamespaces({ query }, catalog) {
      const parent = query.parent === undefined || query.parent === '' ? undefined : parseNamespacePath(query.parent);
      return { status: 200, body: await namespaces.list(catalog, parent, query) };
    },
    createNamespace(request, catalog) {
      return namespaces.create(catalog, request.body, keyOf(request));
    },
    async loadNamespaceMetadata({ params }, catalog) {
      return { status: 200, body: await namespaces.load(catalog, parseNamespacePath(params.namespace)) };
    },
    async namespaceExists({ params }, catalog) {
      return { status: (await namespaces.exists(catalog, parseNamespacePath(params.namespace))) ? 204 : 404 };
    },
    dropNamespace(request, catalog) {
      return namespaces.drop(catalog, parseNamespacePath(request.params.namespace), keyOf(request));
    },
    updateProperties(request, catalog) {
      return namespaces.updateProperties(
        catalog,
        parseNamespacePath(request.params.namespace),
        request.body,
        keyOf(request),
      );
    },
    async listTables({ params, query }, catalog) {
      return { status: 200, body: await tables.list(catalog, parseNamespacePath(params.namespace), query) };
    },
    createTable(request, catalog) {
      return tables.create(catalog, parseNamespacePath(request.params.namespace), request.body, keyOf(request));
    },
    registerTable(request, catalog) {
      return tables.register(catalog, parseNamespacePath(request.params.namespace), request.body, keyOf(request));
    },
    loadTable({ params, query, headers }, catalog) {
      return tables.load(catalog, table(params), query.snapshots ?? 'all', headers['if-none-match']);
    },
    async tableExists({ params }, catalog) {
      return { status: (await tables.exists(catalog, table(params))) ? 204 : 404 };
    },
    updateTable(request, catalog) {
      return tables.update(catalog, table(request.params), request.body, keyOf(request));
    },
    dropTable(request, catalog) {
      return tables.drop(catalog, table(request.params), request.query.purgeRequested === true, keyOf(request));
    },
    reportMetrics({ params }, catalog) {
      return tables.reportMetrics(catalog, table(params));
    },
    renameTable(request, catalog) {
      return tables.rename(catalog, request.body, keyOf(request));
    },
    commitTransaction(request, catalog) {
      return tables.commitTransaction(catalog, request.body, keyOf(request));
    },
  };

  const handlers: Record<string, (request: HandlerRequest<never>, caller: IcebergCaller) => Promise<ApiResponse>> = {};
  for (const operationId of Object.keys(icebergApi.routes)) {
    const base = operationId.replace(/WithPrefix$/, '') as BaseOperation;
    const implementation = implementations[base] as (request: unknown, catalog: CatalogName) => Promise<ApiResponse>;
    handlers[operationId] = async (request) => {
      const { prefix } = request.params as { prefix?: string };
      return implementation(request, prefix === undefined ? DEFAULT_CATALOG : checkSegment(prefix, 'A catalog prefix'));
    };
  }

  return {
    binding: {
      id: icebergApi.id,
      schemas: icebergApi.schemas,
      routes: icebergApi.routes,
      // The map holds one handler per operation id of the route table, each checked above against
      // its operation's request type; TypeScript cannot follow the loop, hence the cast.
      handlers: handlers as unknown as IcebergHandlers<IcebergCaller>,
      errors: icebergErrorShape,
      largeIntegers: 'bigint',
      authenticate: async (request: RawRequest) => tokens.authenticate(request.headers.authorization),
      publicContext: { principal: undefined },
    },
    async close() {
      // Nothing is held per process but in-flight idempotency waits, which end with their requests.
    },
  };
}

/**
 * `GET /v1/config`. A `warehouse` that can be a prefix selects that catalog (`overrides.prefix`);
 * one that is a location (`/` or `:` in it) selects the default catalog and is echoed as
 * `defaults.warehouse`.
 */
function config(warehouse: string | undefined, endpoints: string[], lifetimeMs: number) {
  const overrides: Record<string, string> = {};
  const defaults: Record<string, string> = {};
  if (warehouse !== undefined && warehouse !== '') {
    if (/[/:]/.test(warehouse)) defaults.warehouse = warehouse;
    else if (!/^(config|namespaces|oauth|tables|transactions)$/.test(warehouse)) overrides.prefix = warehouse;
    else defaults.warehouse = warehouse;
  }
  return { defaults, overrides, endpoints, 'idempotency-key-lifetime': isoDuration(lifetimeMs) };
}

function isoDuration(ms: number): string {
  return ms % HOUR_MS === 0 ? `PT${ms / HOUR_MS}H` : `PT${Math.ceil(ms / 1000)}S`;
}
