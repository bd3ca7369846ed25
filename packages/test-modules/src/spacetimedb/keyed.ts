import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { none, product, reducer, STRING, some, table, U32, U64 } from './def-builders.js';

/**
 * The definition of `keyed.wat`, shaped as the Rust bindings would emit it for
 *
 *     #[table(name = user, public)] struct User { #[primary_key] #[auto_inc] id: u64,
 *         #[unique] email: String, name: String, #[index(btree)] age: u32 }
 *     #[table(name = audit)] struct Audit { note: String }
 *
 * Indexes, constraints and sequences are unnamed, so servers name them as SpacetimeDB does
 * (`user_id_idx_btree`, `user_email_idx_btree`, `user_age_idx_btree`); the module looks its
 * indexes up by those names. Reducer ids are positions in `reducers`: 0 init ... 10 log_identity.
 */
export const keyedDef: RawModuleDefV9 = {
  typespace: {
    types: [
      { Product: product({ id: U64, email: STRING, name: STRING, age: U32 }) },
      { Product: product({ note: STRING }) },
    ],
  },
  tables: [
    table('user', 0, 'Public', {
      primary_key: [0],
      indexes: [
        { name: none, accessor_name: some('id'), algorithm: { BTree: { columns: [0] } } },
        { name: none, accessor_name: some('email'), algorithm: { BTree: { columns: [1] } } },
        { name: none, accessor_name: some('age'), algorithm: { BTree: { columns: [3] } } },
      ],
      constraints: [
        { name: none, data: { Unique: { columns: [0] } } },
        { name: none, data: { Unique: { columns: [1] } } },
      ],
      sequences: [{ name: none, column: 0, start: none, min_value: none, max_value: none, increment: 1n }],
    }),
    table('audit', 1, 'Private'),
  ],
  reducers: [
    reducer('init', {}, 'Init'),
    reducer('create_user', { email: STRING, name: STRING, age: U32 }),
    reducer('rename_user', { id: U64, name: STRING }),
    reducer('delete_user', { id: U64 }),
    reducer('delete_younger_than', { age: U32 }),
    reducer('count_users'),
    reducer('log_users'),
    reducer('find_by_email', { email: STRING }),
    reducer('add_then_fail', { email: STRING, name: STRING }),
    reducer('add_then_trap', { email: STRING, name: STRING }),
    reducer('log_identity'),
  ],
  types: [
    { name: { scope: [], name: 'User' }, ty: 0, custom_ordering: true },
    { name: { scope: [], name: 'Audit' }, ty: 1, custom_ordering: true },
  ],
  misc_exports: [],
  row_level_security: [],
};
