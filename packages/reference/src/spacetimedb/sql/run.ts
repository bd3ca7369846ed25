import type { ProductType, ProductValue } from '@dbwire/spacetimedb-sats';
import type { MutTx, ReadView } from '../datastore/types.js';
import type { Statement } from './ast.js';
import { runDml, type SqlStats } from './dml.js';
import type { SqlCaller } from './resolve.js';
import { runSelect } from './select.js';

/** One statement's answer, as `/sql` sends it (the HTTP layer adds `total_duration_micros`). */
export interface SqlResult {
  /** The output columns, named by their alias or column name; empty for INSERT, UPDATE, DELETE. */
  schema: ProductType;
  rows: ProductValue[];
  stats: SqlStats;
}

/**
 * Runs one parsed statement. SELECT reads `view`; INSERT, UPDATE and DELETE need a `MutTx` and
 * the owner. Throws `SqlError` for type and permission errors; a statement that fails changes
 * nothing.
 */
export function runStatement(statement: Statement, view: ReadView | MutTx, caller: SqlCaller): SqlResult {
  if (statement.kind === 'select') {
    return { ...runSelect(statement, view, caller), stats: { rows_inserted: 0, rows_deleted: 0, rows_updated: 0 } };
  }
  return { schema: { elements: [] }, rows: [], stats: runDml(statement, view, caller) };
}
