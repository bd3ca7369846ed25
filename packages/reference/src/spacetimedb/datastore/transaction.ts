import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { columnsKey, projectionKey, rowKey } from './keys.js';
import { indexOrder, type KeyedRow, mergeSorted, rangePosition, SortedRows } from './sorted-rows.js';
import { type CommittedTable, type CommittedTables, type PendingWrites, sequenceKey } from './tables.js';
import {
  type Bound,
  type ChangeSet,
  DatastoreError,
  type IndexSchema,
  type MutTx,
  type Row,
  type SequenceSchema,
  type TableChanges,
  type TableSchema,
} from './types.js';

/** Integer column types whose values are JavaScript numbers (wider ones are bigints). */
const NUMBER_INTEGER_TAGS = new Set(['I8', 'U8', 'I16', 'U16', 'I32', 'U32']);

/**
 * A transaction's own changes to one table, over the committed rows. Invariants: `inserted` holds
 * no committed row key (re-inserting a deleted committed row un-deletes it instead), and
 * `deleted` only committed rows; so the two maps are the net changes as they stand.
 */
class TableOverlay implements PendingWrites {
  readonly inserted = new Map<string, Row>();
  readonly deleted = new Map<string, Row>();
  /** Per `schema.uniqueColumns` entry: key of those columns -> key of an inserted row. */
  readonly uniques: Map<string, string>[];
  /**
   * The inserted rows in index order, per index id, for the indexes looked up in this
   * transaction, kept up to date as rows are added and removed: a reducer that inserts many rows
   * and looks each one up pays a binary search per lookup, not a pass over its inserts.
   */
  private readonly insertedByIndex = new Map<number, SortedRows>();

  constructor(readonly committed: CommittedTable) {
    this.uniques = committed.schema.uniqueColumns.map(() => new Map());
  }

  get tableId(): number {
    return this.schema.id;
  }

  get schema(): TableSchema {
    return this.committed.schema;
  }

  isVisible(key: string): boolean {
    return this.inserted.has(key) || (this.committed.rows.has(key) && !this.deleted.has(key));
  }

  rowOf(key: string): Row | undefined {
    if (this.deleted.has(key)) return undefined;
    return this.inserted.get(key) ?? this.committed.rows.get(key);
  }

  /** The key of the visible row whose `uniqueColumns[slot]` columns have the key `columnsKey`. */
  findUnique(slot: number, uniqueKey: string): string | undefined {
    const inserted = this.uniques[slot]?.get(uniqueKey);
    if (inserted !== undefined) return inserted;
    const committed = this.committed.uniques[slot]?.get(uniqueKey);
    return committed === undefined || this.deleted.has(committed) ? undefined : committed;
  }

  /** Throws UNIQUE_ALREADY_EXISTS when another visible row shares a unique column list with `row`. */
  checkUnique(key: string, row: Row): void {
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      const holder = this.findUnique(slot, projectionKey(this.schema, columns, row));
      if (holder !== undefined && holder !== key) {
        const names = columns.map((column) => this.schema.columns[column]?.name ?? String(column)).join(', ');
        throw new DatastoreError(
          'UNIQUE_ALREADY_EXISTS',
          `table ${this.schema.name} already has a row with the same value in (${names})`,
        );
      }
    }
  }

  add(key: string, row: Row): void {
    if (this.deleted.delete(key)) return;
    this.inserted.set(key, row);
    for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
      this.uniques[slot]?.set(projectionKey(this.schema, columns, row), key);
    }
    for (const sorted of this.insertedByIndex.values()) sorted.insert({ key, row });
  }

  remove(key: string): boolean {
    const inserted = this.inserted.get(key);
    if (inserted !== undefined) {
      this.inserted.delete(key);
      for (const [slot, columns] of this.schema.uniqueColumns.entries()) {
        this.uniques[slot]?.delete(projectionKey(this.schema, columns, inserted));
      }
      for (const sorted of this.insertedByIndex.values()) sorted.delete({ key, row: inserted });
      return true;
    }
    const committed = this.committed.rows.get(key);
    if (committed === undefined || this.deleted.has(key)) return false;
    this.deleted.set(key, committed);
    return true;
  }

  /** Removes every visible row; returns how many. */
  removeAll(): number {
    const keys = [...this.visible()].map((entry) => entry.key);
    // Cheaper to rebuild on the next lookup than to take the rows out one by one.
    this.insertedByIndex.clear();
    for (const key of keys) this.remove(key);
    return keys.length;
  }

  /** The visible rows inside the index range `position` describes, in index order. */
  range(index: IndexSchema, position: (row: Row) => number): KeyedRow[] {
    const committed = this.committed
      .sorted(index)
      .range(position)
      .filter((entry) => !this.deleted.has(entry.key));
    if (this.inserted.size === 0) return committed;
    const inserted = this.insertedSorted(index).range(position);
    return mergeSorted(committed, inserted, indexOrder(this.schema, index));
  }

  private insertedSorted(index: IndexSchema): SortedRows {
    let sorted = this.insertedByIndex.get(index.id);
    if (sorted === undefined) {
      const entries = [...this.inserted].map(([key, row]) => ({ key, row }));
      sorted = new SortedRows(entries, indexOrder(this.schema, index));
      this.insertedByIndex.set(index.id, sorted);
    }
    return sorted;
  }

  *visible(): Iterable<KeyedRow> {
    for (const [key, row] of this.committed.rows) if (!this.deleted.has(key)) yield { key, row };
    for (const [key, row] of this.inserted) yield { key, row };
  }
}

