import {
  type AlgebraicType,
  memberName,
  type ProductType,
  type ProductTypeElement,
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
 * How large the tables' row types may grow once their `Ref`s are inlined, counted in type nodes
 * summed over every table. Inlining shares one object per `Ref`, but a type that uses a `Ref`
 * twice still describes the target twice, so `T(i) = (a: T(i-1), b: T(i-1))` doubles with each
 * level: whatever walks the type as a tree (schema fingerprints, compatibility checks, SQL result
 * schemas) would take exponential time. Real modules stay orders of magnitude below this.
 */
export const MAX_INLINED_TYPE_NODES = 100_000;

/**
 * How deep a row type may nest once inlined (the row's product is level 1). Types are walked
 * recursively here, by the codecs and by the comparisons; far deeper than any real type, and far
 * shallower than where those walks would exhaust the stack.
 */
export const MAX_TYPE_DEPTH = 256;

/**
 * Resolves a module definition's tables. Ids follow SpacetimeDB's numbering of a fresh database:
 * tables 4096, 4097, ... in definition order, and indexes likewise across the whole module.
 * Throws `SatsTypeError` for a row type that is not a product, is recursive, nests deeper than
 * `MAX_TYPE_DEPTH` or makes the tables' types larger than `MAX_INLINED_TYPE_NODES`.
 */
export function tableSchemas(def: RawModuleDefV9): TableSchema[] {
  const inliner = new RefInliner(def.typespace, MAX_INLINED_TYPE_NODES, MAX_TYPE_DEPTH);
  let nextIndexId = FIRST_USER_ID;
  return def.tables.map((table, position) => {
    const schema = tableSchema(def, inliner, table, FIRST_USER_ID + position, nextIndexId);
    nextIndexId += schema.indexes.length;
    return schema;
  });
}

function tableSchema(
  def: RawModuleDefV9,
  inliner: RefInliner,
  table: RawTableDefV9,
  id: number,
  firstIndexId: number,
): TableSchema {
  const rowType = resolveRowType(def.typespace, inliner, table);
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
function resolveRowType(typespace: Typespace, inliner: RefInliner, table: RawTableDefV9): ProductType {
  const rowType = resolveType({ Ref: table.product_type_ref }, typespace);
  if (!('Product' in rowType)) {
    throw new SatsTypeError(`table ${table.name}: its row type is ${typeLabel(rowType)}, not a product`);
  }
  const inlined = inliner.inline(rowType, `table ${table.name}`);
  return (inlined as { Product: ProductType }).Product;
}

/**
 * Replaces `Ref`s throughout types. Each `Ref` is resolved once and its result shared by every
 * use (types are read-only once made), so the work is linear in the typespace; a recursive type
 * cannot be inlined and is refused. Counts the nodes of the types it returns, as trees (shared
 * parts as often as they are used), against a budget shared by every type it inlines, and
 * refuses types nesting deeper than `maxDepth` before the walk gets any deeper.
 */
class RefInliner {
  private readonly resolved = new Map<number, Inlined>();
  private readonly visiting = new Set<number>();
  private used = 0;

  constructor(
    private readonly typespace: Typespace,
    private readonly budget: number,
    private readonly maxDepth: number,
  ) {}

  /** `type` without `Ref`s; `where` names its owner in errors. */
  inline(type: AlgebraicType, where: string): AlgebraicType {
    const { inlined, nodes } = this.walk(type, where, 1);
    this.used += nodes;
    if (this.used > this.budget) throw this.tooLarge(where);
    return inlined;
  }

  /** `type` inlined, `depth` being its level in the row type. */
  private walk(type: AlgebraicType, where: string, depth: number): Inlined {
    if ('Ref' in type) return this.resolveRef(type.Ref, where, depth);
    if (depth > this.maxDepth) throw this.tooDeep(where);
    if ('Array' in type) {
      const element = this.walk(type.Array, where, depth + 1);
      return this.counted({ Array: element.inlined }, 1 + element.nodes, 1 + element.height, where);
    }
    if ('Product' in type) {
      const { members, nodes, height } = this.walkMembers(type.Product.elements, where, depth);
      return this.counted({ Product: { elements: members } }, nodes, height, where);
    }
    if ('Sum' in type) {
      const { members, nodes, height } = this.walkMembers(type.Sum.variants, where, depth);
      return this.counted({ Sum: { variants: members } }, nodes, height, where);
    }
    return { inlined: type, nodes: 1, height: 1 };
  }

  /**
   * A product's fields or a sum's variants (a `SumTypeVariant` has the shape of a `ProductTypeElement`)
   * inlined, with the nodes and height of the type they make.
   */
  private walkMembers(members: readonly ProductTypeElement[], where: string, depth: number) {
    let nodes = 1;
    let height = 1;
    const inlined = members.map((member): ProductTypeElement => {
      const inner = this.walk(member.algebraic_type, where, depth + 1);
      nodes += inner.nodes;
      height = Math.max(height, 1 + inner.height);
      return { name: member.name, algebraic_type: inner.inlined };
    });
    return { members: inlined, nodes, height };
  }

  private resolveRef(ref: number, where: string, depth: number): Inlined {
    const known = this.resolved.get(ref);
    if (known !== undefined) {
      // Resolved at another level before: it must fit below this one too.
      if (depth - 1 + known.height > this.maxDepth) throw this.tooDeep(where);
      return known;
    }
    if (this.visiting.has(ref)) throw new SatsTypeError(`recursive type Ref(${ref}) in a table column`);
    this.visiting.add(ref);
    try {
      const result = this.walk(resolveType({ Ref: ref }, this.typespace), where, depth);
      this.resolved.set(ref, result);
      return result;
    } finally {
      this.visiting.delete(ref);
    }
  }

  /** Stops as soon as one type alone is over the budget, before anything bigger is built on it. */
  private counted(inlined: AlgebraicType, nodes: number, height: number, where: string): Inlined {
    if (this.used + nodes > this.budget) throw this.tooLarge(where);
    return { inlined, nodes, height };
  }

  private tooLarge(where: string): SatsTypeError {
    return new SatsTypeError(
      `${where}: the tables' column types are too large once their type references are inlined ` +
        `(more than ${this.budget} type nodes; a type that uses another type twice holds it twice)`,
    );
  }

  private tooDeep(where: string): SatsTypeError {
    return new SatsTypeError(`${where}: its row type nests more than ${this.maxDepth} levels deep`);
  }
}

interface Inlined {
  readonly inlined: AlgebraicType;
  /** Size of `inlined` as a tree: each shared part counted every time it is used. */
  readonly nodes: number;
  /** Levels of `inlined`: 1 for a type without elements. */
  readonly height: number;
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
