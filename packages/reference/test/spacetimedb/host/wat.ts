import { encodeModuleDef, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';

type Wabt = Awaited<ReturnType<typeof import('wabt')>>;
let wabt: Promise<Wabt> | undefined;

/** Compiles WebAssembly text (wabt, loaded once). */
export async function wat(text: string): Promise<Uint8Array> {
  wabt ??= import('wabt').then((module) => module.default());
  const module = (await wabt).parseWat('inline.wat', text);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** A WAT data string of `bytes` (`\hh` escapes). */
export function dataString(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * `__describe_module__` writing `def` (placed at 0x8000; LEN cell at 0x10), for modules whose
 * other parts a test writes. Needs the `$sink_write` import and a memory.
 */
export function describeFunction(def: RawModuleDefV9 | Uint8Array): string {
  const bytes = def instanceof Uint8Array ? def : encodeModuleDef(def);
  return `
  (data (i32.const 0x8000) "${dataString(bytes)}")
  (func (export "__describe_module__") (param $sink i32)
    (i32.store (i32.const 0x10) (i32.const ${bytes.length}))
    (drop (call $sink_write (local.get $sink) (i32.const 0x8000) (i32.const 0x10))))`;
}

export const SINK_WRITE_IMPORT =
  '(import "spacetime_10.0" "bytes_sink_write" (func $sink_write (param i32 i32 i32) (result i32)))';

/** A `__call_reducer__` that does nothing and succeeds. */
export const NOOP_CALL_REDUCER = `
  (func (export "__call_reducer__")
    (param i32 i64 i64 i64 i64 i64 i64 i64 i32 i32) (result i32) (i32.const 0))`;
