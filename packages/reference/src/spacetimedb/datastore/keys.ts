import {
  type AlgebraicType,
  type AlgebraicValue,
  compareValues,
  decodeProduct,
  encodeProduct,
  encodeValue,
} from '@dbwire/spacetimedb-sats';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Row, TableSchema } from './types.js';

/**
 * How rows and key columns become map keys in memory: the hex of their BSATN. BSATN is canonical
 * (one encoding per value) and self-delimiting, so equal values give equal keys and the
 * concatenation of several columns' encodings cannot collide. In storage a row is keyed by a
 * digest of its BSATN instead (`rowStorageKey`), since storage keys must stay short.
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

/**
 * The storage key suffix of the row whose in-memory key is `rowKey`: SHA-256 (hex) of its BSATN.
 * Fixed-size, because SQL engines index keys and Postgres refuses btree entries over ~2.7 KB, so
 * the hex of a large row cannot be a key. Two distinct rows sharing a digest would need a SHA-256
 * collision, which is not a practical concern; equal rows share one (a table is a set of rows).
 */
export function rowStorageKey(rowKey: string): string {
  return bytesToHex(sha256(hexToBytes(rowKey)));
}

/** The BSATN of the row whose in-memory key is `rowKey` (the key is its hex). */
export function rowBytesOfKey(rowKey: string): Uint8Array {
  return hexToBytes(rowKey);
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
