import { datastoreCalls } from './datastore-calls.js';
import type { InstanceEnv } from './env.js';
import { ioCalls } from './io-calls.js';

/**
 * Which host function each `spacetime_10.x` import module provides, exactly as the real host
 * links them (crates/core/src/host/wasm_common.rs, `abi_funcs!`): a function is found only under
 * the version that introduced it. `spacetime_10.3` (procedures) is not provided.
 */
export const PROVIDED_IMPORTS = {
  'spacetime_10.0': [
    'table_id_from_name',
    'index_id_from_name',
    'datastore_table_row_count',
    'datastore_table_scan_bsatn',
    'datastore_index_scan_range_bsatn',
    'datastore_btree_scan_bsatn',
    'datastore_delete_by_index_scan_range_bsatn',
    'datastore_delete_by_btree_scan_bsatn',
    'datastore_delete_all_by_eq_bsatn',
    'row_iter_bsatn_advance',
    'row_iter_bsatn_close',
    'datastore_insert_bsatn',
    'datastore_update_bsatn',
    'bytes_source_read',
    'bytes_sink_write',
    'console_log',
    'console_timer_start',
    'console_timer_end',
    'identity',
    'volatile_nonatomic_schedule_immediate',
  ],
  'spacetime_10.1': ['bytes_source_remaining_length'],
  'spacetime_10.2': ['get_jwt'],
  'spacetime_10.4': ['datastore_index_scan_point_bsatn', 'datastore_delete_by_index_scan_point_bsatn'],
  'spacetime_10.5': ['datastore_clear'],
} as const satisfies Record<string, readonly string[]>;

/** The name of a host function this host provides. */
export type HostFunctionName = (typeof PROVIDED_IMPORTS)[keyof typeof PROVIDED_IMPORTS][number];

/** The import object for one instance: every provided function, bound to its environment. */
export function hostImports(env: InstanceEnv): WebAssembly.Imports {
  const functions: Record<string, (...args: never[]) => unknown> = { ...datastoreCalls(env), ...ioCalls(env) };
  // The deprecated names of the range calls, still linked by the real host.
  functions.datastore_btree_scan_bsatn = functions.datastore_index_scan_range_bsatn as (...args: never[]) => unknown;
  functions.datastore_delete_by_btree_scan_bsatn = functions.datastore_delete_by_index_scan_range_bsatn as (
    ...args: never[]
  ) => unknown;
  const imports: WebAssembly.Imports = {};
  for (const [module, names] of Object.entries(PROVIDED_IMPORTS)) {
    const moduleImports: Record<string, WebAssembly.ImportValue> = {};
    for (const name of names) {
      const fn = functions[name];
      if (fn === undefined) throw new Error(`host function ${name} is listed but not implemented`);
      moduleImports[name] = fn as WebAssembly.ImportValue;
    }
    imports[module] = moduleImports;
  }
  return imports;
}
