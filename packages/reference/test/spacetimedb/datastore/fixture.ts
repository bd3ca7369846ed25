import type { AlgebraicType, RawModuleDefV9, RawTableDefV9 } from '@dbwire/spacetimedb-sats';

const none = { none: [] as [] };
const named = (name: string, type: AlgebraicType) => ({ name: { some: name }, algebraic_type: type });

/**
 * A module with two tables:
 * - `person(id: u64 autoinc primary key, name: String unique, age: i64)`, indexes on `id` (named),
 *   `name` (unnamed, so it gets the generated name) and `(age, name)`;
 * - `note(text: String, weight: i32)`, no keys, private, filtered by row-level security.
 * The person row type sits behind a `Ref` chain and its `age` column is a `Ref` too.
 */
export function sampleModule(): RawModuleDefV9 {
  const person: RawTableDefV9 = {
    name: 'person',
    product_type_ref: 0,
    primary_key: [0],
    indexes: [
      { name: { some: 'person_id_idx_btree' }, accessor_name: { some: 'id' }, algorithm: { BTree: { columns: [0] } } },
      { name: none, accessor_name: { some: 'name' }, algorithm: { BTree: { columns: [1] } } },
      { name: none, accessor_name: { some: 'age_name' }, algorithm: { BTree: { columns: [2, 1] } } },
    ],
    constraints: [{ name: { some: 'person_name_key' }, data: { Unique: { columns: [1] } } }],
    sequences: [{ name: none, column: 0, start: none, min_value: none, max_value: none, increment: 1n }],
    schedule: none,
    table_type: { User: [] },
    table_access: { Public: [] },
  };
  const note: RawTableDefV9 = {
    name: 'note',
    product_type_ref: 3,
    primary_key: [],
    indexes: [{ name: none, accessor_name: none, algorithm: { BTree: { columns: [0] } } }],
    constraints: [],
    sequences: [],
    schedule: none,
    table_type: { User: [] },
    table_access: { Private: [] },
  };
  return {
    typespace: {
      types: [
        { Ref: 1 },
        { Product: { elements: [named('id', { U64: [] }), named('name', { String: [] }), named('age', { Ref: 2 })] } },
        { I64: [] },
        { Product: { elements: [named('text', { String: [] }), named('weight', { I32: [] })] } },
      ],
    },
    tables: [person, note],
    reducers: [],
    types: [],
    misc_exports: [],
    row_level_security: [{ sql: 'SELECT * FROM note WHERE weight > 0' }],
  };
}
