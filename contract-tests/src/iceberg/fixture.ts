import { afterEach, expect } from 'vitest';
import { runScopedName } from '../target.js';
import { createTableBody } from './builders.js';
import {
  type CommitTableResponse,
  type IcebergClient,
  icebergClient,
  type LoadTableResult,
  type RequestBody,
  type TableRequirement,
  type TableUpdate,
} from './http.js';

/**
 * The catalog the suites use for the prefixed path family (`/v1/{prefix}/...`). One fixed name, not
 * one per run: a catalog is created on first use and the API has no way to remove one, so a name
 * per run would leave an empty catalog behind on every run. Everything inside it is run-scoped.
 */
export const CONFORMANCE_PREFIX = 'dbwire-conformance';

/** A top-level namespace name unique to this run (`dbwire-<stem>-<run>-<random>`). */
export function runScopedNamespace(stem = 'ns'): string {
  return runScopedName(`dbwire-${stem}`);
}

/**
 * Makes what an Iceberg test needs (run-scoped top-level namespaces, tables in them) and removes it
 * after each test: every tracked namespace is dropped with everything below it (tables first, then
 * child namespaces, deepest first), whatever the test did inside it.
 */
export class IcebergFixture {
  private client: IcebergClient | undefined;
  private readonly tracked: Array<{ prefix: string | undefined; namespace: string }> = [];

  /** The default catalog. */
  get api(): IcebergClient {
    this.client ??= icebergClient();
    return this.client;
  }

  /** The catalog of `prefix` (undefined: the default one). */
  catalog(prefix: string | undefined): IcebergClient {
    return this.api.catalog(prefix);
  }

  /** A fresh top-level namespace name, tracked for clean-up in `client`'s catalog (the test may create it). */
  namespaceName(stem = 'ns', client: IcebergClient = this.api): string {
    const name = runScopedNamespace(stem);
    this.track([name], client);
    return name;
  }

  /** Cleans up the top-level namespace of `namespace` (and so everything below it) after the test. */
  track(namespace: readonly string[], client: IcebergClient = this.api): void {
    const top = namespace[0];
    if (top === undefined) return;
    if (!this.tracked.some((t) => t.prefix === client.prefix && t.namespace === top)) {
      this.tracked.push({ prefix: client.prefix, namespace: top });
    }
  }

  /**
   * Creates a namespace and answers its levels: a fresh top-level one, or `below` a given one
   * (with `level` as its last level, default a fresh name).
   */
  async namespace(
    options: {
      below?: readonly string[];
      level?: string;
      properties?: Record<string, string>;
      client?: IcebergClient;
    } = {},
  ): Promise<string[]> {
    const client = options.client ?? this.api;
    const namespace = options.below
      ? [...options.below, options.level ?? runScopedNamespace('child')]
      : [options.level ?? this.namespaceName('ns', client)];
    this.track(namespace, client);
    const { body } = await client.ok('createNamespace', {
      body: { namespace, ...(options.properties ? { properties: options.properties } : {}) },
    });
    expect(body.namespace).toEqual(namespace);
    return namespace;
  }

  /** Creates a table (default: `simpleSchema()`, a fresh name) and answers its LoadTableResult. */
  async table(
    namespace: readonly string[],
    options: {
      name?: string;
      body?: Omit<Partial<RequestBody<'createTable'>>, 'name'>;
      client?: IcebergClient;
    } = {},
  ): Promise<LoadTableResult & { name: string }> {
    const client = options.client ?? this.api;
    const name = options.name ?? `t_${Math.random().toString(36).slice(2, 10)}`;
    this.track(namespace, client);
    const { body } = await client.ok('createTable', { namespace, body: createTableBody(name, options.body) });
    return { ...body, name };
  }

  async load(namespace: readonly string[], table: string, client: IcebergClient = this.api): Promise<LoadTableResult> {
    return (await client.ok('loadTable', { namespace, table })).body;
  }

  /** Commits to one table and expects 200; the new metadata and location. */
  async commit(
    namespace: readonly string[],
    table: string,
    requirements: TableRequirement[],
    updates: TableUpdate[],
    client: IcebergClient = this.api,
  ): Promise<CommitTableResponse> {
    return (await client.ok('updateTable', { namespace, table, body: { requirements, updates } })).body;
  }

  /** Best effort: drops every tracked namespace tree. */
  async cleanup(): Promise<void> {
    for (const { prefix, namespace } of this.tracked.splice(0).reverse()) {
      await dropNamespaceTree(this.catalog(prefix), [namespace]);
    }
  }
}

/**
 * Drops a namespace with everything in it, best effort: its tables, then its child namespaces
 * (recursively), then itself. A namespace that is already gone is no error.
 */
export async function dropNamespaceTree(client: IcebergClient, namespace: readonly string[]): Promise<void> {
  try {
    const tables = await client.call('listTables', { namespace, conform: false });
    if (tables.status === 404) return;
    const identifiers = (tables.body as { identifiers?: Array<{ name: string }> } | undefined)?.identifiers ?? [];
    for (const { name } of identifiers) {
      await client.call('dropTable', { namespace, table: name, query: { purgeRequested: true }, conform: false });
    }
    const children = await client.call('listNamespaces', {
      query: { parent: namespace.join('\u001f') },
      conform: false,
    });
    const namespaces = (children.body as { namespaces?: string[][] } | undefined)?.namespaces ?? [];
    for (const child of namespaces) {
      // Servers answer full namespaces; a child is one level deeper than its parent.
      if (child.length > namespace.length) await dropNamespaceTree(client, child);
    }
    await client.call('dropNamespace', { namespace, conform: false });
  } catch {
    // Best effort: the server may be gone already.
  }
}

/** A fixture for one test file: everything each test made is removed after it. */
export function useIceberg(): IcebergFixture {
  const fixture = new IcebergFixture();
  afterEach(() => fixture.cleanup(), 60_000);
  return fixture;
}
