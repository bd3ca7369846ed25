import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { reducer } from './def-builders.js';

/** A definition with nothing in it, for the invalid modules whose definition does not matter. */
export const emptyDef: RawModuleDefV9 = {
  typespace: { types: [] },
  tables: [],
  reducers: [],
  types: [],
  misc_exports: [],
  row_level_security: [],
};

/** `init-fails.wat`: only an `init` lifecycle reducer (id 0), which fails with "init failed". */
export const initFailsDef: RawModuleDefV9 = { ...emptyDef, reducers: [reducer('init', {}, 'Init')] };

/** Bytes that are not WebAssembly (no `\0asm` magic). */
export const NOT_WASM: Uint8Array<ArrayBuffer> = new TextEncoder().encode('this is not a WebAssembly module\n');