/**
 * A `MutTx`: reads see the committed state plus this transaction's changes; writes go to per-table
 * overlays only, so rolling back is dropping the object and committing is `CommittedTables.apply`
 * of `pendingWrites()` and `pendingSequences()`. Also serves as a read-only view.
 */
export class Transaction implements MutTx {
  private readonly overlays = new Map<number, TableOverlay>();
  /** Next values of the sequences this transaction drew from. */
  private readonly sequenceNext = new Map<string, bigint>();

  constructor(private readonly committed: CommittedTables) {}

  get tables(): readonly TableSchema[] {
    return this.committed.tables;
  }

  table(nameOrId: string | number): TableSchema | undefined {
    return this.committed.table(nameOrId);
  }

  index(nameOrId: string | number): IndexSchema | undefined {
    return this.committed.index(nameOrId);
  }

  rowCount(tableId: number): number {
    const overlay = this.overlay(tableId);
    return overlay.committed.rows.size - overlay.deleted.size + overlay.inserted.size;
  }

  scan(tableId: number): Iterable<Row> {
    return [...this.overlay(tableId).visible()].map((entry) => entry.row);
  }

  indexPoint(indexId: number, key: readonly AlgebraicValue[]): Row[] {
    const { overlay, index } = this.indexOf(indexId);
    if (key.length !== index.columns.length) {
      throw new RangeError(
        `index ${index.name} has ${index.columns.length} columns; got a key of ${key.length} values`,
      );
    }
    const slot = index.unique ? uniqueSlot(overlay.schema, index) : -1;
    const uniqueColumns = overlay.schema.uniqueColumns[slot];
    if (uniqueColumns === undefined) return this.indexRange(indexId, key, UNBOUNDED, UNBOUNDED);
    // A unique index answers from its map; the key arrives in the index's column order.
    const values = uniqueColumns.map((column) => key[index.columns.indexOf(column)] as AlgebraicValue);
    const found = overlay.findUnique(slot, columnsKey(overlay.schema, uniqueColumns, values));
    const row = found === undefined ? undefined : overlay.rowOf(found);
    return row === undefined ? [] : [row];
  }

  indexRange(indexId: number, prefix: readonly AlgebraicValue[], start: Bound, end: Bound): Row[] {
    const { overlay, index } = this.indexOf(indexId);
    const position = rangePosition(overlay.schema, index, prefix, start, end);
    return overlay.range(index, position).map((entry) => entry.row);
  }

  insert(tableId: number, row: Row): Row {
    const overlay = this.overlay(tableId);
    const stored = this.withSequenceValues(overlay.schema, row);
    const key = rowKey(overlay.schema, stored);
    if (overlay.isVisible(key)) return stored;
    overlay.checkUnique(key, stored);
    overlay.add(key, stored);
    return stored;
  }

  delete(tableId: number, row: Row): boolean {
    const overlay = this.overlay(tableId);
    return overlay.remove(rowKey(overlay.schema, row));
  }

