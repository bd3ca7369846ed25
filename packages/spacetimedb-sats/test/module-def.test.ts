import { readFileSync } from 'node:fs';
import { parseJson, stringifyJson } from '@dbwire/json';
import { describe, expect, it } from 'vitest';
import {
  decodeModuleDef,
  encodeModuleDef,
  ModuleDefError,
  moduleDefFromJson,
  moduleDefToJson,
  type RawModuleDefV9,
} from '../src/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The `/schema?version=9` example of the product's published reference (the seed), as JSON. */
const seedDef = JSON.parse(
  readFileSync(new URL('./fixtures/seed-module-def-v9.json', import.meta.url), 'utf8'),
) as RawModuleDefV9;

const opt = <T>(value: T | undefined) => (value === undefined ? { none: [] as [] } : { some: value });

/** A definition touching every part of the v9 layout. */
const fullDef: RawModuleDefV9 = {
  typespace: {
    types: [
      {
        Product: {
          elements: [
            { name: opt('id'), algebraic_type: { U64: [] } },
            {
              name: opt('owner'),
              algebraic_type: { Product: { elements: [{ name: opt('__identity__'), algebraic_type: { U256: [] } }] } },
            },
            { name: opt('tags'), algebraic_type: { Array: { String: [] } } },
            { name: opt('kind'), algebraic_type: { Ref: 1 } },
          ],
        },
      },
      {
        Sum: {
          variants: [
            { name: opt('A'), algebraic_type: { Product: { elements: [] } } },
            { name: opt(undefined), algebraic_type: { F64: [] } },
          ],
        },
      },
    ],
  },
  tables: [
    {
      name: 'thing',
      product_type_ref: 0,
      primary_key: [0],
      indexes: [
        { name: opt('thing_id_idx_btree'), accessor_name: opt('id'), algorithm: { BTree: { columns: [0] } } },
        { name: opt(undefined), accessor_name: opt(undefined), algorithm: { Hash: { columns: [0, 3] } } },
        { name: opt(undefined), accessor_name: opt('d'), algorithm: { Direct: { column: 2 } } },
      ],
      constraints: [{ name: opt('thing_id_key'), data: { Unique: { columns: [0] } } }],
      sequences: [
        {
          name: opt(undefined),
          column: 0,
          start: opt(5n),
          min_value: opt(-(2n ** 127n)),
          max_value: opt(undefined),
          increment: 1n,
        },
      ],
      schedule: opt({ name: opt('sched'), reducer_name: 'tick', scheduled_at_column: 3 }),
      table_type: { System: [] },
      table_access: { Private: [] },
    },
  ],
  reducers: [
    {
      name: 'tick',
      params: { elements: [{ name: opt('arg'), algebraic_type: { Ref: 0 } }] },
      lifecycle: opt(undefined),
    },
    { name: 'init', params: { elements: [] }, lifecycle: opt({ Init: [] as [] }) },
  ],
  types: [{ name: { scope: ['my', 'mod'], name: 'Thing' }, ty: 0, custom_ordering: false }],
  misc_exports: [
    { ColumnDefaultValue: { table: 'thing', col_id: 2, value: new Uint8Array([0, 0, 0, 0]) } },
    { Procedure: { name: 'p', params: { elements: [] }, return_type: { String: [] } } },
    {
      View: {
        name: 'v',
        index: 0,
        is_public: true,
        is_anonymous: false,
        params: { elements: [] },
        return_type: { Array: { Ref: 0 } },
      },
    },
  ],
  row_level_security: [{ sql: 'SELECT * FROM thing' }],
};

