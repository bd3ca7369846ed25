import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { describeFunction, SINK_WRITE_IMPORT, wat } from './host/wat.js';

/**
 * A module whose lifecycle hook `hook` (reducer id 1) traps, with a reducer `ping` (id 0) that does
 * nothing and a public table `thing {x: u32}`: every `/call`, `/sql` or connection that runs the
 * hook fails after its work.
 */
export async function trappingHookModule(hook: 'OnConnect' | 'OnDisconnect'): Promise<Uint8Array> {
  const unit = { elements: [] };
  const def: RawModuleDefV9 = {
    typespace: { types: [{ Product: { elements: [{ name: { some: 'x' }, algebraic_type: { U32: [] } }] } }] },
    tables: [
      {
        name: 'thing',
        product_type_ref: 0,
        primary_key: [],
        indexes: [],
        constraints: [],
        sequences: [],
        schedule: { none: [] },
        table_type: { User: [] },
        table_access: { Public: [] },
      },
    ],
    reducers: [
      { name: 'ping', params: unit, lifecycle: { none: [] } },
      {
        name: 'hook',
        params: unit,
        lifecycle: { some: hook === 'OnConnect' ? { OnConnect: [] } : { OnDisconnect: [] } },
      },
    ],
    types: [],
    misc_exports: [],
    row_level_security: [],
  };
  return wat(`(module ${SINK_WRITE_IMPORT}
    (memory (export "memory") 1) ${describeFunction(def)}
    (func (export "__call_reducer__")
      (param $id i32) (param i64 i64 i64 i64 i64 i64 i64 i32 i32) (result i32)
      (if (i32.eq (local.get $id) (i32.const 1)) (then unreachable))
      (i32.const 0)))`);
}
