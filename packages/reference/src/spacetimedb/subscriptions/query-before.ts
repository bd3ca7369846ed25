import { type AlgebraicValue, compareValues, valuesEqual } from '@dbwire/spacetimedb-sats';
import { rowKey } from '../datastore/keys.js';
import type { Bound, ChangeSet, IndexSchema, ReadView, Row, TableChanges, TableSchema } from '../datastore/types.js';

/**
 * The committed state as it was BEFORE one commit, read through the state right after it: the
 * commit's inserts are hidden and its deletes shown again. Read-only and lazy: a read of a table the
 * commit did not touch goes straight to `after`; a lookup in a touched table tests the commit's
 * rows against the lookup key, and a scan of one keys each row. Only valid while `after` is.
 */
export class BeforeCommitView implements ReadView {
  private readonly changesByTable = new Map<number, TableChanges>();
  /** Row keys of each touched table's inserts, built on first use. */
  private readonly insertedKeys = new Map<number, Set<string>>();

  constructor(
    private readonly after: ReadView,
    changes: ChangeSet,
  ) {
    for (const table of changes.tables) this.changesByTable.set(table.tableId, table);
  }

  get tables(): readonly TableSchema[] {
    return this.after.tables;
  }

  table(nameOrId: string | number): TableSchema | undefined {
    return this.after.table(nameOrId);
  }

  index(nameOrId: string | number): IndexSchema | undefined {
    return this.after.index(nameOrId);
  }

  rowCount(tableId: number): number {
    const changes = this.changesByTable.get(tableId);
    const count = this.after.rowCount(tableId);
    return changes === undefined ? count : count - changes.inserts.length + changes.deletes.length;
  }

  *scan(tableId: number): Iterable<Row> {
    const changes = this.changesByTable.get(tableId);
    if (changes === undefined) {
      yield* this.after.scan(tableId);
      return;
    }
    const inserted = this.insertedKeysOf(tableId);
    const schema = this.schemaOf(tableId);
    for (const row of this.after.scan(tableId)) if (!inserted.has(rowKey(schema, row))) yield row;
    yield* changes.deletes;
  }

  indexPoint(indexId: number, key: readonly AlgebraicValue[]): Row[] {
    const index = this.indexOf(indexId);
    return this.undo(index, this.after.indexPoint(indexId, key), (row) =>
      index.columns.every((column, i) => this.compareColumn(index, column, row, key[i]) === 0),
    );
  }

  indexRange(indexId: number, prefix: readonly AlgebraicValue[], start: Bound, end: Bound): Row[] {
    const index = this.indexOf(indexId);
    const rangeColumn = index.columns[prefix.length];
    const rows = this.undo(index, this.after.indexRange(indexId, prefix, start, end), (row) => {
      if (!prefix.every((value, i) => this.compareColumn(index, index.columns[i] as number, row, value) === 0)) {
        return false;
      }
      if (rangeColumn === undefined) return true;
      const above = (bound: Bound, sign: 1 | -1): boolean => {
        if (bound.kind === 'unbounded') return true;
        const order = sign * this.compareColumn(index, rangeColumn, row, bound.value);
        return bound.kind === 'included' ? order >= 0 : order > 0;
      };
      return above(start, 1) && above(end, -1);
    });
    // A ReadView hands index ranges back in index order; the deletes added back break it.
    return rows.sort((a, b) => this.compareIndexed(index, a, b));
  }

  /**
   * `found` (read from `after` through `index`) without the commit's inserts, plus its deletes that
   * `matches` (the rows the same lookup finds). Only the inserts the lookup would find can be among
   * `found`, usually none, so found rows are compared with those few rather than all keyed.
   */
  private undo(index: IndexSchema, found: Row[], matches: (row: Row) => boolean): Row[] {
    const changes = this.changesByTable.get(index.tableId);
    if (changes === undefined) return found;
    const hidden = changes.inserts.filter(matches);
    let rows = found;
    if (hidden.length > 0) {
      // Equal values are not always equal rows (-0 and 0): the row key, BSATN, decides.
      const schema = this.schemaOf(index.tableId);
      const rowType = { Product: schema.rowType };
      const hiddenKeys = new Set(hidden.map((row) => rowKey(schema, row)));
      const isHidden = (row: Row) =>
        hidden.some((inserted) => valuesEqual(rowType, row, inserted)) && hiddenKeys.has(rowKey(schema, row));
      rows = found.filter((row) => !isHidden(row));
    } else if (changes.deletes.length > 0) {
      rows = [...found];
    }
    for (const row of changes.deletes) if (matches(row)) rows.push(row);
    return rows;
  }

  private insertedKeysOf(tableId: number): Set<string> {
    let keys = this.insertedKeys.get(tableId);
    if (keys === undefined) {
      const schema = this.schemaOf(tableId);
      keys = new Set(this.changesByTable.get(tableId)?.inserts.map((row) => rowKey(schema, row)));
      this.insertedKeys.set(tableId, keys);
    }
    return keys;
  }

  private schemaOf(tableId: number): TableSchema {
    const schema = this.after.table(tableId);
    if (schema === undefined) throw new RangeError(`no table with id ${tableId}`);
    return schema;
  }

  private indexOf(indexId: number): IndexSchema {
    const index = this.after.index(indexId);
    if (index === undefined) throw new RangeError(`no index with id ${indexId}`);
    return index;
  }

  private compareColumn(index: IndexSchema, column: number, row: Row, value: AlgebraicValue | undefined): number {
    const type = this.schemaOf(index.tableId).columns[column]?.type;
    if (type === undefined || value === undefined) return 1;
    return compareValues(type, row[column] as AlgebraicValue, value);
  }

  private compareIndexed(index: IndexSchema, a: Row, b: Row): number {
    for (const column of index.columns) {
      const order = this.compareColumn(index, column, a, b[column] as AlgebraicValue);
      if (order !== 0) return order;
    }
    return 0;
  }
}

/**
 * One `BeforeCommitView` per commit, shared by every query the hub evaluates for that commit (the
 * inserts' row keys are then computed once, not once per query).
 */
const beforeViews = new WeakMap<ChangeSet, { after: ReadView; before: BeforeCommitView }>();

export function beforeCommit(changes: ChangeSet, after: ReadView): BeforeCommitView {
  const cached = beforeViews.get(changes);
  if (cached !== undefined && cached.after === after) return cached.before;
  const before = new BeforeCommitView(after, changes);
  beforeViews.set(changes, { after, before });
  return before;
}
