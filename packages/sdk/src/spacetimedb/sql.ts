import type { ProductType, SqlStatementResult } from './generated/types.gen.js';

/**
 * The result of one SQL statement, read losslessly: `rows` hold the values of `schema.elements`,
 * in order, in untyped SATS-JSON (a product as an array, a sum as `[tag, value]`), with integers
 * beyond 2^53 (a `u64`, `i128`...) as `bigint` and the others as `number`.
 */
export type SqlResult = SqlStatementResult;

/** A row keyed by column name. */
export type SqlObjectRow = Record<string, unknown>;

/**
 * The rows of a result as objects keyed by column name (`schema.elements[i].name`); a column
 * without a name is keyed by its position (`"0"`, `"1"`...). Two columns of the same name (a join
 * of `a.id` and `b.id` without aliases): the later one wins, so alias them in the query.
 */
export function rowsAsObjects(result: Pick<SqlResult, 'schema' | 'rows'>): SqlObjectRow[] {
  const names = columnNames(result.schema);
  return result.rows.map((row) => Object.fromEntries(names.map((name, index) => [name, row[index]])));
}

/** The column names of a result's schema, in order. */
export function columnNames(schema: ProductType): string[] {
  return schema.elements.map((element, index) => ('some' in element.name ? element.name.some : String(index)));
}
