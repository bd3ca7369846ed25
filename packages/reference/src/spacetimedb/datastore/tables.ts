import type { AlgebraicType, AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { columnType, compareColumn, projectionKey } from './keys.js';
import { type Bound, DatastoreError, type IndexSchema, type Row, type TableSchema } from './types.js';

/** A row with its key (the hex of its BSATN), as index scans keep them. */
export interface KeyedRow {
  readonly key: string;
  readonly row: Row;
}

/** The committed rows of one table, with a map per unique column list and lazily sorted index orders. */
export class CommittedTable {
  readonly rows = new Map<string, Row>();
  /** One map per `schema.uniqueColumns` entry: key of those columns -> row key. */
  readonly uniques: Map<string, string>[];
  /** Rows in index order, per index id; dropped on every change and rebuilt by the next range scan. */
  private readonly sortedByIndex = new Map<number, KeyedRow[]>();

  constructor(readonly schema: TableSchema) {
    this.uniques = schema.uniqueColumns.map(() => new Map());
  }

  insert(key: string, row: Row): void {
    this.rows.set(key, row);
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      this.uniques[slot]?.set(projectionKey(this.schema, columns, row), key);
    }
    this.sortedByIndex.clear();
  }

  delete(key: string): void {
    const row = this.rows.get(key);
    if (row === undefined) return;
    this.rows.delete(key);
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      this.uniques[slot]?.delete(projectionKey(this.schema, columns, row));
    }
    this.sortedByIndex.clear();
  }

  /** Every row in the index's order (ties, possible in a non-unique index, in row key order). */
  sorted(index: IndexSchema): readonly KeyedRow[] {
    let sorted = this.sortedByIndex.get(index.id);
    if (sorted === undefined) {
      sorted = [...this.rows].map(([key, row]) => ({ key, row }));
      sorted.sort(indexOrder(this.schema, index));
      this.sortedByIndex.set(index.id, sorted);
    }
    return sorted;
  }
}

/** Compares rows by the index's columns, then by row key so the order is total. */
export function indexOrder(table: TableSchema, index: IndexSchema): (a: KeyedRow, b: KeyedRow) => number {
  const types = index.columns.map((column) => columnType(table, column));
  return (a, b) => {
    for (const [i, column] of index.columns.entries()) {
      const order = compareColumn(
        types[i] as AlgebraicType,
        a.row[column] as AlgebraicValue,
        b.row[column] as AlgebraicValue,
      );
      if (order !== 0) return order;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/**
 * Where a row lies relative to an index range: -1 before it, 0 inside, 1 after, in index order
 * (so the rows inside are contiguous in a sorted index). The first `prefix.length` columns must
 * equal `prefix`; the next one must lie within `start`..`end`. A prefix covering every column is a
 * point lookup and the bounds are ignored.
 */
export function rangePosition(
  table: TableSchema,
  index: IndexSchema,
  prefix: readonly AlgebraicValue[],
  start: Bound,
  end: Bound,
): (row: Row) => -1 | 0 | 1 {
  if (prefix.length > index.columns.length) {
    throw new RangeError(
      `index ${index.name} has ${index.columns.length} columns; a prefix of ${prefix.length} values does not fit`,
    );
  }
  const prefixTypes = index.columns.slice(0, prefix.length).map((column) => columnType(table, column));
  const rangeColumn = index.columns[prefix.length];
  const rangeType = rangeColumn === undefined ? undefined : columnType(table, rangeColumn);
  return (row) => {
    for (const [i, value] of prefix.entries()) {
      const order = compareColumn(
        prefixTypes[i] as AlgebraicType,
        row[index.columns[i] as number] as AlgebraicValue,
        value,
      );
      if (order !== 0) return order < 0 ? -1 : 1;
    }
    if (rangeColumn === undefined || rangeType === undefined) return 0;
    const value = row[rangeColumn] as AlgebraicValue;
    if (start.kind !== 'unbounded') {
      const order = compareColumn(rangeType, value, start.value);
      if (order < 0 || (order === 0 && start.kind === 'excluded')) return -1;
    }
    if (end.kind !== 'unbounded') {
      const order = compareColumn(rangeType, value, end.value);
      if (order > 0 || (order === 0 && end.kind === 'excluded')) return 1;
    }
    return 0;
  };
}

/** The rows of a sorted list inside the range `position` describes, found by binary search. */
export function sliceRange(sorted: readonly KeyedRow[], position: (row: Row) => number): readonly KeyedRow[] {
  const firstAtLeast = (wanted: number): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (position((sorted[middle] as KeyedRow).row) < wanted) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return sorted.slice(firstAtLeast(0), firstAtLeast(1));
}

/** The committed state of a database's tables (what every transaction starts from). */
export class CommittedTables {
  private readonly data = new Map<number, CommittedTable>();
  private readonly tablesByName = new Map<string, TableSchema>();
  private readonly indexesById = new Map<number, IndexSchema>();
  private readonly indexesByName = new Map<string, IndexSchema>();
  /** Next value of each sequence, keyed `sequenceKey(table, column)`; absent means the sequence's start. */
  readonly sequences = new Map<string, bigint>();

  constructor(readonly tables: readonly TableSchema[]) {
    for (const table of tables) {
      this.data.set(table.id, new CommittedTable(table));
      this.tablesByName.set(table.name, table);
      for (const index of table.indexes) {
        this.indexesById.set(index.id, index);
        this.indexesByName.set(index.name, index);
      }
    }
  }

  table(nameOrId: string | number): TableSchema | undefined {
    return typeof nameOrId === 'number' ? this.data.get(nameOrId)?.schema : this.tablesByName.get(nameOrId);
  }

  index(nameOrId: string | number): IndexSchema | undefined {
    return typeof nameOrId === 'number' ? this.indexesById.get(nameOrId) : this.indexesByName.get(nameOrId);
  }

  /** The committed rows of a table; `DatastoreError` NO_SUCH_TABLE for an unknown id. */
  rowsOf(tableId: number): CommittedTable {
    const table = this.data.get(tableId);
    if (table === undefined) throw new DatastoreError('NO_SUCH_TABLE', `no table with id ${tableId}`);
    return table;
  }

  /** Applies a transaction's net writes (called once they are durable). */
  apply(writes: readonly PendingWrites[], sequences: ReadonlyMap<string, bigint>): void {
    for (const { tableId, inserted, deleted } of writes) {
      const table = this.rowsOf(tableId);
      for (const key of deleted.keys()) table.delete(key);
      for (const [key, row] of inserted) table.insert(key, row);
    }
    for (const [key, next] of sequences) this.sequences.set(key, next);
  }
}

/** A transaction's net writes to one table, by row key. */
export interface PendingWrites {
  readonly tableId: number;
  readonly inserted: ReadonlyMap<string, Row>;
  readonly deleted: ReadonlyMap<string, Row>;
}

export function sequenceKey(tableId: number, column: number): string {
  return `${tableId}/${column}`;
}
