import {
  type AlgebraicType,
  type AlgebraicValue,
  compareValues,
  decodeProduct,
  encodeProduct,
  encodeValue,
} from '@dbwire/spacetimedb-sats';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Row, TableSchema } from './types.js';

/**
 * How rows and key columns become map keys: the hex of their BSATN. BSATN is canonical (one
 * encoding per value) and self-delimiting, so equal values give equal keys and the concatenation
 * of several columns' encodings cannot collide. The row key is also the row's storage key suffix.
 */

export function rowBytes(table: TableSchema, row: Row): Uint8Array {
  return encodeProduct(table.rowType, row);
}

export function rowFromBytes(table: TableSchema, bytes: Uint8Array): Row {
  return decodeProduct(table.rowType, bytes);
}

export function rowKey(table: TableSchema, row: Row): string {
  return bytesToHex(rowBytes(table, row));
}

/** The key of `values`, one per column of `columns` (a projection of a row, or an index key). */
export function columnsKey(table: TableSchema, columns: readonly number[], values: readonly AlgebraicValue[]): string {
  let key = '';
  for (const [i, column] of columns.entries()) {
    key += bytesToHex(encodeValue(columnType(table, column), values[i] as AlgebraicValue));
  }
  return key;
}

/** The key of a row's values in `columns`. */
export function projectionKey(table: TableSchema, columns: readonly number[], row: Row): string {
  return columnsKey(
    table,
    columns,
    columns.map((column) => row[column] as AlgebraicValue),
  );
}

export function columnType(table: TableSchema, column: number): AlgebraicType {
  const found = table.columns[column];
  if (found === undefined) throw new RangeError(`table ${table.name} has no column ${column}`);
  return found.type;
}

/** SpacetimeDB's order of two values of one column (the order of its btree indexes). */
export function compareColumn(type: AlgebraicType, a: AlgebraicValue, b: AlgebraicValue): number {
  return compareValues(type, a, b);
}
