import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { DatastoreError, type MutTx, type ReadView, type Row, type TableSchema } from '../datastore/types.js';
import type { DeleteStatement, InsertStatement, UpdateStatement } from './ast.js';
import { integerTag, integerValue } from './column-types.js';
import { SqlError } from './errors.js';
import { coerceLiteral } from './literals.js';
import { compileConjuncts, testAll } from './predicates.js';
import { duplicateName, findColumn, resolveTable, type SqlCaller } from './resolve.js';
import { candidateRows } from './scan.js';

export interface SqlStats {
  rows_inserted: number;
  rows_deleted: number;
  rows_updated: number;
}

export type DmlStatement = InsertStatement | UpdateStatement | DeleteStatement;

/**
 * Runs INSERT, UPDATE or DELETE. As in SpacetimeDB the statement is type-checked first (so an
 * unknown table reads the same to everyone), then the caller must be the owner. A statement is
 * all or nothing: when a write fails (a unique constraint), what it already did is undone.
 */
export function runDml(statement: DmlStatement, view: ReadView | MutTx, caller: SqlCaller): SqlStats {
  const schema = resolveTable(view, statement.table, caller);
  const execute = plan(statement, schema, view, caller);
  if (!caller.isOwner) throw new SqlError(`Caller ${caller.identity} is not authorized to run SQL DML statements`);
  if (!isMutTx(view)) throw new TypeError('SQL INSERT, UPDATE and DELETE need a MutTx');
  const undo: (() => void)[] = [];
  try {
    return execute(new UndoableWrites(view, schema.id, undo));
  } catch (error) {
    for (const step of undo.reverse()) step();
    if (error instanceof DatastoreError) throw new SqlError(error.message);
    throw error;
  }
}

function isMutTx(view: ReadView | MutTx): view is MutTx {
  return 'insert' in view && typeof view.insert === 'function';
}

/** The writes of one statement, remembering how to take each back. */
class UndoableWrites {
  constructor(
    private readonly tx: MutTx,
    private readonly tableId: number,
    private readonly undo: (() => void)[],
  ) {}

  /** True when the row is new (inserting a row equal to an existing one changes nothing). */
  insert(row: Row): boolean {
    const before = this.tx.rowCount(this.tableId);
    const stored = this.tx.insert(this.tableId, row);
    if (this.tx.rowCount(this.tableId) === before) return false;
    this.undo.push(() => this.tx.delete(this.tableId, stored));
    return true;
  }

  delete(row: Row): boolean {
    if (!this.tx.delete(this.tableId, row)) return false;
    this.undo.push(() => this.tx.insert(this.tableId, row));
    return true;
  }
}

type Execute = (writes: UndoableWrites) => SqlStats;

const NO_CHANGES: SqlStats = { rows_inserted: 0, rows_deleted: 0, rows_updated: 0 };

/** Type-checks the statement and returns the work to do (reads happen here, writes in `execute`). */
function plan(statement: DmlStatement, schema: TableSchema, view: ReadView, caller: SqlCaller): Execute {
  switch (statement.kind) {
    case 'insert': {
      const rows = insertedRows(statement, schema);
      return (writes) => ({ ...NO_CHANGES, rows_inserted: rows.filter((row) => writes.insert(row)).length });
    }
    case 'delete': {
      const matches = matchingRows(statement, schema, view, caller);
      return (writes) => ({ ...NO_CHANGES, rows_deleted: matches.filter((row) => writes.delete(row)).length });
    }
    case 'update': {
      const assignments = new Map<number, AlgebraicValue>();
      for (const { column: name, value } of statement.assignments) {
        const column = findColumn(schema, name);
        if (assignments.has(column.position)) throw duplicateName(name);
        assignments.set(column.position, coerceLiteral(value, column.type, 'dml'));
      }
      const matches = matchingRows(statement, schema, view, caller);
      // Every matching row goes before any new one comes in, so that rows may swap unique values.
      return (writes) => {
        for (const row of matches) writes.delete(row);
        for (const row of matches) writes.insert(row.map((value, position) => assignments.get(position) ?? value));
        return { ...NO_CHANGES, rows_updated: matches.length };
      };
    }
  }
}

function matchingRows(
  statement: UpdateStatement | DeleteStatement,
  schema: TableSchema,
  view: ReadView,
  caller: SqlCaller,
): Row[] {
  const scope = { tables: [{ alias: schema.name, schema }] };
  const conjuncts = compileConjuncts(statement.where, scope, caller);
  return [...candidateRows(view, schema, 0, conjuncts, [])].filter((row) => testAll(conjuncts, [row]));
}

/**
 * The rows of an INSERT, in column order. Without a column list every column is given in order;
 * with one, a column left out must have a sequence and gets 0, which the datastore replaces with
 * the sequence's next value.
 */
function insertedRows(statement: InsertStatement, schema: TableSchema): Row[] {
  const positions: number[] = [];
  for (const { name } of statement.columns ?? schema.columns) {
    const { position } = findColumn(schema, name);
    if (positions.includes(position)) throw duplicateName(name);
    positions.push(position);
  }
  const generated = schema.sequences.filter(({ column }) => !positions.includes(column)).map(({ column }) => column);
  if (positions.length + generated.length !== schema.columns.length) {
    throw new SqlError(
      `The number of fields (${positions.length}) in the INSERT does not match the number of columns (${schema.columns.length}) of the table \`${schema.name}\``,
    );
  }
  return statement.rows.map((literals) => {
    if (literals.length !== positions.length) {
      throw new SqlError(
        `Inserting a row with ${literals.length} values into \`${schema.name}\` which has ${positions.length} fields`,
      );
    }
    const row: AlgebraicValue[] = new Array(schema.columns.length);
    for (const position of generated) {
      const tag = integerTag(schema.columns[position]?.type ?? { U8: [] });
      row[position] = tag === undefined ? 0 : integerValue(tag, 0n);
    }
    literals.forEach((literal, index) => {
      const position = positions[index] as number;
      row[position] = coerceLiteral(literal, (schema.columns[position] as TableSchema['columns'][number]).type, 'dml');
    });
    return row;
  });
}
