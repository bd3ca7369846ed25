import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import {
  type ColumnSchema,
  checkCompatible,
  generatedIndexName,
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
