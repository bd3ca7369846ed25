import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { product, reducer, STRING, table } from './def-builders.js';

/**
 * The definition of `quickstart.wat`, the module `spacetime init` generates for Rust: exactly the
 * example `/schema?version=9` answer of the SpacetimeDB HTTP docs. Reducers are listed by name
 * (as the Rust bindings list them), so their ids are 0 add ... 4 say_hello.
 */
export const quickstartDef: RawModuleDefV9 = {
  typespace: { types: [{ Product: product({ name: STRING }) }] },
  tables: [table('person', 0, 'Private')],
  reducers: [
    reducer('add', { name: STRING }),
    reducer('identity_connected', {}, 'OnConnect'),
    reducer('identity_disconnected', {}, 'OnDisconnect'),
    reducer('init', {}, 'Init'),
    reducer('say_hello'),
  ],
  types: [{ name: { scope: [], name: 'Person' }, ty: 0, custom_ordering: true }],
  misc_exports: [],
  row_level_security: [],
};
