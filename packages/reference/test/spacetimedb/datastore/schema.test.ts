import { type AlgebraicType, type RawModuleDefV9, SatsTypeError } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import {
  type ColumnSchema,
  checkCompatible,
  generatedIndexName,
  MAX_INLINED_TYPE_NODES,
  MAX_TYPE_DEPTH,
  rlsTable,
  tableSchemas,
} from '../../../src/spacetimedb/datastore/index.js';
import { sampleModule } from './fixture.js';

describe('tableSchemas', () => {
  const [person, note] = tableSchemas(sampleModule());
  if (person === undefined || note === undefined) throw new Error('two tables expected');

  it('numbers tables and indexes from 4096 in definition order, indexes across the module', () => {
    expect([person.id, note.id]).toEqual([4096, 4097]);
    expect(person.indexes.map((index) => index.id)).toEqual([4096, 4097, 4098]);
    expect(note.indexes.map((index) => [index.id, index.tableId])).toEqual([[4099, 4097]]);
  });

  it("keeps given index names and generates SpacetimeDB's for the others", () => {
    expect(person.indexes.map((index) => index.name)).toEqual([
      'person_id_idx_btree',
      'person_name_idx_btree',
      'person_age_name_idx_btree',
    ]);
    expect(note.indexes[0]?.name).toBe('note_text_idx_btree');
  });

  it('names unnamed columns col_<position> in generated hash and direct index names', () => {
    const columns: ColumnSchema[] = [
      { position: 0, name: 'id', type: { U32: [] } },
      { position: 1, name: 'col_1', type: { U8: [] } },
    ];
    expect(generatedIndexName('t', columns, { Hash: { columns: [1, 0] } })).toBe('t_col_1_id_idx_hash');
    expect(generatedIndexName('t', columns, { Direct: { column: 0 } })).toBe('t_id_idx_direct');
  });

  it('resolves column types through the typespace', () => {
    expect(person.columns.map((column) => [column.name, column.type])).toEqual([
      ['id', { U64: [] }],
      ['name', { String: [] }],
      ['age', { I64: [] }],
    ]);
    expect(person.rowType.elements[2]?.algebraic_type).toEqual({ I64: [] });
  });

  it('makes unique constraints and the primary key unique, and the indexes over them', () => {
    expect(person.primaryKey).toEqual([0]);
    expect(person.uniqueColumns).toEqual([[1], [0]]);
    expect(person.indexes.map((index) => index.unique)).toEqual([true, true, false]);
    expect(note.uniqueColumns).toEqual([]);
    expect(note.indexes[0]?.unique).toBe(false);
  });

  it("fills in SpacetimeDB's sequence defaults, bounded by the column type", () => {
    expect(person.sequences).toEqual([{ column: 0, start: 1n, min: 1n, max: 2n ** 64n - 1n, increment: 1n }]);
  });

  it('reads table access and row-level security', () => {
    expect([person.isPublic, note.isPublic]).toEqual([true, false]);
    expect([person.hasRowLevelSecurity, note.hasRowLevelSecurity]).toEqual([false, true]);
  });

  it('finds the table a row-level-security filter returns', () => {
    expect(rlsTable({ sql: 'select * from "note" where weight = 1' })).toBe('note');
    expect(rlsTable({ sql: 'SELECT p.* FROM note n JOIN person AS p ON p.name = n.text' })).toBe('person');
    expect(rlsTable({ sql: 'SELECT note.* FROM note JOIN person ON person.name = note.text' })).toBe('note');
    expect(rlsTable({ sql: 'DELETE FROM note' })).toBeUndefined();
  });

  it('refuses a sequence on a column that is not an integer', () => {
    const def = sampleModule();
    const table = def.tables[0];
    if (table === undefined) throw new Error('no table');
    table.sequences = [
      {
        name: { none: [] },
        column: 1,
        start: { none: [] },
        min_value: { none: [] },
        max_value: { none: [] },
        increment: 1n,
      },
    ];
    expect(() => tableSchemas(def)).toThrow(/not an integer column/);
  });
});

