import type { IndexSchema, ReadView, Row, TableSchema } from '../datastore/types.js';
import type { Conjunct } from './predicates.js';
import type { Tuple } from './resolve.js';

type Equality = NonNullable<Conjunct['equality']>;

/** A conjunct that fixes an indexed column of `slot`'s table to a value known before the slot, and that index. */
export function indexForEquality(
  schema: TableSchema,
  slot: number,
  conjuncts: readonly Conjunct[],
): { index: IndexSchema; equality: Equality } | undefined {
  for (const { equality } of conjuncts) {
    if (equality === undefined || equality.column.slot !== slot) continue;
    const position = equality.column.column.position;
    const index = schema.indexes.find(
      (candidate) => candidate.columns.length === 1 && candidate.columns[0] === position,
    );
    if (index !== undefined) return { index, equality };
  }
  return undefined;
}

/**
 * The rows of a table worth testing: an index lookup when a conjunct fixes an indexed column to a
 * value known already, else a scan. The conjunct is still tested afterwards, so this only saves work.
 */
export function candidateRows(
  view: ReadView,
  schema: TableSchema,
  slot: number,
  conjuncts: readonly Conjunct[],
  prefix: Tuple,
): Iterable<Row> {
  const indexed = indexForEquality(schema, slot, conjuncts);
  return indexed === undefined
    ? view.scan(schema.id)
    : view.indexPoint(indexed.index.id, [indexed.equality.value(prefix)]);
}
