import { type AlgebraicType, type AlgebraicValue, bytesToHex, encodeValue } from '@dbwire/spacetimedb-sats';
import type { ReadView, Row, TableSchema } from '../datastore/types.js';
import { primitiveTag } from './column-types.js';
import { SqlError } from './errors.js';
import { type Conjunct, testAll } from './predicates.js';
import type { Scope, Tuple } from './resolve.js';
import { indexForEquality } from './scan.js';

/**
 * The most rows one SELECT may read: every row a scan, an index lookup or a hash-table bucket
 * hands over counts once, at every table of a join, and so does every row read to build a hash
 * table. Past it the statement fails with a `SqlError` rather than keep the database busy
 * (SpacetimeDB bounds a query's cost too, by estimating it before it runs).
 */
export const MAX_ROW_VISITS = 10_000_000;

/** Counts row visits against a limit (`MAX_ROW_VISITS` for a SELECT); past it, a `SqlError`. */
export class VisitBudget {
  private visits = 0;
  constructor(private readonly limit: number = MAX_ROW_VISITS) {}
  visit(rows = 1): void {
    this.visits += rows;
    if (this.visits > this.limit) {
      throw new SqlError(
        `The query is too expensive: it reads more than ${this.limit} rows (a join counts every combination it tries); filter on an indexed column or join on an equality`,
      );
    }
  }
}

/**
 * Where the rows of one table (slot) of a join come from, given the rows of the tables before it:
 * an index lookup when an equality fixes an indexed column, a hash table of the slot's rows when
 * an equality fixes a column without an index (built once, on first use), else every row.
 */
type RowSource = (prefix: Tuple) => Iterable<Row>;

/**
 * Calls `visit` with every combination of rows (one per table of `scope`) that passes the
 * filters, testing each conjunct as soon as the tables it reads are bound. `visit` returns `false`
 * to stop early (LIMIT). The tuple it gets is reused for the next combination: copy what you keep.
 * Iterative, so the number of joined tables is not bounded by the stack.
 */
export function forEachJoinedRow(
  view: ReadView,
  scope: Scope,
  conjunctsBySlot: readonly (readonly Conjunct[])[],
  visit: (tuple: Tuple) => boolean,
  rowVisitLimit = MAX_ROW_VISITS,
): void {
  const budget = new VisitBudget(rowVisitLimit);
  const count = scope.tables.length;
  const sources = scope.tables.map((table, slot) =>
    rowSource(view, table.schema, slot, conjunctsBySlot[slot] ?? [], budget),
  );
  const tuple: Row[] = new Array(count);
  const iterators: Iterator<Row>[] = new Array(count);
  let slot = 0;
  iterators[0] = (sources[0] as RowSource)(tuple)[Symbol.iterator]();
  while (slot >= 0) {
    const next = (iterators[slot] as Iterator<Row>).next();
    if (next.done === true) {
      slot--;
      continue;
    }
    budget.visit();
    tuple[slot] = next.value;
    if (!testAll(conjunctsBySlot[slot] ?? [], tuple)) continue;
    if (slot === count - 1) {
      if (!visit(tuple)) return;
      continue;
    }
    slot++;
    iterators[slot] = (sources[slot] as RowSource)(tuple)[Symbol.iterator]();
  }
}

function rowSource(
  view: ReadView,
  schema: TableSchema,
  slot: number,
  conjuncts: readonly Conjunct[],
  budget: VisitBudget,
): RowSource {
  const indexed = indexForEquality(schema, slot, conjuncts);
  if (indexed !== undefined) {
    const { index, equality } = indexed;
    return (prefix) => view.indexPoint(index.id, [equality.value(prefix)]);
  }
  // The first table has nothing before it to look up by: a scan is as cheap as building a table.
  const equality = slot === 0 ? undefined : conjuncts.find((conjunct) => conjunct.equality?.column.slot === slot);
  if (equality?.equality === undefined) return () => view.scan(schema.id);
  const { column, value } = equality.equality;
  const keyOf = hashKey(column.column.type);
  let buckets: Map<string, Row[]> | undefined;
  return (prefix) => {
    if (buckets === undefined) {
      buckets = new Map();
      for (const row of view.scan(schema.id)) {
        budget.visit();
        const key = keyOf(row[column.column.position] as AlgebraicValue);
        const bucket = buckets.get(key);
        if (bucket === undefined) buckets.set(key, [row]);
        else bucket.push(row);
      }
    }
    return buckets.get(keyOf(value(prefix))) ?? [];
  };
}

/**
 * A string equal for two values exactly when `compareValues` finds them equal (hash-join keys).
 * Numbers through `String`, which writes -0 as `0` and every NaN as `NaN`, as the float order
 * treats them; anything else (bytes, Identity and other special types) through its BSATN. A key
 * that is too wide only costs a test, since the conjunct is tested again on every row.
 */
function hashKey(type: AlgebraicType): (value: AlgebraicValue) => string {
  const tag = primitiveTag(type);
  if (tag === 'String') return (value) => value as string;
  if (tag !== undefined) return (value) => String(value);
  return (value) => bytesToHex(encodeValue(type, value));
}
