import {
  type AlgebraicType,
  memberName,
  type ProductType,
  type RawIndexAlgorithm,
  type RawModuleDefV9,
  type RawRowLevelSecurityDefV9,
  type RawTableDefV9,
  resolveType,
  SatsTypeError,
  type Typespace,
  typeLabel,
} from '@dbwire/spacetimedb-sats';
import type { ColumnSchema, IndexSchema, SequenceSchema, TableSchema } from './types.js';

/** SpacetimeDB numbers user tables, and indexes, from here on (lower ids are its system tables). */
export const FIRST_USER_ID = 4096;

/** A sequence's defaults when the definition leaves them out, as SpacetimeDB's `SequenceSchema` fills them in. */
const SEQUENCE_DEFAULT_START = 1n;
const SEQUENCE_DEFAULT_MIN = 1n;
const I128_MAX = (1n << 127n) - 1n;

/** The range of each integer column type: a sequence never hands out a value its column cannot hold. */
const INTEGER_RANGES: Record<string, { min: bigint; max: bigint }> = {
  I8: signed(8),
  U8: unsigned(8),
  I16: signed(16),
  U16: unsigned(16),
  I32: signed(32),
  U32: unsigned(32),
  I64: signed(64),
  U64: unsigned(64),
  I128: signed(128),
  U128: unsigned(128),
  I256: signed(256),
  U256: unsigned(256),
};

function signed(bits: bigint | number): { min: bigint; max: bigint } {
  const half = 1n << (BigInt(bits) - 1n);
  return { min: -half, max: half - 1n };
}

function unsigned(bits: bigint | number): { min: bigint; max: bigint } {
  return { min: 0n, max: (1n << BigInt(bits)) - 1n };
}

/** The value range of an integer type, `undefined` for any other type. */
export function integerRange(type: AlgebraicType): { min: bigint; max: bigint } | undefined {
  for (const tag in type) return INTEGER_RANGES[tag];
  return undefined;
}

/**
 * Resolves a module definition's tables. Ids follow SpacetimeDB's numbering of a fresh database:
 * tables 4096, 4097, ... in definition order, and indexes likewise across the whole module.
 */
export function tableSchemas(def: RawModuleDefV9): TableSchema[] {
  let nextIndexId = FIRST_USER_ID;
  return def.tables.map((table, position) => {
    const schema = tableSchema(def, table, FIRST_USER_ID + position, nextIndexId);
    nextIndexId += schema.indexes.length;
    return schema;
  });
}

function tableSchema(def: RawModuleDefV9, table: RawTableDefV9, id: number, firstIndexId: number): TableSchema {
  const rowType = resolveRowType(def.typespace, table);
  const columns: ColumnSchema[] = rowType.elements.map((element, position) => ({
    position,
    // Unnamed columns get the name SpacetimeDB uses when it generates index and sequence names.
    name: memberName(element) ?? `col_${position}`,
    type: element.algebraic_type,
  }));
  const primaryKey = [...table.primary_key];
  const uniqueColumns: number[][] = table.constraints.map((constraint) => [...constraint.data.Unique.columns]);
  if (primaryKey.length > 0 && !uniqueColumns.some((columns) => sameColumnSet(columns, primaryKey))) {
    uniqueColumns.push(primaryKey);
  }
  const indexes: IndexSchema[] = table.indexes.map((index, offset) => {
    const indexColumns = algorithmColumns(index.algorithm);
    return {
      id: firstIndexId + offset,
      tableId: id,
      name: 'some' in index.name ? index.name.some : generatedIndexName(table.name, columns, index.algorithm),
      columns: indexColumns,
      unique: uniqueColumns.some((unique) => sameColumnSet(unique, indexColumns)),
      algorithm: algorithmLabel(index.algorithm),
    };
  });
  const sequences = table.sequences.map((sequence): SequenceSchema => {
    const column = columns[sequence.column];
    const range = column === undefined ? undefined : integerRange(column.type);
    if (column === undefined || range === undefined) {
      throw new SatsTypeError(
        `table ${table.name}: sequence on column ${sequence.column}, which is not an integer column`,
      );
    }
    const max = 'some' in sequence.max_value ? sequence.max_value.some : I128_MAX;
    const min = 'some' in sequence.min_value ? sequence.min_value.some : SEQUENCE_DEFAULT_MIN;
    return {
      column: sequence.column,
      start: 'some' in sequence.start ? sequence.start.some : SEQUENCE_DEFAULT_START,
      // Never beyond what the column holds: that is where AUTO_INC_OVERFLOW starts.
      min: min > range.min ? min : range.min,
      max: max < range.max ? max : range.max,
      increment: sequence.increment,
    };
  });
  return {
    id,
    name: table.name,
    columns,
    rowType,
    primaryKey,
    indexes,
    uniqueColumns,
    sequences,
    isPublic: 'Public' in table.table_access,
    hasRowLevelSecurity: def.row_level_security.some((filter) => rlsTable(filter) === table.name),
  };
}

/** The row's product type with every `Ref` inside replaced by its target, so a row needs no typespace to be read. */
function resolveRowType(typespace: Typespace, table: RawTableDefV9): ProductType {
  const rowType = resolveType({ Ref: table.product_type_ref }, typespace);
  if (!('Product' in rowType)) {
    throw new SatsTypeError(`table ${table.name}: its row type is ${typeLabel(rowType)}, not a product`);
  }
  const inlined = inlineRefs(rowType, typespace, []);
  return (inlined as { Product: ProductType }).Product;
}

