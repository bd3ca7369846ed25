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
import { echo, SqlError } from './errors.js';
import { forEachJoinedRow } from './join.js';
import { coerceLiteral } from './literals.js';
import { type Conjunct, compileConjuncts } from './predicates.js';
import { duplicateName, resolveColumn, resolveTable, type Scope, type SqlCaller, type Tuple } from './resolve.js';
import { type Accumulator, aggregateSum } from './sum.js';

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
 * the same way on an empty table. Joins run table by table, through an index or a hash table when
 * an equality allows (see join.ts), within a budget of row visits. Order of work: filter,
 * ORDER BY, project, DISTINCT, LIMIT; aggregates are fed row by row, and without ORDER BY or
 * DISTINCT the rows stop coming once LIMIT has enough.
 */
export function runSelect(statement: SelectStatement, view: ReadView, caller: SqlCaller): SelectResult {
  const scope = scopeOf(statement, view, caller);
  const conjunctsBySlot = compileFilters(statement, scope, caller);
  const limit = statement.limit === undefined ? undefined : coerceLiteral(statement.limit, { U64: [] }, 'filter');
  const orderKeys = compileOrder(statement.orderBy, statement.projection, scope);

  if (statement.projection.kind === 'aggregate') {
    const aggregate = compileAggregate(statement.projection.aggregate, scope);
    const schema = { elements: [{ name: { some: statement.projection.alias }, algebraic_type: aggregate.type }] };
    if (limit === 0n) return { schema, rows: [] };
    forEachJoinedRow(view, scope, conjunctsBySlot, (tuple) => {
      aggregate.add(tuple);
      return true;
    });
    return { schema, rows: [[aggregate.result()]] };
  }

  const output = compileProjection(statement.projection, scope);
  const schema = { elements: output.elements };
  if (limit === 0n) return { schema, rows: [] };
  // Without ORDER BY or DISTINCT the first rows found are the answer.
  const stopAt = typeof limit === 'bigint' && orderKeys.length === 0 && !statement.distinct ? limit : undefined;
  const sortable: { keys: AlgebraicValue[]; row: ProductValue }[] = [];
  forEachJoinedRow(view, scope, conjunctsBySlot, (tuple) => {
    sortable.push({ keys: orderKeys.map(({ read }) => read(tuple)), row: output.project(tuple) });
    return stopAt === undefined || BigInt(sortable.length) < stopAt;
  });
  if (orderKeys.length > 0) sortByKeys(sortable, orderKeys);
  let rows = sortable.map(({ row }) => row);
  if (statement.distinct) rows = distinctValues({ Product: { elements: output.elements } }, rows);
  if (typeof limit === 'bigint' && limit < BigInt(rows.length)) rows = rows.slice(0, Number(limit));
  return { schema, rows };
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
      if (table === undefined) throw new SqlError(`\`${echo(projection.table)}\` is not in scope`);
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

/** Sorts in place by the keys read from each row (a stable sort: ties keep the order found). */
function sortByKeys(entries: { keys: AlgebraicValue[] }[], keys: readonly CompiledOrderKey[]): void {
  entries.sort((a, b) => {
    for (let index = 0; index < keys.length; index++) {
      const { type, descending } = keys[index] as CompiledOrderKey;
      const order = compareValues(type, a.keys[index] as AlgebraicValue, b.keys[index] as AlgebraicValue);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function compileAggregate(aggregate: Aggregate, scope: Scope): Accumulator {
  switch (aggregate.kind) {
    case 'count': {
      let count = 0n;
      return {
        type: { U64: [] },
        add: () => {
          count++;
        },
        result: () => count,
      };
    }
    case 'countDistinct': {
      // Only the column's values are kept, not the joined rows.
      const { read, column } = resolveColumn(scope, aggregate.column);
      const values: AlgebraicValue[] = [];
      return {
        type: { U64: [] },
        add: (tuple) => {
          values.push(read(tuple));
        },
        result: () => BigInt(distinctValues(column.type, values).length),
      };
    }
    case 'sum': {
      const { read, column } = resolveColumn(scope, aggregate.column);
      return aggregateSum(column.type, read);
    }
  }
}
