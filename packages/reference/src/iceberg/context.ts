import type { StorageEngine } from '@dbwire/storage';
import type { MetadataFiles } from './files.js';
import type { Mutations } from './idempotency.js';
import { CatalogKeys, type CatalogName } from './names.js';
import { CatalogState } from './store.js';
import { transact } from './transact.js';

/** What every catalog operation shares. */
export interface CatalogContext {
  storage: StorageEngine;
  mutations: Mutations;
  /** Metadata file I/O, when the server has any. */
  files: MetadataFiles | undefined;
  /** The warehouse root (no trailing slash): new tables go to `<warehouse>[/<catalog>]/<namespace levels>/<name>`. */
  warehouse: string;
  now: () => number;
  uuid: () => string;
}

/** How a catalog names its resources in idempotency records and messages. */
export function catalogLabel(catalog: CatalogName): string {
  return catalog === undefined ? 'default catalog' : `catalog ${JSON.stringify(catalog)}`;
}

/** The storage keys of a catalog. */
export function keysOf(catalog: CatalogName): CatalogKeys {
  return new CatalogKeys(catalog);
}

/**
 * Runs `work` on a catalog's state in one storage transaction (`transact`: re-run on a conflict,
 * 503 when every attempt loses). Shared by the reads of `Namespaces` and `Tables`.
 */
export function readCatalog<T>(
  context: CatalogContext,
  catalog: CatalogName,
  work: (state: CatalogState) => Promise<T>,
): Promise<T> {
  return transact(context.storage, (tx) => work(new CatalogState(tx, keysOf(catalog))));
}
