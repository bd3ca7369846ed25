import type { AlgebraicType, AlgebraicValue, ProductType, ProductValue } from '@dbwire/spacetimedb-sats';

/**
 * The tables of one database as the module host and the SQL engine see them: in memory,
 * synchronous (WebAssembly host calls cannot await), changed through a `MutTx` whose net changes
 * are persisted to the storage engine in one storage transaction.
 */

/** A table of the module, resolved from its RawModuleDef v9 (no `Ref` left at the column level). */
export interface TableSchema {
  /** Stable id the module gets from `table_id_from_name` (user tables from 4096 on, in definition order). */
  readonly id: number;
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  /** The row type, as a product of `columns` (column types resolved through the typespace). */
  readonly rowType: ProductType;
  /** Column positions of the primary key (at most one column in practice); empty when none. */
  readonly primaryKey: readonly number[];
  readonly indexes: readonly IndexSchema[];
  /** Column lists that are unique (unique constraints, and the primary key). */
  readonly uniqueColumns: readonly (readonly number[])[];
  readonly sequences: readonly SequenceSchema[];
  readonly isPublic: boolean;
  /** The table has row-level-security filters (SQL by callers other than the owner is refused). */
  readonly hasRowLevelSecurity: boolean;
}

export interface ColumnSchema {
  readonly position: number;
  readonly name: string;
  readonly type: AlgebraicType;
}

export interface IndexSchema {
  /** Stable id the module gets from `index_id_from_name`. */
  readonly id: number;
  readonly tableId: number;
  /** The definition's name, or the name SpacetimeDB generates when it has none. */
  readonly name: string;
  readonly columns: readonly number[];
  /** An index over the columns of a unique constraint (or the primary key) is unique. */
  readonly unique: boolean;
  readonly algorithm: 'btree' | 'hash' | 'direct';
}

export interface SequenceSchema {
  readonly column: number;
  readonly start: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly increment: bigint;
}

export type Row = ProductValue;

/** A BSATN `Bound<AlgebraicValue>`, decoded. */
export type Bound =
  | { kind: 'included'; value: AlgebraicValue }
  | { kind: 'excluded'; value: AlgebraicValue }
  | { kind: 'unbounded' };

/** Reads, as of the committed state plus (for a `MutTx`) its own changes. */
export interface ReadView {
  readonly tables: readonly TableSchema[];
  table(nameOrId: string | number): TableSchema | undefined;
  index(nameOrId: string | number): IndexSchema | undefined;
  rowCount(tableId: number): number;
  /** Every row of the table (order unspecified but stable within a view). */
  scan(tableId: number): Iterable<Row>;
  /** Rows whose index columns equal `key` (one value per index column). */
  indexPoint(indexId: number, key: readonly AlgebraicValue[]): Row[];
  /**
   * Rows whose first `prefix.length` index columns equal `prefix` and whose next column lies
   * within `start`..`end`, in index order (SpacetimeDB's `datastore_index_scan_range_bsatn`).
   */
  indexRange(indexId: number, prefix: readonly AlgebraicValue[], start: Bound, end: Bound): Row[];
}

/** Thrown by `MutTx` writes; the host maps each to its errno, SQL to a 400. */
export class DatastoreError extends Error {
  override readonly name = 'DatastoreError';
  constructor(
    readonly code:
      | 'NO_SUCH_TABLE'
      | 'NO_SUCH_INDEX'
      | 'UNIQUE_ALREADY_EXISTS'
      | 'NO_SUCH_ROW'
      | 'AUTO_INC_OVERFLOW'
      | 'INDEX_NOT_UNIQUE',
    message: string,
  ) {
    super(message);
  }
}

export interface TableChanges {
  readonly tableId: number;
  readonly tableName: string;
  /** Net effect of the transaction: a row inserted then deleted appears in neither list. */
  readonly inserts: readonly Row[];
  readonly deletes: readonly Row[];
}

/** What one committed transaction did, table by table (tables without changes are left out). */
export interface ChangeSet {
  readonly tables: readonly TableChanges[];
}

/**
 * Who caused a commit, as the code that ran it tells `DatabaseTables.mutate`: subscribers need it
 * for the caller info of their updates, and a WebSocket session recognises its own call by
 * `session`/`requestId`. Protocol-free on purpose: the datastore knows nothing of the wire.
 */
export interface CommitOrigin {
  /** The caller's identity, 64 lowercase hex digits. */
  readonly callerIdentity: string;
  /** The caller's connection id (u128; 0 when it had none). */
  readonly connectionId: bigint;
  /** The reducer that ran, when one did (SQL DML has none). */
  readonly reducer?: { readonly name: string; readonly id: number; readonly args: Uint8Array };
  /** When the transaction started, in microseconds since the Unix epoch. */
  readonly timestampMicros: bigint;
  /** How long the reducer (or statements) ran, in microseconds; set by the work before it returns. */
  durationMicros: number;
  /** Opaque to the datastore: the id of the request a session sent. */
  readonly requestId?: number;
  /** Opaque to the datastore: the session that made the call. */
  readonly session?: object;
}

/**
 * What commit listeners get: the net changes, the new offset, the state right after the commit
 * and the origin. `after` is only valid during the listener call: later commits change it in place.
 */
export interface CommitEvent {
  readonly changes: ChangeSet;
  readonly offset: number;
  readonly after: ReadView;
  readonly origin: CommitOrigin | undefined;
}

/** A transaction over the in-memory tables. Set semantics: a table never holds two equal rows. */
export interface MutTx extends ReadView {
  /**
   * Inserts `row`; columns with a sequence whose value is 0 get the sequence's next value.
   * Returns the row as stored. Inserting a row equal to an existing one is a no-op that returns
   * it. Throws `DatastoreError` UNIQUE_ALREADY_EXISTS when a unique column list collides.
   */
  insert(tableId: number, row: Row): Row;
  /** Deletes the equal row; false when there is none. */
  delete(tableId: number, row: Row): boolean;
  /** Replaces the row that has `row`'s value in the unique index's columns (NO_SUCH_ROW when none). */
  update(tableId: number, indexId: number, row: Row): Row;
  /** Deletes every row; returns how many. */
  clear(tableId: number): number;
  /** The net changes so far. */
  changes(): ChangeSet;
}
