import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { IDENTITY, none, product, reducer, some, table } from './def-builders.js';

/**
 * The definition of `presence.wat`, shaped as the Rust bindings would emit it for
 *
 *     #[table(name = online, public)] struct Online { #[primary_key] identity: Identity }
 *     #[reducer(client_connected)] fn identity_connected(ctx) { insert Online { ctx.sender } }
 *     #[reducer(client_disconnected)] fn identity_disconnected(ctx) { delete by ctx.sender }
 *     #[reducer] fn ping(ctx) {}
 *
 * Its lifecycle reducers write rows a subscriber can see, so a client can observe that another
 * connected or disconnected. The primary key's index is unnamed, so servers name it
 * `online_identity_idx_btree` as SpacetimeDB does; the module looks it up by that name.
 * Reducer ids are positions in `reducers` (listed by name): 0 identity_connected,
 * 1 identity_disconnected, 2 ping.
 */
export const presenceDef: RawModuleDefV9 = {
  typespace: { types: [{ Product: product({ identity: IDENTITY }) }] },
  tables: [
    table('online', 0, 'Public', {
      primary_key: [0],
      indexes: [{ name: none, accessor_name: some('identity'), algorithm: { BTree: { columns: [0] } } }],
      constraints: [{ name: none, data: { Unique: { columns: [0] } } }],
    }),
  ],
  reducers: [
    reducer('identity_connected', {}, 'OnConnect'),
    reducer('identity_disconnected', {}, 'OnDisconnect'),
    reducer('ping'),
  ],
  types: [{ name: { scope: [], name: 'Online' }, ty: 0, custom_ordering: true }],
  misc_exports: [],
  row_level_security: [],
};
