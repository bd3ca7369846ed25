import { type AlgebraicValue, identityFromHex } from '@dbwire/spacetimedb-sats';
import type { ColumnSchema, ReadView, Row, TableSchema } from '../datastore/types.js';
import type { ColumnRef, TableRef } from './ast.js';
import { echo, SqlError } from './errors.js';

/** Who runs the statement: the database's owner sees and changes everything. */
export interface SqlCaller {
  readonly isOwner: boolean;
  /** The caller's identity, 64 hex digits (named in errors, and the value of `:sender`). */
  readonly identity: string;
}

/**
 * The tables a statement reads, in FROM/JOIN order; a joined row (`Tuple`) holds one row per
 * table, at the same position ("slot").
 */
export interface Scope {
  readonly tables: readonly { readonly alias: string; readonly schema: TableSchema }[];
}

export type Tuple = readonly Row[];

export interface ResolvedColumn {
  readonly slot: number;
  readonly column: ColumnSchema;
  readonly read: (tuple: Tuple) => AlgebraicValue;
}

/**
 * SpacetimeDB's wording: a private table is "no such table" to anyone but the owner, so that its
 * existence does not leak. dbwire does not evaluate row-level-security filters, so a table with
 * one is refused to others in the same way (never shown unfiltered).
 */
function noSuchTable(name: string): SqlError {
  return new SqlError(`no such table: \`${echo(name)}\`. If the table exists, it may be marked private.`);
}

export function resolveTable(view: ReadView, ref: TableRef, caller: SqlCaller): TableSchema {
  const schema = view.table(ref.table);
  if (schema === undefined || schema.name !== ref.table) throw noSuchTable(ref.table);
  if (!caller.isOwner && (!schema.isPublic || schema.hasRowLevelSecurity)) throw noSuchTable(ref.table);
  return schema;
}

export function duplicateName(name: string): SqlError {
  return new SqlError(`Duplicate name \`${echo(name)}\``);
}

function noSuchField(table: TableSchema, name: string): SqlError {
  return new SqlError(`\`${table.name}\` does not have a field \`${echo(name)}\``);
}

export function findColumn(table: TableSchema, name: string): ColumnSchema {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw noSuchField(table, name);
  return column;
}

/**
 * A column reference in a scope: `alias.name`, or `name` when the scope has one table (the parser
 * has already refused unqualified names in joins).
 */
export function resolveColumn(scope: Scope, ref: ColumnRef): ResolvedColumn {
  const slot =
    ref.table === undefined
      ? scope.tables.length === 1
        ? 0
        : -1
      : scope.tables.findIndex((t) => t.alias === ref.table);
  const table = scope.tables[slot];
  if (table === undefined) throw new SqlError(`\`${echo(ref.table ?? ref.name)}\` is not in scope`);
  const column = findColumn(table.schema, ref.name);
  const position = column.position;
  return { slot, column, read: (tuple) => (tuple[slot] as Row)[position] as AlgebraicValue };
}

/** The caller's identity as a value of the Identity type (`:sender`). */
export function identityValue(hex: string): AlgebraicValue {
  return [identityFromHex(hex)];
}
