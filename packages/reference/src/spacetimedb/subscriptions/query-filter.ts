import type { ChangeSet, ReadView, Row } from '../datastore/index.js';
import { forEachJoinedRow } from '../sql/join.js';
import { testAll } from '../sql/predicates.js';
import type { CheckedSelect, SubscriptionQuery } from './query-types.js';

/** The delta of a commit that leaves the result as it was. */
export function noChange(): { inserts: Row[]; deletes: Row[] } {
  return { inserts: [], deletes: [] };
}

/**
 * `SELECT * FROM t [WHERE …]`: the rows of one table that pass the filter. A commit changes the result
 * by exactly the inserted and deleted rows that pass it (a table never holds a row twice, and the
 * commit's net inserts and deletes are disjoint).
 */
export function compileFilterQuery(checked: CheckedSelect): SubscriptionQuery {
  const [{ schema } = unreachable()] = checked.scope.tables;
  const conjuncts = checked.conjunctsBySlot[0] ?? [];
  const passes = (row: Row) => testAll(conjuncts, [row]);
  return {
    sql: checked.sql,
    table: schema,
    readsTables: [schema.id],
    initialRows(view: ReadView): Row[] {
      const rows: Row[] = [];
      // An equality on an indexed column becomes an index lookup; no row budget, as the product has none.
      forEachJoinedRow(
        view,
        checked.scope,
        checked.conjunctsBySlot,
        (tuple) => {
          rows.push(tuple[0] as Row);
          return true;
        },
        Number.POSITIVE_INFINITY,
      );
      return rows;
    },
    delta(changes: ChangeSet): { inserts: Row[]; deletes: Row[] } {
      const table = changes.tables.find((candidate) => candidate.tableId === schema.id);
      if (table === undefined) return noChange();
      return { inserts: table.inserts.filter(passes), deletes: table.deletes.filter(passes) };
    },
  };
}

function unreachable(): never {
  throw new Error('a checked SELECT has at least one table');
}
