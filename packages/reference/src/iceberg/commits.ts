import { stringifyJson } from '@dbwire/json';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import type { CatalogContext } from './context.js';
import { trimLocation } from './files.js';
import { defaultTableLocation, nextMetadataLocation } from './locations.js';
import { applyCommit } from './metadata/index.js';
import type { CommitRejection, TableIdentifier, TableMetadata, TableRequirement, TableUpdate } from './model.js';
import type { CatalogName } from './names.js';
import { type CatalogState, noSuchTable, type StoredTable } from './store.js';

/** One entry of `table-changes` (or the body of `updateTable`), its identifier checked. */
export interface TableChange {
  identifier: TableIdentifier;
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

/** A table as a commit evolves it: what storage held, and the metadata after the changes so far. */
interface WorkingTable {
  identifier: TableIdentifier;
  base: StoredTable | undefined;
  metadata: TableMetadata | undefined;
  changed: boolean;
}

export function rejection(outcome: CommitRejection) {
  return icebergError(outcome.status, outcome.type, outcome.message);
}

/**
 * Commits to tables inside one storage transaction, shared by `updateTable` and
 * `transactions/commit`: every change's requirements are checked against the metadata the
 * earlier changes of the same request produced (a table named twice evolves in order), every
 * update applied, and only then is anything written, so a failure anywhere leaves every table as
 * it was. A table that does not exist is created by a change that requires `assert-create`.
 */
export class Commits {
  constructor(private readonly context: CatalogContext) {}

  /** Applies `changes` in order and writes every changed table; returns each named table's final state. */
  async commit(state: CatalogState, catalog: CatalogName, changes: TableChange[]): Promise<Map<string, StoredTable>> {
    const working = new Map<string, WorkingTable>();
    for (const change of changes) {
      const key = state.keys.table(change.identifier);
      let table = working.get(key);
      if (!table) {
        const base = await state.getTable(change.identifier);
        table = { identifier: change.identifier, base, metadata: base?.metadata, changed: false };
        working.set(key, table);
      }
      let updates = change.updates;
      if (table.metadata === undefined) {
        if (!change.requirements.some((requirement) => requirement.type === 'assert-create')) {
          throw noSuchTable(change.identifier);
        }
        await state.requireNamespace(change.identifier.namespace);
        // A new table starts at the default location; a `set-location` among the updates moves it.
        const location = defaultTableLocation(this.context.warehouse, catalog, change.identifier);
        updates = [{ action: 'set-location', location }, ...updates];
      }
      const outcome = applyCommit(table.metadata, change.requirements, updates, {
        now: this.context.now(),
        baseLocation: table.base?.metadataLocation,
        tableUuid: table.metadata === undefined ? this.context.uuid() : undefined,
      });
      if (!outcome.ok) throw rejection(outcome);
      table.metadata = outcome.metadata;
      table.changed ||= outcome.changed || table.base === undefined;
    }
    const results = new Map<string, StoredTable>();
    for (const [key, table] of working) {
      const metadata = table.metadata as TableMetadata;
      results.set(
        key,
        table.changed
          ? await this.write(state, catalog, table.identifier, withOneBaseEntry(metadata), table.base)
          : (table.base as StoredTable),
      );
    }
    return results;
  }

  /**
   * Stores a new version of a table: a fresh metadata file name, the file itself when the
   * location is one the server can write (before the storage commit, so a committed version
   * always has its file), then the catalog entry.
   */
  async write(
    state: CatalogState,
    catalog: CatalogName,
    identifier: TableIdentifier,
    metadata: TableMetadata,
    previous: StoredTable | undefined,
  ): Promise<StoredTable> {
    const location = trimLocation(
      metadata.location ?? defaultTableLocation(this.context.warehouse, catalog, identifier),
    );
    const placed: TableMetadata = metadata.location === location ? metadata : { ...metadata, location };
    const metadataLocation = nextMetadataLocation(location, previous?.metadataLocation, this.context.uuid());
    const { files } = this.context;
    if (files?.handles(metadataLocation)) {
      try {
        await files.write(metadataLocation, stringifyJson(placed));
      } catch (error) {
        throw metadataWriteError(metadataLocation, error);
      }
    }
    const stored: StoredTable = { metadataLocation, metadata: placed };
    await state.putTable(identifier, stored);
    return stored;
  }
}

/** Errors of a location the client chose that no retry will fix (no permission, not a directory). */
const PERMANENT_WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG']);

/**
 * Nothing is committed when the metadata file cannot be written, so the request has had no
 * effect, and the answer says so. A location that can never be written is the request's fault
 * (400, replayed for its idempotency key); anything else (a full disk, an I/O error) may pass, so
 * it is 503 with Retry-After: refused before anything was applied, never stored for the key.
 */
function metadataWriteError(metadataLocation: string, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const message = `Cannot write the metadata file ${metadataLocation}: ${reason}. Nothing was applied.`;
  if (typeof code === 'string' && PERMANENT_WRITE_ERRORS.has(code)) {
    return icebergError(400, 'BadRequestException', message);
  }
  return icebergError(503, 'SlowDownException', message, { 'retry-after': '1' });
}

/**
 * Several changes to one table in one request each append the base file to `metadata-log`; one
 * new file is written for all of them, so the base appears once (its first entry is kept).
 */
function withOneBaseEntry(metadata: TableMetadata): TableMetadata {
  const log = metadata['metadata-log'];
  if (!log || log.length < 2) return metadata;
  const seen = new Set<string>();
  const unique = log.filter((entry) => {
    if (seen.has(entry['metadata-file'])) return false;
    seen.add(entry['metadata-file']);
    return true;
  });
  return unique.length === log.length ? metadata : { ...metadata, 'metadata-log': unique };
}