describe('RawModuleDef v9 BSATN', () => {
  it('round-trips the seed example', () => {
    const bytes = encodeModuleDef(seedDef);
    expect(bytes[0]).toBe(1); // RawModuleDef::V9
    expect(decodeModuleDef(bytes)).toEqual(seedDef);
  });

  it('round-trips a definition using every part of the layout', () => {
    expect(decodeModuleDef(encodeModuleDef(fullDef))).toEqual(fullDef);
  });

  it('writes the exact bytes of a small definition', () => {
    const def: RawModuleDefV9 = {
      typespace: { types: [{ Product: { elements: [{ name: opt('n'), algebraic_type: { U8: [] } }] } }] },
      tables: [
        {
          name: 't',
          product_type_ref: 0,
          primary_key: [0],
          indexes: [],
          constraints: [],
          sequences: [],
          schedule: opt(undefined),
          table_type: { User: [] },
          table_access: { Public: [] },
        },
      ],
      reducers: [],
      types: [],
      misc_exports: [],
      row_level_security: [],
    };
    const expected = [
      '01', // RawModuleDef::V9
      '01000000', // typespace.types: 1
      '02', // AlgebraicType::Product
      '01000000', // elements: 1
      '00 01000000 6e', // name: some("n")
      '07', // AlgebraicType::U8
      '01000000', // tables: 1
      '01000000 74', // name "t"
      '00000000', // product_type_ref 0
      '01000000 0000', // primary_key [0u16]
      '00000000 00000000 00000000', // indexes, constraints, sequences
      '01', // schedule: none
      '01', // table_type: User (System = 0)
      '00', // table_access: Public
      '00000000 00000000 00000000 00000000', // reducers, types, misc_exports, row_level_security
    ].join('');
    expect(hex(encodeModuleDef(def))).toBe(expected.replace(/\s/g, ''));
  });

  it('refuses other RawModuleDef versions with a clear error', () => {
    expect(() => decodeModuleDef(new Uint8Array([0, 0, 0, 0, 0]))).toThrow(/V8BackCompat; only V9 is supported/);
    expect(() => decodeModuleDef(new Uint8Array([2, 0]))).toThrow(/V10; only V9 is supported/);
    expect(() => decodeModuleDef(new Uint8Array([9]))).toThrow(/unknown RawModuleDef version tag 9/);
  });

  it('refuses a definition nested too deep with ModuleDefError, not a stack overflow', () => {
    // V9, one type, then a million `Array` tags: a type nested a million levels deep.
    const deep = new Uint8Array(1_000_005).fill(3);
    deep.set([1, 1, 0, 0, 0]);
    expect(() => decodeModuleDef(deep)).toThrow(ModuleDefError);
    expect(() => decodeModuleDef(deep)).toThrow(/nests more than 1024 levels/);
  });

  it('refuses truncated or trailing bytes with ModuleDefError', () => {
    const bytes = encodeModuleDef(seedDef);
    expect(() => decodeModuleDef(bytes.subarray(0, bytes.length - 1))).toThrow(ModuleDefError);
    expect(() => decodeModuleDef(new Uint8Array([...bytes, 0]))).toThrow(/trailing bytes/);
  });

  it('refuses an invalid definition with the path to the problem', () => {
    const broken = {
      ...seedDef,
      tables: [{ ...seedDef.tables[0], table_type: { Both: [] } }],
    } as unknown as RawModuleDefV9;
    expect(() => encodeModuleDef(broken)).toThrow(/tables\[0\]\.table_type: "Both" is not a variant/);
  });
});

describe('RawModuleDef v9 JSON', () => {
  it('writes the seed example exactly as /schema serves it', () => {
    expect(moduleDefToJson(seedDef)).toEqual(
      JSON.parse(readFileSync(new URL('./fixtures/seed-module-def-v9.json', import.meta.url), 'utf8')),
    );
  });

  it('reads its own JSON back, through text (i128 digits, bytes as hex)', () => {
    const text = stringifyJson(moduleDefToJson(fullDef));
    expect(text).toContain('"min_value":{"some":-170141183460469231731687303715884105728}');
    expect(text).toContain('"value":"00000000"');
    expect(moduleDefFromJson(parseJson(text))).toEqual(fullDef);
  });

  it('refuses JSON that is not a v9 definition, naming the place', () => {
    expect(() => moduleDefFromJson({ ...seedDef, tables: 'none' })).toThrow('tables: expected an array');
  });
});
