import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { emptyModuleDef, invalidModules, loadTestModule, testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { compileModule, ModuleRejectedError } from '../../../src/spacetimedb/host/index.js';
import { describeFunction, NOOP_CALL_REDUCER, SINK_WRITE_IMPORT, wat } from './wat.js';

const EMPTY_DEF = emptyModuleDef();

/** A module with the given extra imports and body, exporting memory, a describer and a reducer entry. */
function moduleText(imports: string, body = '', def: RawModuleDefV9 | Uint8Array = EMPTY_DEF): string {
  return `(module ${SINK_WRITE_IMPORT} ${imports}
    (memory (export "memory") 1) ${describeFunction(def)} ${NOOP_CALL_REDUCER} ${body})`;
}

async function rejection(bytes: Uint8Array): Promise<string> {
  const error = await compileModule(bytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModuleRejectedError);
  return (error as Error).message;
}

describe('compileModule', () => {
  it('reads the definition through __describe_module__ and hashes the bytes with Keccak-256', async () => {
    const bytes = await loadTestModule('quickstart');
    const compiled = await compileModule(bytes);
    expect(compiled.def).toEqual(testModuleDef('quickstart'));
    expect(compiled.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(compiled.hash).toBe(Buffer.from(keccak_256(bytes)).toString('hex'));
    const keyed = await compileModule(await loadTestModule('keyed'));
    expect(keyed.def).toEqual(testModuleDef('keyed'));
    expect(keyed.hash).not.toBe(compiled.hash);
  });

  it('refuses bytes that are not WebAssembly, with the engine message', async () => {
    const { notWasm } = await invalidModules();
    expect(await rejection(notWasm)).toMatch(/^not a valid WebAssembly module: .+/);
  });

  it('refuses a module without a required export', async () => {
    const { missingCallReducer } = await invalidModules();
    expect(await rejection(missingCallReducer)).toContain('there should be a function called "__call_reducer__"');
    const noMemory = await wat(`(module ${SINK_WRITE_IMPORT} ${NOOP_CALL_REDUCER}
      (func (export "__describe_module__") (param i32)))`);
    expect(await rejection(noMemory)).toContain('there should be a memory export called "memory"');
  });

  it('refuses exports the host calls whose signature is not the ABI one', async () => {
    const wrong = await wat(`(module ${SINK_WRITE_IMPORT} (memory (export "memory") 1)
      (func (export "__describe_module__") (param i32))
      (func (export "__call_reducer__") (param i32 i32) (result i32) (i32.const 0))
      (func (export "__preinit__x") (param i32)))`);
    const message = await rejection(wrong);
    expect(message).toContain(
      'bad call_reducer signature for "__call_reducer__"; expected (func (param i32 i64 i64 i64 i64 i64 i64 i64 i32 i32) (result i32)) got (func (param i32 i32) (result i32))',
    );
    expect(message).toContain('bad preinit signature for "__preinit__x"; expected (func) got (func (param i32))');
  });

  it('lists every import it does not provide by module and name', async () => {
    const { unknownImport } = await invalidModules();
    expect(await rejection(unknownImport)).toContain('spacetime_10.0::no_such_call');
    const several = await wat(
      moduleText(`
      (import "env" "abort" (func))
      (import "spacetime_10.0" "datastore_clear" (func (param i32 i32) (result i32)))`),
    );
    const message = await rejection(several);
    expect(message).toContain('env::abort');
    // datastore_clear exists, but only from spacetime_10.5 on, as in the real host's linker.
    expect(message).toContain('spacetime_10.0::datastore_clear');
  });

  it('accepts the newest minor version it implements and refuses newer ones or mixed majors', async () => {
    const clear = '(import "spacetime_10.5" "datastore_clear" (func (param i32 i32) (result i32)))';
    await expect(compileModule(await wat(moduleText(clear)))).resolves.toBeDefined();
    const newer = await wat(
      moduleText('(import "spacetime_10.9" "datastore_clear" (func (param i32 i32) (result i32)))'),
    );
    expect(await rejection(newer)).toContain('abi version 10.9 is not supported (host implements 10.5)');
    const mixed = await wat(moduleText('(import "spacetime_9.0" "console_log" (func))'));
    expect(await rejection(mixed)).toContain('module cannot depend on both major version 10 and major version 9');
  });

  it('refuses procedures and WASI with a reason', async () => {
    const procedure = await wat(
      moduleText('(import "spacetime_10.3" "procedure_start_mut_tx" (func (param i32) (result i32)))'),
    );
    expect(await rejection(procedure)).toContain('procedures are not supported');
    const wasi = await wat(
      moduleText('(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))'),
    );
    expect(await rejection(wasi)).toMatch(/WASI imports are not supported.*wasi_snapshot_preview1::fd_write/);
  });

  it('runs __preinit__ functions in name order, then __setup__, before describing', async () => {
    // __preinit__a sets a flag __preinit__b needs; __setup__ fails unless both ran.
    const body = `
      (global $step (mut i32) (i32.const 0))
      (func (export "__preinit__b") (if (i32.ne (global.get $step) (i32.const 1)) (then unreachable)) (global.set $step (i32.const 2)))
      (func (export "__preinit__a") (if (i32.ne (global.get $step) (i32.const 0)) (then unreachable)) (global.set $step (i32.const 1)))
      (func (export "__setup__") (param i32) (result i32) (i32.ne (global.get $step) (i32.const 2)))`;
    await expect(compileModule(await wat(moduleText('', body)))).resolves.toBeDefined();
  });

  it('refuses a module whose __setup__ fails or whose initialiser traps', async () => {
    const failing = `
      (data (i32.const 0x200) "not today")
      (func (export "__setup__") (param $sink i32) (result i32)
        (i32.store (i32.const 0x20) (i32.const 9))
        (drop (call $sink_write (local.get $sink) (i32.const 0x200) (i32.const 0x20)))
        (i32.const 1))`;
    expect(await rejection(await wat(moduleText('', failing)))).toBe('setup function returned an error: not today');
    const trapping = '(func (export "__preinit__10_init") unreachable)';
    expect(await rejection(await wat(moduleText('', trapping)))).toMatch(
      /^wasm trap while calling "__preinit__10_init": /,
    );
  });

  it('refuses a description that does not decode or is not usable', async () => {
    const garbage = await wat(moduleText('', '', new Uint8Array([1, 2, 3])));
    expect(await rejection(garbage)).toMatch(/^error decoding module description: /);
    const danglingRef: RawModuleDefV9 = {
      ...EMPTY_DEF,
      tables: [
        {
          name: 'ghost',
          product_type_ref: 3,
          primary_key: [],
          indexes: [],
          constraints: [],
          sequences: [],
          schedule: { none: [] },
          table_type: { User: [] },
          table_access: { Public: [] },
        },
      ],
    };
    expect(await rejection(await wat(moduleText('', '', danglingRef)))).toContain(
      'table ghost: product_type_ref 3 is outside the typespace',
    );
    const badColumns: RawModuleDefV9 = {
      ...EMPTY_DEF,
      typespace: { types: [{ Product: { elements: [{ name: { some: 'n' }, algebraic_type: { String: [] } }] } }] },
      tables: [
        {
          ...(danglingRef.tables[0] as RawModuleDefV9['tables'][number]),
          product_type_ref: 0,
          primary_key: [4],
          sequences: [
            {
              name: { none: [] },
              column: 0,
              start: { none: [] },
              min_value: { none: [] },
              max_value: { none: [] },
              increment: 1n,
            },
          ],
        },
      ],
    };
    const message = await rejection(await wat(moduleText('', '', badColumns)));
    expect(message).toContain('the primary key names column 4, but the row has 1 columns');
    expect(message).toContain('a sequence is on column 0, which is not an integer column');
  });
});
