import { stringifyJson } from '@dbwire/json';
import type { RawModuleDefV9 } from './generated/types.gen.js';
import { decodeNestedJson, type WireDatabaseUpdate } from './live-wire.js';
import { columnNames } from './sql.js';

/** A row keyed by column name (the table's, from the module's schema). Integers beyond 2^53 are `bigint`s. */
export type LiveRow = Record<string, unknown>;

/** What the client knows of a table from the schema: its column names and primary key columns. */
export interface LiveTableSchema {
  name: string;
  columns: string[];
  /** Column positions; empty when the table has no primary key. */
  primaryKey: number[];
}

/** The tables of a module, by name. */
export function liveTableSchemas(def: RawModuleDefV9): Map<string, LiveTableSchema> {
  const tables = new Map<string, LiveTableSchema>();
  for (const table of def.tables) {
    const type = def.typespace.types[table.product_type_ref];
    const columns = type && 'Product' in type ? columnNames(type.Product) : [];
    tables.set(table.name, { name: table.name, columns, primaryKey: table.primary_key });
  }
  return tables;
}

/** One row as the server sent it: its values in column order, and keyed by column name. */
export interface DecodedRow {
  raw: unknown[];
  row: LiveRow;
}

/**
 * Reads a row's JSON text. Rows are untyped SATS-JSON (an array of column values); an object (a
 * server writing typed rows) is taken as already keyed.
 */
export function decodeRow(text: string, columns: readonly string[]): DecodedRow {
  const value = decodeNestedJson(text);
  if (Array.isArray(value)) return { raw: value, row: keyRow(value, columns) };
  if (typeof value === 'object' && value !== null) {
    const row = value as LiveRow;
    return { raw: columns.map((column) => row[column]), row };
  }
  return { raw: [value], row: keyRow([value], columns) };
}

/** Values keyed by column name; a value beyond the known columns by its position (`"3"`). */
function keyRow(values: readonly unknown[], columns: readonly string[]): LiveRow {
  return Object.fromEntries(values.map((value, index) => [columns[index] ?? String(index), value]));
}

/** How one table of the cache changed: rows that entered, left, or were replaced (same primary key). */
export interface CacheChanges {
  table: string;
  inserts: DecodedRow[];
  deletes: DecodedRow[];
  updates: { oldRow: DecodedRow; newRow: DecodedRow }[];
}

interface CachedRow extends DecodedRow {
  /** How many times the server sent the row (once per subscribed query that matches it). */
  count: number;
}

/**
 * The rows of every active subscription of one connection, per table. A row is kept by its JSON
 * text, counted: two overlapping queries each send it, and it leaves only when both dropped it.
 * (`v1` updates do not say which subscription a row belongs to, so there is one cache per
 * connection, as in the official clients.)
 */
export class RowCache {
  readonly #tables = new Map<string, Map<string, CachedRow>>();

  constructor(private readonly schemas: ReadonlyMap<string, LiveTableSchema>) {}

  /** The columns of `table` (empty for a table the schema does not know). */
  columns(table: string): string[] {
    return this.schemas.get(table)?.columns ?? [];
  }

  rows(table: string): DecodedRow[] {
    return [...(this.#tables.get(table)?.values() ?? [])];
  }

  /**
   * Applies an update and answers what changed in the cache: rows whose count went from 0 to 1
   * (inserts) or 1 to 0 (deletes). With `pairByPrimaryKey`, a row deleted and one inserted with the
   * same primary key in one update (a reducer's `update`) are one `update`. `decode` reads a row's
   * text (a caller that decoded the update already passes its rows, so each is read once).
   */
  apply(
    update: WireDatabaseUpdate,
    pairByPrimaryKey: boolean,
    decode: (table: string, text: string) => DecodedRow = (table, text) => decodeRow(text, this.columns(table)),
  ): CacheChanges[] {
    const changes: CacheChanges[] = [];
    for (const tableUpdate of update.tables) {
      const table = tableUpdate.table_name;
      let rows = this.#tables.get(table);
      if (!rows) {
        rows = new Map();
        this.#tables.set(table, rows);
      }
      const deletes: DecodedRow[] = [];
      const inserts: DecodedRow[] = [];
      for (const queryUpdate of tableUpdate.updates) {
        for (const text of queryUpdate.deletes) {
          const cached = rows.get(text);
          if (!cached) continue; // A row the cache never had: nothing to take back.
          if (--cached.count === 0) {
            rows.delete(text);
            deletes.push(cached);
          }
        }
        for (const text of queryUpdate.inserts) {
          const cached = rows.get(text);
          if (cached) cached.count++;
          else {
            const row = { ...decode(table, text), count: 1 };
            rows.set(text, row);
            inserts.push(row);
          }
        }
      }
      if (rows.size === 0) this.#tables.delete(table);
      const primaryKey = pairByPrimaryKey ? (this.schemas.get(table)?.primaryKey ?? []) : [];
      const tableChanges = pairUpdates(table, deletes, inserts, primaryKey);
      if (tableChanges.inserts.length + tableChanges.deletes.length + tableChanges.updates.length > 0) {
        changes.push(tableChanges);
      }
    }
    return changes;
  }

  /** Empties the cache; answers every row it held, as deletes. */
  clear(): CacheChanges[] {
    const changes = [...this.#tables].map(([table, rows]): CacheChanges => {
      return { table, inserts: [], deletes: [...rows.values()], updates: [] };
    });
    this.#tables.clear();
    return changes;
  }
}

function pairUpdates(
  table: string,
  deletes: DecodedRow[],
  inserts: DecodedRow[],
  primaryKey: readonly number[],
): CacheChanges {
  if (primaryKey.length === 0 || deletes.length === 0 || inserts.length === 0) {
    return { table, inserts, deletes, updates: [] };
  }
  const keyOf = (row: DecodedRow) => stringifyJson(primaryKey.map((column) => row.raw[column]));
  const deletedByKey = new Map(deletes.map((row) => [keyOf(row), row]));
  const updates: CacheChanges['updates'] = [];
  const insertsLeft: DecodedRow[] = [];
  for (const newRow of inserts) {
    const key = keyOf(newRow);
    const oldRow = deletedByKey.get(key);
    if (oldRow) {
      deletedByKey.delete(key);
      updates.push({ oldRow, newRow });
    } else insertsLeft.push(newRow);
  }
  return { table, inserts: insertsLeft, deletes: [...deletedByKey.values()], updates };
}
