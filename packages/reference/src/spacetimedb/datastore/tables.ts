import { projectionKey } from './keys.js';
import { indexOrder, type KeyedRow, SortedRows } from './sorted-rows.js';
import { DatastoreError, type IndexSchema, type Row, type TableSchema } from './types.js';

/**
 * The committed rows of one table, with a map per unique column list and each btree index's
 * order, built by the first lookup through that index and from then on kept up to date row by row.
 */
export class CommittedTable {
  readonly rows = new Map<string, Row>();
  /** One map per `schema.uniqueColumns` entry: key of those columns -> row key. */
  readonly uniques: Map<string, string>[];
  /** Rows in index order, per index id, for the indexes looked up so far. */
  private readonly sortedByIndex = new Map<number, SortedRows>();

  constructor(readonly schema: TableSchema) {
    this.uniques = schema.uniqueColumns.map(() => new Map());
  }

  insert(key: string, row: Row): void {
    if (this.rows.has(key)) this.delete(key);
    this.addRow(key, row);
    for (const sorted of this.sortedByIndex.values()) sorted.insert({ key, row });
  }

  delete(key: string): void {
    const row = this.removeRow(key);
    if (row === undefined) return;
    for (const sorted of this.sortedByIndex.values()) sorted.delete({ key, row });
  }

  /** A transaction's net writes: `deleted` holds committed keys only, `inserted` none. */
  apply(inserted: ReadonlyMap<string, Row>, deleted: ReadonlyMap<string, Row>): void {
    const gone: KeyedRow[] = [];
    for (const key of deleted.keys()) {
      const row = this.removeRow(key);
      if (row !== undefined) gone.push({ key, row });
    }
    const added: KeyedRow[] = [];
    for (const [key, row] of inserted) {
      if (this.rows.has(key)) continue;
      this.addRow(key, row);
      added.push({ key, row });
    }
    for (const sorted of this.sortedByIndex.values()) sorted.update(gone, added);
  }

  /** Every row in the index's order (ties, possible in a non-unique index, in row key order). */
  sorted(index: IndexSchema): SortedRows {
    let sorted = this.sortedByIndex.get(index.id);
    if (sorted === undefined) {
      const entries = [...this.rows].map(([key, row]) => ({ key, row }));
      sorted = new SortedRows(entries, indexOrder(this.schema, index));
      this.sortedByIndex.set(index.id, sorted);
    }
    return sorted;
  }

  private addRow(key: string, row: Row): void {
    this.rows.set(key, row);
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      this.uniques[slot]?.set(projectionKey(this.schema, columns, row), key);
    }
  }

  private removeRow(key: string): Row | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    this.rows.delete(key);
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      this.uniques[slot]?.delete(projectionKey(this.schema, columns, row));
    }
    return row;
  }
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
      this.rowsOf(tableId).apply(inserted, deleted);
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