describe('tableSchemas with types used more than once', () => {
  /**
   * The sample module plus `levels` types `T(i) = (a: T(i-1), b: T(i-1))` over `T(0) = u8`, and
   * `tables` more tables whose one column `v` is the deepest of them (a tree of 2^(levels+1) - 1 nodes).
   */
  function withSharedTypes(levels: number, tables = 1): RawModuleDefV9 {
    const def = sampleModule();
    const { types } = def.typespace;
    const first = types.length;
    types.push({ U8: [] });
    for (let level = 1; level <= levels; level++) {
      const below: AlgebraicType = { Ref: first + level - 1 };
      types.push({
        Product: {
          elements: [
            { name: { some: 'a' }, algebraic_type: below },
            { name: { some: 'b' }, algebraic_type: below },
          ],
        },
      });
    }
    const row = types.length;
    types.push({ Product: { elements: [{ name: { some: 'v' }, algebraic_type: { Ref: first + levels } }] } });
    const note = def.tables[1];
    if (note === undefined) throw new Error('no table');
    for (let table = 0; table < tables; table++) {
      def.tables.push({ ...structuredClone(note), name: `deep${table}`, product_type_ref: row });
    }
    return def;
  }

  /** The type below `levels` levels of `a` fields. */
  function descend(type: AlgebraicType, levels: number): AlgebraicType {
    let found = type;
    for (let level = 0; level < levels; level++) {
      if (!('Product' in found)) throw new Error(`no product at level ${level}`);
      const first = found.Product.elements[0];
      if (first === undefined) throw new Error(`an empty product at level ${level}`);
      found = first.algebraic_type;
    }
    return found;
  }

  it('inlines a type used twice once, sharing it, so the columns read as the full tree', () => {
    const deep = tableSchemas(withSharedTypes(14)).find((table) => table.name === 'deep0');
    const column = deep?.columns[0]?.type;
    if (column === undefined || !('Product' in column)) throw new Error('no product column');
    const [a, b] = column.Product.elements;
    expect(a?.algebraic_type).toBe(b?.algebraic_type);
    expect(descend(column, 14)).toEqual({ U8: [] });
    expect(JSON.stringify(column)).not.toContain('Ref');
  });

  it('refuses tables whose inlined types outgrow the limit, however deep, with a SatsTypeError naming the table', () => {
    // 2^17 - 1 nodes: over the limit alone; 2^15 - 1 nodes: over it only for four tables together.
    expect(2 ** 17 - 1).toBeGreaterThan(MAX_INLINED_TYPE_NODES);
    expect(4 * 2 ** 15).toBeGreaterThan(MAX_INLINED_TYPE_NODES);
    for (const def of [withSharedTypes(16), withSharedTypes(60), withSharedTypes(14, 4)]) {
      let error: unknown;
      try {
        tableSchemas(def);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SatsTypeError);
      expect((error as Error).message).toMatch(/^table deep\d: .*too large.*more than 100000 type nodes/);
    }
    expect(tableSchemas(withSharedTypes(14, 2)).map((table) => table.name)).toContain('deep1');
  });

  it('still refuses a recursive column type', () => {
    const def = withSharedTypes(2);
    def.typespace.types[5] = { Product: { elements: [{ name: { some: 'again' }, algebraic_type: { Ref: 6 } }] } };
    expect(() => tableSchemas(def)).toThrow(/recursive type Ref\(\d+\)/);
  });
});

describe('tableSchemas with deeply nested types', () => {
  /**
   * A module whose typespace is a chain `C(0) = u8`, `C(i) = (a: C(i-1))` of `length` links, with
   * one table per entry of `rows`: its row type is `C(row)` (a product `row + 1` levels deep).
   */
  function chained(length: number, rows: number[]): RawModuleDefV9 {
    const types: AlgebraicType[] = [{ U8: [] }];
    for (let link = 1; link <= length; link++) {
      types.push({ Product: { elements: [{ name: { some: 'a' }, algebraic_type: { Ref: link - 1 } }] } });
    }
    const note = sampleModule().tables[1];
    if (note === undefined) throw new Error('no table');
    return {
      ...sampleModule(),
      typespace: { types },
      tables: rows.map((row, position) => ({
        ...structuredClone(note),
        name: `chain${position}`,
        product_type_ref: row,
      })),
      row_level_security: [],
    };
  }

  const depthError = (def: RawModuleDefV9): string | undefined => {
    try {
      tableSchemas(def);
    } catch (error) {
      if (error instanceof SatsTypeError) return error.message;
      throw error;
    }
    return undefined;
  };

  it(`accepts rows nesting ${MAX_TYPE_DEPTH} levels and refuses deeper ones, however deep, naming the table`, () => {
    expect(depthError(chained(MAX_TYPE_DEPTH - 1, [MAX_TYPE_DEPTH - 1]))).toBeUndefined();
    expect(depthError(chained(MAX_TYPE_DEPTH, [MAX_TYPE_DEPTH]))).toBe(
      `table chain0: its row type nests more than ${MAX_TYPE_DEPTH} levels deep`,
    );
    expect(depthError(chained(20_000, [20_000]))).toMatch(/^table chain0: .* nests more than/);
  });

  it('measures a type resolved for one table again where another table nests it deeper', () => {
    const shallowFirst = chained(MAX_TYPE_DEPTH, [MAX_TYPE_DEPTH - 100, MAX_TYPE_DEPTH]);
    expect(depthError(shallowFirst)).toMatch(/^table chain1: .* nests more than/);
  });
});

describe('checkCompatible', () => {
  const before = tableSchemas(sampleModule());
  const changed = (edit: (def: RawModuleDefV9) => void) => {
    const def = sampleModule();
    edit(def);
    return tableSchemas(def);
  };

  it('accepts the same tables, and new tables added', () => {
    expect(checkCompatible(before, tableSchemas(sampleModule()))).toBeUndefined();
    const added = changed((def) => {
      const extra = structuredClone(def.tables[1]);
      if (extra === undefined) throw new Error('no table');
      extra.name = 'extra';
      def.tables.unshift(extra);
    });
    expect(checkCompatible(before, added)).toBeUndefined();
  });

  it('refuses a removed table, changed columns, primary key or unique constraints', () => {
    expect(
      checkCompatible(
        before,
        changed((def) => def.tables.pop()),
      ),
    ).toMatch(/note was removed/);
    const retyped = changed((def) => {
      def.typespace.types[2] = { I32: [] };
    });
    expect(checkCompatible(before, retyped)).toMatch(/person: its columns changed/);
    const withoutKey = changed((def) => {
      const table = def.tables[0];
      if (table === undefined) throw new Error('no table');
      table.primary_key = [];
    });
    expect(checkCompatible(before, withoutKey)).toMatch(/primary key/);
    const newUnique = changed((def) => {
      def.tables[1]?.constraints.push({ name: { none: [] }, data: { Unique: { columns: [0] } } });
    });
    expect(checkCompatible(before, newUnique)).toMatch(/note: its unique constraints changed/);
  });
});
