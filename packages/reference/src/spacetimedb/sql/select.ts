import {
  type AlgebraicType,
  type AlgebraicValue,
  compareValues,
  type ProductType,
  type ProductTypeElement,
  type ProductValue,
} from '@dbwire/spacetimedb-sats';
import type { ReadView, Row, TableSchema } from '../datastore/types.js';
import type { Aggregate, OrderKey, Projection, SelectStatement } from './ast.js';
import { distinctValues } from './distinct.js';
import { SqlError } from './errors.js';
import { coerceLiteral } from './literals.js';
import { type Conjunct, compileConjuncts, testAll } from './predicates.js';
import { duplicateName, resolveColumn, resolveTable, type Scope, type SqlCaller, type Tuple } from './resolve.js';
import { candidateRows } from './scan.js';
import { aggregateSum } from './sum.js';

export interface SelectResult {
  schema: ProductType;
  rows: ProductValue[];
}

/** What a SELECT returns, and how one joined row becomes one output row. */
interface Output {
  elements: ProductTypeElement[];
  project: (tuple: Tuple) => ProductValue;
}

/**
 * Runs a SELECT: every name and literal is checked before any row is read, so a wrong query fails
 * the same way on an empty table. Joins are nested loops that use an index when an equality on an
 * indexed column allows it. Order of work: filter, ORDER BY, project, DISTINCT, LIMIT.
 */
export function runSelect(statement: SelectStatement, view: ReadView, caller: SqlCaller): SelectResult {
  const scope = scopeOf(statement, view, caller);
  const conjunctsBySlot = compileFilters(statement, scope, caller);
  const limit = statement.limit === undefined ? undefined : coerceLiteral(statement.limit, { U64: [] }, 'filter');
  const orderKeys = compileOrder(statement.orderBy, statement.projection, scope);

  if (statement.projection.kind === 'aggregate') {
    const aggregate = compileAggregate(statement.projection.aggregate, scope);
    const tuples = [...joinedRows(view, scope, conjunctsBySlot)];
    const row = [aggregate.compute(tuples)];
    return {
      schema: { elements: [{ name: { some: statement.projection.alias }, algebraic_type: aggregate.type }] },
      rows: limit === 0n ? [] : [row],
    };
  }

  const output = compileProjection(statement.projection, scope);
  let tuples = [...joinedRows(view, scope, conjunctsBySlot)];
  if (orderKeys.length > 0) tuples = sortTuples(tuples, orderKeys);
  let rows = tuples.map(output.project);
  if (statement.distinct) rows = distinctValues({ Product: { elements: output.elements } }, rows);
  if (typeof limit === 'bigint' && limit < BigInt(rows.length)) rows = rows.slice(0, Number(limit));
  return { schema: { elements: output.elements }, rows };
}

function scopeOf(statement: SelectStatement, view: ReadView, caller: SqlCaller): Scope {
  const tables: { alias: string; schema: TableSchema }[] = [];
  for (const ref of [statement.from, ...statement.joins.map((join) => join.source)]) {
    const schema = resolveTable(view, ref, caller);
    if (tables.some((table) => table.alias === ref.alias)) throw duplicateName(ref.alias);
    tables.push({ alias: ref.alias, schema });
  }
  return { tables };
}

/**
 * The tests of ON and WHERE, grouped by the slot after which they can run. An ON sees only the
 * tables joined so far, as in SpacetimeDB.
 */
function compileFilters(statement: SelectStatement, scope: Scope, caller: SqlCaller): Conjunct[][] {
  const bySlot: Conjunct[][] = scope.tables.map(() => []);
  const add = (conjuncts: Conjunct[]) => {
    for (const conjunct of conjuncts) bySlot[conjunct.slot]?.push(conjunct);
  };
  statement.joins.forEach((join, index) => {
    add(compileConjuncts(join.on, { tables: scope.tables.slice(0, index + 2) }, caller));
  });
  add(compileConjuncts(statement.where, scope, caller));
  return bySlot;
}

/** Every combination of rows that passes the filters, table by table (a nested-loop join). */
function* joinedRows(
  view: ReadView,
  scope: Scope,
  conjunctsBySlot: Conjunct[][],
  prefix: Tuple = [],
): Generator<Tuple> {
  const slot = prefix.length;
  const table = scope.tables[slot];
  if (table === undefined) {
    yield prefix;
    return;
  }
  const conjuncts = conjunctsBySlot[slot] ?? [];
  for (const row of candidateRows(view, table.schema, slot, conjuncts, prefix)) {
    const tuple = [...prefix, row];
    if (testAll(conjuncts, tuple)) yield* joinedRows(view, scope, conjunctsBySlot, tuple);
  }
}

function compileProjection(projection: Exclude<Projection, { kind: 'aggregate' }>, scope: Scope): Output {
  switch (projection.kind) {
    case 'star': {
      const [only, ...others] = scope.tables;
      if (only === undefined || others.length > 0) throw new SqlError('SELECT * is not supported for joins');
      return { elements: [...only.schema.rowType.elements], project: (tuple) => tuple[0] as Row };
    }
    case 'tableStar': {
      const slot = scope.tables.findIndex((table) => table.alias === projection.table);
      const table = scope.tables[slot];
      if (table === undefined) throw new SqlError(`\`${projection.table}\` is not in scope`);
      return { elements: [...table.schema.rowType.elements], project: (tuple) => tuple[slot] as Row };
    }
    case 'columns': {
      const names = new Set<string>();
      const columns = projection.columns.map(({ column, name }) => {
        if (names.has(name)) throw duplicateName(name);
        names.add(name);
        return { name, resolved: resolveColumn(scope, column) };
      });
      return {
        elements: columns.map(({ name, resolved }) => ({ name: { some: name }, algebraic_type: resolved.column.type })),
        project: (tuple) => columns.map(({ resolved }) => resolved.read(tuple)),
      };
    }
  }
}

interface CompiledOrderKey {
  type: AlgebraicType;
  read: (tuple: Tuple) => AlgebraicValue;
  descending: boolean;
}

/** An unqualified ORDER BY name may be an output alias (`SELECT name AS n … ORDER BY n`). */
function compileOrder(keys: readonly OrderKey[], projection: Projection, scope: Scope): CompiledOrderKey[] {
  return keys.map(({ column, descending }) => {
    const aliased =
      column.table === undefined && projection.kind === 'columns'
        ? projection.columns.find((projected) => projected.name === column.name)
        : undefined;
    const resolved = resolveColumn(scope, aliased?.column ?? column);
    return { type: resolved.column.type, read: resolved.read, descending };
  });
}

function sortTuples(tuples: Tuple[], keys: readonly CompiledOrderKey[]): Tuple[] {
  return [...tuples].sort((a, b) => {
    for (const { type, read, descending } of keys) {
      const order = compareValues(type, read(a), read(b));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function compileAggregate(
  aggregate: Aggregate,
  scope: Scope,
): { type: AlgebraicType; compute: (tuples: Tuple[]) => AlgebraicValue } {
  switch (aggregate.kind) {
    case 'count':
      return { type: { U64: [] }, compute: (tuples) => BigInt(tuples.length) };
    case 'countDistinct': {
      const { read, column } = resolveColumn(scope, aggregate.column);
      return { type: { U64: [] }, compute: (tuples) => BigInt(distinctValues(column.type, tuples.map(read)).length) };
    }
    case 'sum': {
      const { read, column } = resolveColumn(scope, aggregate.column);
      return aggregateSum(column.type, read);
    }
  }
}
