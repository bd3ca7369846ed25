import type { AlgebraicType, AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { columnType, compareColumn } from './keys.js';
import type { Bound, IndexSchema, Row, TableSchema } from './types.js';

/** A row with its key (the hex of its BSATN), as index scans keep them. */
export interface KeyedRow {
  readonly key: string;
  readonly row: Row;
}

/** Where a row lies relative to a range: negative before it, 0 inside, positive after. */
export type RangePosition = (row: Row) => number;

/**
 * Up to this many changes are spliced in one by one (a binary search and a native array move
 * each); more are merged in one pass over the array, so a large commit costs O(n + k log k)
 * rather than O(n * k).
 */
const SPLICE_LIMIT = 32;

/**
 * Rows kept in an index's order, updated in place as rows come and go: a btree index's view of
 * a set of rows. Lookups are a binary search plus the rows found.
 */
export class SortedRows {
  private entries: KeyedRow[];

  /** `entries` in any order (the array is taken over and sorted). */
  constructor(
    entries: KeyedRow[],
    private readonly order: (a: KeyedRow, b: KeyedRow) => number,
  ) {
    entries.sort(order);
    this.entries = entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every entry, in order (a copy). */
  all(): KeyedRow[] {
    return [...this.entries];
  }

  /** The entries inside the range `position` describes, in order (a copy). */
  range(position: RangePosition): KeyedRow[] {
    const entries = this.entries;
    const firstAtLeast = (wanted: number, from: number): number => {
      let low = from;
      let high = entries.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (position((entries[middle] as KeyedRow).row) < wanted) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    const start = firstAtLeast(0, 0);
    return entries.slice(start, firstAtLeast(1, start));
  }

  /** Adds an entry (its key must not be present yet). */
  insert(entry: KeyedRow): void {
    this.entries.splice(this.lowerBound(entry), 0, entry);
  }

  /** Removes the entry with `entry`'s key and row; false when it is not there. */
  delete(entry: KeyedRow): boolean {
    const at = this.lowerBound(entry);
    if (this.entries[at]?.key !== entry.key) return false;
    this.entries.splice(at, 1);
    return true;
  }

  /** Removes `deleted` and adds `inserted` (no key in both, no inserted key present yet). */
  update(deleted: readonly KeyedRow[], inserted: readonly KeyedRow[]): void {
    if (deleted.length + inserted.length <= SPLICE_LIMIT) {
      for (const entry of deleted) this.delete(entry);
      for (const entry of inserted) this.insert(entry);
      return;
    }
    let kept = this.entries;
    if (deleted.length > 0) {
      const gone = new Set(deleted.map((entry) => entry.key));
      kept = kept.filter((entry) => !gone.has(entry.key));
    }
    this.entries = mergeSorted(kept, [...inserted].sort(this.order), this.order);
  }

  /** The first position whose entry is not before `entry`. */
  private lowerBound(entry: KeyedRow): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.order(this.entries[middle] as KeyedRow, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * Merges two sorted lists without common entries: each entry of the shorter finds its place in
 * the longer by binary search, so the comparisons are O(short * log long), the copying O(long + short).
 */
export function mergeSorted(
  a: readonly KeyedRow[],
  b: readonly KeyedRow[],
  order: (a: KeyedRow, b: KeyedRow) => number,
): KeyedRow[] {
  const [many, few] = a.length >= b.length ? [a, b] : [b, a];
  if (few.length === 0) return [...many];
  const merged: KeyedRow[] = [];
  let from = 0;
  for (const entry of few) {
    let low = from;
    let high = many.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(many[middle] as KeyedRow, entry) < 0) low = middle + 1;
      else high = middle;
    }
    for (let at = from; at < low; at++) merged.push(many[at] as KeyedRow);
    merged.push(entry);
    from = low;
  }
  for (let at = from; at < many.length; at++) merged.push(many[at] as KeyedRow);
  return merged;
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