  update(tableId: number, indexId: number, row: Row): Row {
    const overlay = this.overlay(tableId);
    const index = this.committed.index(indexId);
    if (index === undefined || index.tableId !== tableId) {
      throw new DatastoreError('NO_SUCH_INDEX', `table ${overlay.schema.name} has no index with id ${indexId}`);
    }
    if (!index.unique) throw new DatastoreError('INDEX_NOT_UNIQUE', `index ${index.name} is not unique`);
    const stored = this.withSequenceValues(overlay.schema, row);
    const slot = uniqueSlot(overlay.schema, index);
    const oldKey = overlay.findUnique(
      slot,
      projectionKey(overlay.schema, overlay.schema.uniqueColumns[slot] ?? [], stored),
    );
    const oldRow = oldKey === undefined ? undefined : overlay.rowOf(oldKey);
    if (oldKey === undefined || oldRow === undefined) {
      throw new DatastoreError('NO_SUCH_ROW', `table ${overlay.schema.name} has no row with that ${index.name} key`);
    }
    const key = rowKey(overlay.schema, stored);
    if (key === oldKey) return stored;
    overlay.remove(oldKey);
    try {
      overlay.checkUnique(key, stored);
    } catch (error) {
      overlay.add(oldKey, oldRow);
      throw error;
    }
    overlay.add(key, stored);
    return stored;
  }

  clear(tableId: number): number {
    return this.overlay(tableId).removeAll();
  }

  changes(): ChangeSet {
    const tables: TableChanges[] = [];
    for (const table of this.committed.tables) {
      const overlay = this.overlays.get(table.id);
      if (overlay === undefined || (overlay.inserted.size === 0 && overlay.deleted.size === 0)) continue;
      tables.push({
        tableId: table.id,
        tableName: table.name,
        inserts: [...overlay.inserted.values()],
        deletes: [...overlay.deleted.values()],
      });
    }
    return { tables };
  }

  /** The net writes per table, for persisting and then applying them. */
  pendingWrites(): PendingWrites[] {
    return [...this.overlays.values()].filter((overlay) => overlay.inserted.size > 0 || overlay.deleted.size > 0);
  }

  /** The sequences this transaction advanced, with their next values (keys as `sequenceKey`). */
  pendingSequences(): ReadonlyMap<string, bigint> {
    return this.sequenceNext;
  }

  private overlay(tableId: number): TableOverlay {
    let overlay = this.overlays.get(tableId);
    if (overlay === undefined) {
      overlay = new TableOverlay(this.committed.rowsOf(tableId));
      this.overlays.set(tableId, overlay);
    }
    return overlay;
  }

  private indexOf(indexId: number): { overlay: TableOverlay; index: IndexSchema } {
    const index = this.committed.index(indexId);
    if (index === undefined) throw new DatastoreError('NO_SUCH_INDEX', `no index with id ${indexId}`);
    return { overlay: this.overlay(index.tableId), index };
  }

  /** `row`, with the next sequence value in each sequence column that holds 0 (a copy when any changed). */
  private withSequenceValues(table: TableSchema, row: Row): Row {
    let filled = row;
    for (const sequence of table.sequences) {
      const value = row[sequence.column];
      if (value !== 0 && value !== 0n) continue;
      if (filled === row) filled = [...row];
      const next = this.drawSequence(table, sequence);
      const type = table.columns[sequence.column]?.type ?? {};
      filled[sequence.column] = Object.keys(type).some((tag) => NUMBER_INTEGER_TAGS.has(tag)) ? Number(next) : next;
    }
    return filled;
  }

  private drawSequence(table: TableSchema, sequence: SequenceSchema): bigint {
    const key = sequenceKey(table.id, sequence.column);
    const value = this.sequenceNext.get(key) ?? this.committed.sequences.get(key) ?? sequence.start;
    if (value > sequence.max || value < sequence.min) {
      const column = table.columns[sequence.column]?.name ?? String(sequence.column);
      throw new DatastoreError('AUTO_INC_OVERFLOW', `the sequence of ${table.name}.${column} is exhausted`);
    }
    this.sequenceNext.set(key, value + sequence.increment);
    return value;
  }
}

const UNBOUNDED: Bound = { kind: 'unbounded' };

/** The `uniqueColumns` entry a unique index stands for (same columns, possibly in another order). */
function uniqueSlot(table: TableSchema, index: IndexSchema): number {
  const slot = table.uniqueColumns.findIndex(
    (columns) => columns.length === index.columns.length && columns.every((column) => index.columns.includes(column)),
  );
  if (slot < 0) throw new DatastoreError('INDEX_NOT_UNIQUE', `index ${index.name} is not unique`);
  return slot;
}
