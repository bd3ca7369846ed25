import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { compileWatModule } from './compile.js';
import { emptyDef, initFailsDef, NOT_WASM } from './invalid.js';
import { keyedDef } from './keyed.js';
import { presenceDef } from './presence.js';
import { quickstartDef } from './quickstart.js';

/**
 * SpacetimeDB test modules: hand-written WebAssembly text (see README.md) compiled with wabt on
 * first use, each describing itself with the definition `testModuleDef` returns.
 */

export const TEST_MODULE_NAMES = ['quickstart', 'keyed', 'presence'] as const;
export type TestModuleName = (typeof TEST_MODULE_NAMES)[number];

const DEFINITIONS: Record<TestModuleName, RawModuleDefV9> = {
  quickstart: quickstartDef,
  keyed: keyedDef,
  presence: presenceDef,
};

/** Messages the modules write, for tests that look for them in errors and logs. */
export const MESSAGES = {
  /** quickstart `say_hello`: one `Hello, <name>!` per person, then this. */
  helloWorld: 'Hello, World!',
  /** keyed `rename_user` / `delete_user` with an unknown id (an error). */
  noSuchUser: 'no such user',
  /** keyed `find_by_email` with an unknown email (a log line). */
  notFound: 'not found',
  /** keyed `add_then_fail` (an error, after an insert that must be rolled back). */
  addThenFail: 'add_then_fail always fails',
  /** keyed `init`: the note of the one audit row it inserts. */
  initialised: 'initialised',
  /** The invalid module `initFails`: its `init` fails with this. */
  initFailed: 'init failed',
  /** Any module called with a reducer id its definition does not have. */
  noSuchReducer: 'no such reducer',
} as const;

/** Compiled modules by file, so each is compiled once per process. */
const compiled = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** A WAT file's bytes, compiled on first use; every caller gets its own copy. */
async function compiledOnce(file: string, def: RawModuleDefV9): Promise<Uint8Array<ArrayBuffer>> {
  let bytes = compiled.get(file);
  if (bytes === undefined) {
    bytes = compileWatModule(file, def);
    compiled.set(file, bytes);
    // A failed compile is not cached, so a fixed source can be retried.
    bytes.catch(() => compiled.delete(file));
  }
  return (await bytes).slice();
}

/** The module's WebAssembly bytes (compiled once per process; each call gets its own copy). */
export function loadTestModule(name: TestModuleName): Promise<Uint8Array<ArrayBuffer>> {
  return compiledOnce(`${name}.wat`, definition(name));
}

/** The definition the module's `__describe_module__` writes, as `/schema?version=9` must serve it (a fresh copy). */
export function testModuleDef(name: TestModuleName): RawModuleDefV9 {
  return structuredClone(definition(name));
}

/** The id `__call_reducer__` takes for a reducer: its position in the definition. */
export function reducerId(module: TestModuleName, reducer: string): number {
  const id = definition(module).reducers.findIndex((candidate) => candidate.name === reducer);
  if (id < 0) throw new Error(`test module ${module} has no reducer ${reducer}`);
  return id;
}

export type InvalidModuleName = 'notWasm' | 'missingCallReducer' | 'unknownImport' | 'initFails';

/**
 * Modules a server must refuse to publish:
 * - `notWasm`: bytes that are not WebAssembly;
 * - `missingCallReducer`: a module without the `__call_reducer__` export;
 * - `unknownImport`: a module importing `spacetime_10.0`.`no_such_call`;
 * - `initFails`: a valid module whose `init` reducer fails with "init failed".
 */
export async function invalidModules(): Promise<Record<InvalidModuleName, Uint8Array<ArrayBuffer>>> {
  const [missingCallReducer, unknownImport, initFails] = await Promise.all([
    compiledOnce('missing-call-reducer.wat', emptyDef),
    compiledOnce('unknown-import.wat', emptyDef),
    compiledOnce('init-fails.wat', initFailsDef),
  ]);
  return { notWasm: NOT_WASM.slice(), missingCallReducer, unknownImport, initFails };
}

/** A definition with nothing in it (a fresh copy), as most invalid modules describe themselves with. */
export function emptyModuleDef(): RawModuleDefV9 {
  return structuredClone(emptyDef);
}

/** The definitions the invalid modules describe themselves with (`notWasm` has none). */
export function invalidModuleDef(name: Exclude<InvalidModuleName, 'notWasm'>): RawModuleDefV9 {
  return structuredClone(name === 'initFails' ? initFailsDef : emptyDef);
}

function definition(name: TestModuleName): RawModuleDefV9 {
  const def = DEFINITIONS[name];
  if (def === undefined) throw new Error(`unknown test module ${String(name)}`);
  return def;
}
