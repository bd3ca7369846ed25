import { parseJson, stringifyJson } from '@dbwire/json';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import { compareKeys, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import type { Namespace, StringMap, TableIdentifier, TableMetadata } from './model.js';
import { type CatalogKeys, showNamespace, showTable } from './names.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * JSON values on the engine, written with `stringifyJson` and read with `parseJson`: snapshot ids
 * and sequence numbers beyond 2^53 come back digit for digit (`getJson` would round them).
 */
export async function getLossless<T>(tx: ReadTransaction, key: string): Promise<T | undefined> {
  const bytes = await tx.get(key);
  return bytes === undefined ? undefined : (parseJson(decoder.decode(bytes)) as T);
}

export function putLossless(tx: WriteTransaction, key: string, value: unknown): Promise<void> {
  return tx.put(key, encoder.encode(stringifyJson(value)));
}

export interface StoredNamespace {
  namespace: Namespace;
  properties: StringMap;
}

export interface StoredTable {
  /** The current metadata file: `<location>/metadata/<NNNNN>-<uuid>.metadata.json`. */
  metadataLocation: string;
  metadata: TableMetadata;
}

/** One catalog's namespaces and tables, read and written inside one storage transaction. */
export class CatalogState {
  constructor(
    private readonly tx: WriteTransaction,
    readonly keys: CatalogKeys,
  ) {}

  getNamespace(namespace: Namespace): Promise<StoredNamespace | undefined> {
    return getLossless<StoredNamespace>(this.tx, this.keys.namespace(namespace));
  }

  /** The namespace, or 404 `NoSuchNamespaceException`. */
  async requireNamespace(namespace: Namespace): Promise<StoredNamespace> {
    const stored = await this.getNamespace(namespace);
    if (!stored) throw noSuchNamespace(namespace);
    return stored;
  }

  putNamespace(stored: StoredNamespace): Promise<void> {
    return putLossless(this.tx, this.keys.namespace(stored.namespace), stored);
  }

  deleteNamespace(namespace: Namespace): Promise<void> {
    return this.tx.delete(this.keys.namespace(namespace));
  }

  /** The namespaces directly below `parent` (top-level ones without it), in code-point order of their last level. */
  async childNamespaces(parent: Namespace | undefined): Promise<Namespace[]> {
    const prefix = this.keys.namespacesBelow(parent);
    const entries = await this.tx.scan({ prefix });
    return entries
      .filter((entry) => !entry.key.slice(prefix.length).includes('/'))
      .map((entry) => this.keys.namespaceOf(entry.key))
      .sort((a, b) => compareKeys(a.at(-1) as string, b.at(-1) as string));
  }

  async hasChildNamespaces(namespace: Namespace): Promise<boolean> {
    return (await this.tx.scan({ prefix: this.keys.namespacesBelow(namespace), limit: 1 })).length > 0;
  }

  async hasTables(namespace: Namespace): Promise<boolean> {
    return (await this.tx.scan({ prefix: this.keys.tablesOf(namespace), limit: 1 })).length > 0;
  }

  /** The names of the namespace's tables, in code-point order. */
  async tableNames(namespace: Namespace): Promise<string[]> {
    const entries = await this.tx.scan({ prefix: this.keys.tablesOf(namespace) });
    return entries.map((entry) => this.keys.tableNameOf(entry.key)).sort(compareKeys);
  }

  getTable(identifier: TableIdentifier): Promise<StoredTable | undefined> {
    return getLossless<StoredTable>(this.tx, this.keys.table(identifier));
  }

  /** The table, or 404 `NoSuchTableException` (also when its namespace is missing, as Java clients expect). */
  async requireTable(identifier: TableIdentifier): Promise<StoredTable> {
    const stored = await this.getTable(identifier);
    if (!stored) throw noSuchTable(identifier);
    return stored;
  }

  putTable(identifier: TableIdentifier, stored: StoredTable): Promise<void> {
    return putLossless(this.tx, this.keys.table(identifier), stored);
  }

  deleteTable(identifier: TableIdentifier): Promise<void> {
    return this.tx.delete(this.keys.table(identifier));
  }
}

function noSuchNamespace(namespace: Namespace) {
  return icebergError(404, 'NoSuchNamespaceException', `Namespace does not exist: ${showNamespace(namespace)}`);
}

export function noSuchTable(identifier: TableIdentifier) {
  return icebergError(404, 'NoSuchTableException', `Table does not exist: ${showTable(identifier)}`);
}

export function tableAlreadyExists(identifier: TableIdentifier) {
  return icebergError(409, 'AlreadyExistsException', `Table already exists: ${showTable(identifier)}`);
}
