import type { ReadView, Row, TableSchema } from '../datastore/types.js';
import type { Conjunct } from './predicates.js';
import type { Tuple } from './resolve.js';

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
  for (const { equality } of conjuncts) {
    if (equality === undefined || equality.column.slot !== slot) continue;
    const position = equality.column.column.position;
    const index = schema.indexes.find(
      (candidate) => candidate.columns.length === 1 && candidate.columns[0] === position,
    );
    if (index !== undefined) return view.indexPoint(index.id, [equality.value(prefix)]);
  }
  return view.scan(schema.id);
}
