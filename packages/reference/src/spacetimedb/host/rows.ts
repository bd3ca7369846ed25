import {
  type AlgebraicType,
  type AlgebraicValue,
  BsatnError,
  BsatnReader,
  BsatnWriter,
  encodeProduct,
  readProduct,
  readValue,
  SatsTypeError,
  type Typespace,
  writeValue,
} from '@dbwire/spacetimedb-sats';
import type { Bound, IndexSchema, Row, TableSchema } from '../datastore/types.js';
import { Errno, HostCallError } from './errno.js';

/**
 * BSATN in and out of the datastore host calls, typed by the table's columns. Bytes the guest
 * sends that do not decode answer BSATN_DECODE_ERROR; trailing bytes are ignored, as the real
 * host's `AlgebraicValue::decode` ignores them.
 */

function decoding<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof BsatnError || error instanceof SatsTypeError) {
      throw new HostCallError(Errno.BSATN_DECODE_ERROR, `cannot decode ${what}: ${error.message}`);
    }
    throw error;
  }
}

export function decodeRow(table: TableSchema, bytes: Uint8Array, typespace: Typespace): Row {
  return decoding(`a row of ${table.name}`, () => readProduct(new BsatnReader(bytes), table.rowType, typespace));
}

/** A BSATN `Vec<ProductValue>` of the table's rows (`datastore_delete_all_by_eq_bsatn`'s relation). */
export function decodeRows(table: TableSchema, bytes: Uint8Array, typespace: Typespace): Row[] {
  return decoding(`rows of ${table.name}`, () => {
    const reader = new BsatnReader(bytes);
    const count = reader.readArrayLength();
    const rows: Row[] = [];
    for (let i = 0; i < count; i++) rows.push(readProduct(reader, table.rowType, typespace));
    return rows;
  });
}

export function encodeRow(table: TableSchema, row: Row, typespace: Typespace): Uint8Array {
  return encodeProduct(table.rowType, row, typespace);
}

/** The BSATN of the listed columns of `row`, back to back (the sequence values written back after an insert). */
export function encodeColumns(
  table: TableSchema,
  row: Row,
  columns: readonly number[],
  typespace: Typespace,
): Uint8Array {
  const writer = new BsatnWriter();
  for (const column of columns) writeValue(writer, columnType(table, column), row[column] as AlgebraicValue, typespace);
  return writer.finish();
}

function columnType(table: TableSchema, column: number): AlgebraicType {
  const schema = table.columns[column];
  if (schema === undefined) throw new Error(`table ${table.name} has no column ${column}`);
  return schema.type;
}

function indexColumnTypes(table: TableSchema, index: IndexSchema): AlgebraicType[] {
  return index.columns.map((column) => columnType(table, column));
}

/**
 * A point of an index: one value of the column's type for a single-column index, else the
 * product of the columns' values (whose BSATN is the values back to back).
 */
export function decodePoint(
  table: TableSchema,
  index: IndexSchema,
  bytes: Uint8Array,
  typespace: Typespace,
): AlgebraicValue[] {
  return decoding(`a point of index ${index.name}`, () => {
    const reader = new BsatnReader(bytes);
    return indexColumnTypes(table, index).map((type) => readValue(reader, type, typespace));
  });
}

/** The arguments of a range scan, decoded by the index's column types. */
export interface RangeQuery {
  readonly prefix: AlgebraicValue[];
  readonly start: Bound;
  readonly end: Bound;
}

/**
 * `prefix` holds `prefixElems` values of the index's leading columns; `start` and `end` are BSATN
 * `Bound<AlgebraicValue>` (tag 0 included, 1 excluded, 2 unbounded) of the next column.
 */
export function decodeRange(
  table: TableSchema,
  index: IndexSchema,
  prefix: Uint8Array,
  prefixElems: number,
  start: Uint8Array,
  end: Uint8Array,
  typespace: Typespace,
): RangeQuery {
  const types = indexColumnTypes(table, index);
  return decoding(`a range of index ${index.name}`, () => {
    const boundType = types[prefixElems];
    if (boundType === undefined) {
      throw new BsatnError(`the index has ${types.length} columns, so a prefix of ${prefixElems} leaves none to bound`);
    }
    const reader = new BsatnReader(prefix);
    const values = types.slice(0, prefixElems).map((type) => readValue(reader, type, typespace));
    return {
      prefix: values,
      start: decodeBound(start, boundType, typespace),
      end: decodeBound(end, boundType, typespace),
    };
  });
}

function decodeBound(bytes: Uint8Array, type: AlgebraicType, typespace: Typespace): Bound {
  const reader = new BsatnReader(bytes);
  const tag = reader.readU8();
  switch (tag) {
    case 0:
      return { kind: 'included', value: readValue(reader, type, typespace) };
    case 1:
      return { kind: 'excluded', value: readValue(reader, type, typespace) };
    case 2:
      return { kind: 'unbounded' };
    default:
      throw new BsatnError(`invalid Bound tag ${tag}`);
  }
}
