import type { ReadView, TableSchema } from '../datastore/index.js';
import type { SelectStatement, Statement } from '../sql/ast.js';
import { echo, SqlError } from '../sql/errors.js';
import { parseSql } from '../sql/parser.js';
import { type Conjunct, compileConjuncts } from '../sql/predicates.js';
import { duplicateName, resolveTable, type Scope } from '../sql/resolve.js';
import { compileFilterQuery } from './query-filter.js';
import { compileJoinQuery } from './query-join.js';
import { type CheckedSelect, type QueryAccess, type SubscriptionQuery, SubscriptionQueryError } from './query-types.js';

export { type QueryAccess, type SubscriptionQuery, SubscriptionQueryError } from './query-types.js';

/**
 * Subscription queries: the subset of SELECT that SpacetimeDB keeps up to date for a client, compiled
 * once and then asked for its rows (on subscribe) and for what each commit changed in them.
 *
 * The subset, as in SpacetimeDB: `SELECT * FROM t [WHERE …]`, `SELECT t.* FROM t [AS a] [WHERE …]`,
 * and `SELECT a.* FROM t AS a JOIN u AS b ON a.x = b.y [WHERE …]` (two tables, one column equality,
 * the columns indexed, one side projected). Parsing, names, types and visibility are those of `/sql`.
 */

/** SpacetimeDB refuses longer subscription queries (a guard against deeply nested conditions). */
export const MAX_SUBSCRIPTION_SQL_BYTES = 50_000;

/**
 * Parses and checks `sql` as a subscription for `access` over the tables of `view`. Throws
 * `SubscriptionQueryError` with SpacetimeDB's wording where it has one.
 */
export function compileSubscription(sql: string, view: ReadView, access: QueryAccess): SubscriptionQuery {
  if (
    sql.length * 3 > MAX_SUBSCRIPTION_SQL_BYTES &&
    new TextEncoder().encode(sql).length > MAX_SUBSCRIPTION_SQL_BYTES
  ) {
    throw new SubscriptionQueryError(`SQL query exceeds maximum allowed length: "${sql.slice(0, 120)}..."`);
  }
  try {
    const checked = checkSelect(sql, parseOne(sql), view, access);
    return checked.scope.tables.length === 1 ? compileFilterQuery(checked) : compileJoinQuery(checked);
  } catch (error) {
    if (error instanceof SqlError) throw new SubscriptionQueryError(error.message);
    throw error;
  }
}

function parseOne(sql: string): SelectStatement {
  const statements: Statement[] = parseSql(sql);
  if (statements.length > 1) throw new SubscriptionQueryError('Multiple SQL statements are not supported');
  const [statement] = statements;
  if (statement === undefined) throw new SubscriptionQueryError('Empty SQL query');
  if (statement.kind !== 'select') throw new SubscriptionQueryError('Unsupported: Non-SELECT queries');
  // What SpacetimeDB's subscription grammar has no room for, refused before any name is resolved.
  if (statement.distinct) throw new SubscriptionQueryError('Unsupported SELECT: DISTINCT in a subscription query');
  if (statement.orderBy.length > 0) throw new SubscriptionQueryError('Unsupported: ORDER BY in a subscription query');
  if (statement.limit !== undefined) throw new SubscriptionQueryError('Unsupported: LIMIT in a subscription query');
  return statement;
}

/** Names, visibility and types, in SpacetimeDB's order: tables, then ON and WHERE, then the projection. */
function checkSelect(sql: string, statement: SelectStatement, view: ReadView, access: QueryAccess): CheckedSelect {
  const tables: { alias: string; schema: TableSchema }[] = [];
  for (const ref of [statement.from, ...statement.joins.map((join) => join.source)]) {
    const schema = resolveTable(view, ref, access);
    if (tables.some((table) => table.alias === ref.alias)) throw duplicateName(ref.alias);
    tables.push({ alias: ref.alias, schema });
  }
  const scope: Scope = { tables };
  const conjunctsBySlot: Conjunct[][] = tables.map(() => []);
  const add = (conjuncts: Conjunct[]) => {
    for (const conjunct of conjuncts) conjunctsBySlot[conjunct.slot]?.push(conjunct);
  };
  statement.joins.forEach((join, index) => {
    add(compileConjuncts(join.on, { tables: tables.slice(0, index + 2) }, access));
  });
  add(compileConjuncts(statement.where, scope, access));
  return { sql, statement, scope, conjunctsBySlot, projectedSlot: projectedSlot(statement, scope), access };
}

const NOT_A_TABLE_TYPE =
  'Column projections are not supported in subscriptions; Subscriptions must return a table type';

function projectedSlot(statement: SelectStatement, scope: Scope): number {
  const { projection } = statement;
  switch (projection.kind) {
    case 'star':
      if (scope.tables.length > 1) throw new SubscriptionQueryError('SELECT * is not supported for joins');
      return 0;
    case 'tableStar': {
      const slot = scope.tables.findIndex((table) => table.alias === projection.table);
      if (slot < 0) throw new SubscriptionQueryError(`\`${echo(projection.table)}\` is not in scope`);
      return slot;
    }
    case 'columns':
    case 'aggregate':
      throw new SubscriptionQueryError(NOT_A_TABLE_TYPE);
  }
}