/** Replaces `Ref`s throughout a type; a recursive type cannot be inlined and is refused. */
function inlineRefs(type: AlgebraicType, typespace: Typespace, visiting: number[]): AlgebraicType {
  if ('Ref' in type) {
    if (visiting.includes(type.Ref)) throw new SatsTypeError(`recursive type Ref(${type.Ref}) in a table column`);
    return inlineRefs(resolveType({ Ref: type.Ref }, typespace), typespace, [...visiting, type.Ref]);
  }
  if ('Array' in type) return { Array: inlineRefs(type.Array, typespace, visiting) };
  if ('Product' in type) {
    return {
      Product: {
        elements: type.Product.elements.map((element) => ({
          name: element.name,
          algebraic_type: inlineRefs(element.algebraic_type, typespace, visiting),
        })),
      },
    };
  }
  if ('Sum' in type) {
    return {
      Sum: {
        variants: type.Sum.variants.map((variant) => ({
          name: variant.name,
          algebraic_type: inlineRefs(variant.algebraic_type, typespace, visiting),
        })),
      },
    };
  }
  return type;
}

function algorithmColumns(algorithm: RawIndexAlgorithm): number[] {
  if ('BTree' in algorithm) return [...algorithm.BTree.columns];
  if ('Hash' in algorithm) return [...algorithm.Hash.columns];
  return [algorithm.Direct.column];
}

function algorithmLabel(algorithm: RawIndexAlgorithm): IndexSchema['algorithm'] {
  if ('BTree' in algorithm) return 'btree';
  if ('Hash' in algorithm) return 'hash';
  return 'direct';
}

/**
 * SpacetimeDB's name for an index the module did not name (`generate_index_name` in
 * crates/schema/src/def/validate/v9.rs): `<table>_<column>_<column>..._idx_<btree|hash|direct>`,
 * the columns in the index's order, an unnamed column as `col_<position>`.
 */
export function generatedIndexName(
  tableName: string,
  columns: readonly ColumnSchema[],
  algorithm: RawIndexAlgorithm,
): string {
  const names = algorithmColumns(algorithm).map((position) => columns[position]?.name ?? `col_${position}`);
  return `${tableName}_${names.join('_')}_idx_${algorithmLabel(algorithm)}`;
}

function sameColumnSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column));
}

const IDENTIFIER = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)';
const SELECT_FROM = new RegExp(
  String.raw`^\s*select\s+(.+?)\s+from\s+(${IDENTIFIER})(?:\s+(?:as\s+)?(${IDENTIFIER}))?`,
  'is',
);
const JOIN = new RegExp(String.raw`\bjoin\s+(${IDENTIFIER})(?:\s+(?:as\s+)?(${IDENTIFIER}))?`, 'gi');

/**
 * The table a row-level-security filter applies to: the one its `SELECT` returns rows of
 * (`SELECT * FROM t ...`, or `SELECT a.* FROM t AS a JOIN u AS b ...`). `undefined` when the
 * filter does not have that shape.
 */
export function rlsTable(filter: RawRowLevelSecurityDefV9): string | undefined {
  const match = SELECT_FROM.exec(filter.sql);
  if (match === null) return undefined;
  const [, projection = '', fromTable = '', fromAlias] = match;
  const projected = projection.trim();
  if (projected === '*') return unquote(fromTable);
  const qualifier = /^(.+)\.\*$/s.exec(projected)?.[1]?.trim();
  if (qualifier === undefined) return unquote(fromTable);
  const sources: Array<[table: string, alias: string | undefined]> = [[fromTable, fromAlias]];
  for (const join of filter.sql.matchAll(JOIN)) sources.push([join[1] ?? '', join[2]]);
  const wanted = unquote(qualifier);
  for (const [table, alias] of sources) {
    if ((alias !== undefined && unquote(alias) === wanted) || unquote(table) === wanted) return unquote(table);
  }
  return undefined;
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}

/**
 * Whether a republish may keep the data: every existing table must keep its name, its columns
 * (names and types, in order), its primary key and its unique constraints; new tables may be
 * added. Returns why not, or `undefined` when compatible.
 */
export function checkCompatible(old: readonly TableSchema[], next: readonly TableSchema[]): string | undefined {
  for (const previous of old) {
    const table = next.find((candidate) => candidate.name === previous.name);
    if (table === undefined) return `table ${previous.name} was removed`;
    if (table.columns.length !== previous.columns.length) {
      return `table ${previous.name}: its columns changed from ${columnList(previous)} to ${columnList(table)}`;
    }
    for (const [position, column] of previous.columns.entries()) {
      const now = table.columns[position] as ColumnSchema;
      if (now.name !== column.name || JSON.stringify(now.type) !== JSON.stringify(column.type)) {
        return `table ${previous.name}: its columns changed from ${columnList(previous)} to ${columnList(table)}`;
      }
    }
    if (!sameColumnList(previous.primaryKey, table.primaryKey)) {
      return `table ${previous.name}: its primary key changed`;
    }
    const uniqueSets = (schema: TableSchema) => schema.uniqueColumns.map((columns) => [...columns].sort().join(','));
    const before = new Set(uniqueSets(previous));
    const after = new Set(uniqueSets(table));
    if (before.size !== after.size || [...before].some((columns) => !after.has(columns))) {
      return `table ${previous.name}: its unique constraints changed`;
    }
  }
  return undefined;
}

function sameColumnList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((column, index) => b[index] === column);
}

function columnList(table: TableSchema): string {
  return `(${table.columns.map((column) => `${column.name}: ${typeLabel(column.type)}`).join(', ')})`;
}
