import { decodeModuleDef, ModuleDefError, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describeModule, startInstance, WasmModuleInstance } from './instance.js';
import { exportProblems, importProblems } from './module-shape.js';
import { exportedSignatures, signatureProblems } from './signatures.js';
import type { CompiledModule, HostEnvironment, ModuleInstance } from './types.js';
import { ModuleRejectedError } from './types.js';
import { definitionProblems } from './validate-def.js';

/** Lines a module logs while it is described at publish time have no database to go to. */
const DISCARDING_ENVIRONMENT: HostEnvironment = { databaseIdentity: 0n, log: () => {} };

/**
 * Compiles a published module and reads its definition: the bytes must be WebAssembly, import
 * only the `spacetime_10.x` functions this host provides, export `memory`, `__describe_module__`
 * and `__call_reducer__`, start (preinit, setup) without trapping and describe a usable
 * RawModuleDef v9. Anything else throws `ModuleRejectedError` saying why.
 */
export async function compileModule(bytes: Uint8Array): Promise<CompiledModule> {
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw new ModuleRejectedError(
      `not a valid WebAssembly module: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const problems = [
    ...importProblems(WebAssembly.Module.imports(module)),
    ...exportProblems(WebAssembly.Module.exports(module)),
    ...signatureProblems(exportedSignatures(bytes) ?? new Map()),
  ];
  if (problems.length > 0) throw new ModuleRejectedError(problems.join('; '));

  const started = await startInstance(module, DISCARDING_ENVIRONMENT, { types: [] });
  let def: RawModuleDefV9;
  try {
    def = decodeModuleDef(describeModule(started));
  } catch (error) {
    if (error instanceof ModuleDefError)
      throw new ModuleRejectedError(`error decoding module description: ${error.message}`);
    throw error;
  }
  const defProblems = definitionProblems(def);
  if (defProblems.length > 0) throw new ModuleRejectedError(`invalid module definition: ${defProblems.join('; ')}`);
  return new WasmCompiledModule(module, def, bytesToHex(keccak_256(bytes)));
}

class WasmCompiledModule implements CompiledModule {
  constructor(
    private readonly module: WebAssembly.Module,
    readonly def: RawModuleDefV9,
    readonly hash: string,
  ) {}

  async instantiate(environment: HostEnvironment): Promise<ModuleInstance> {
    return new WasmModuleInstance(this.def, await startInstance(this.module, environment, this.def.typespace));
  }
}
