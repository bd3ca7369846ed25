import type { ChangeSet, ReadView, Row, TableSchema } from '../datastore/index.js';
import type { SelectStatement } from '../sql/ast.js';
import type { Conjunct } from '../sql/predicates.js';
import type { Scope } from '../sql/resolve.js';

/** The shared types of subscription queries (see query.ts), apart so that its parts can import them. */

/** Who subscribes: the owner sees private tables; `identity` is the value of `:sender`. */
export interface QueryAccess {
  isOwner: boolean;
  /** hex identity of the subscriber, for :sender */
  identity: string;
}

/** A query that is not a valid subscription; `message` is what the client gets in SubscriptionError. */
export class SubscriptionQueryError extends Error {
  override readonly name = 'SubscriptionQueryError';
}

/** One compiled subscription query. Pure: no I/O, no storage. */
export interface SubscriptionQuery {
  /** As given. */
  readonly sql: string;
  /** The table whose rows the query returns (the projected one). */
  readonly table: TableSchema;
  /** Table ids whose changes can affect the result. */
  readonly readsTables: readonly number[];
  /**
   * The matching rows now (a set: no row twice). Used on subscribe and unsubscribe, in the
   * database's queue: a join counts the rows it reads against `rowVisitLimit` (default the SQL
   * layer's `MAX_ROW_VISITS`) and throws `SubscriptionQueryError` past it rather than stall the
   * database; a one-table query reads each row at most once and has no limit, as in the product.
   */
  initialRows(view: ReadView, rowVisitLimit?: number): Row[];
  /**
   * What one commit did to the result: `after` is the committed state AFTER `changes`. Empty lists
   * when nothing. A row in the result both before and after the commit is in neither list.
   */
  delta(changes: ChangeSet, after: ReadView): { inserts: Row[]; deletes: Row[] };
}

/** The tables of a checked SELECT, its filters by slot (ON and WHERE), and the projected slot. */
export interface CheckedSelect {
  readonly sql: string;
  readonly statement: SelectStatement;
  readonly scope: Scope;
  /** Conjuncts of ON and WHERE, each under the last slot it reads (as `forEachJoinedRow` wants them). */
  readonly conjunctsBySlot: readonly (readonly Conjunct[])[];
  readonly projectedSlot: number;
  readonly access: QueryAccess;
}
