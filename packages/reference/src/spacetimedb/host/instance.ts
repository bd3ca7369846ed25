import type { RawModuleDefV9, Typespace } from '@dbwire/spacetimedb-sats';
import type { MutTx } from '../datastore/types.js';
import { InstanceEnv } from './env.js';
import { hostImports } from './imports.js';
import { u64Limbs } from './memory.js';
import {
  type HostEnvironment,
  type ModuleInstance,
  ModuleRejectedError,
  type ReducerCall,
  type ReducerOutcome,
} from './types.js';

/**
 * What the real host reports for a reducer that trapped or returned a code other than 0 or 1
 * (module_host_actor.rs, `handle_outer_error`): the cause goes to the server's own log, never to
 * the caller. A Rust module's panic hook logs the panic message at level 101 before it traps.
 */
export const FATAL_ERROR_MESSAGE = 'The instance encountered a fatal error.';

/** `__call_reducer__(id, sender_0..3, conn_id_0..1, timestamp, args_source, error_sink) -> i32`. */
type CallReducerExport = (
  id: number,
  sender0: bigint,
  sender1: bigint,
  sender2: bigint,
  sender3: bigint,
  connectionId0: bigint,
  connectionId1: bigint,
  timestamp: bigint,
  argsSource: number,
  errorSink: number,
) => unknown;

const lossyUtf8 = new TextDecoder('utf-8');

/** A started instance: its exports, and the host state its imports share. */
export interface StartedInstance {
  readonly instance: WebAssembly.Instance;
  readonly env: InstanceEnv;
}

/**
 * Instantiates the module and runs its initialisers as the real host does (wasmtime_module.rs):
 * `_initialize` when exported, every `__preinit__*` export in name order, then `__setup__(sink)`
 * when exported (1 = error with the sink's message). Failures throw `ModuleRejectedError`.
 */
export async function startInstance(
  module: WebAssembly.Module,
  environment: HostEnvironment,
  typespace: Typespace,
): Promise<StartedInstance> {
  const env = new InstanceEnv(environment, typespace);
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, hostImports(env));
  } catch (error) {
    throw new ModuleRejectedError(`cannot instantiate the module: ${messageOf(error)}`);
  }
  env.attachMemory(instance.exports.memory as WebAssembly.Memory);
  const exported = (name: string) => instance.exports[name] as ((...args: unknown[]) => unknown) | undefined;
  const preinits = Object.keys(instance.exports)
    .filter((name) => name.startsWith('__preinit__'))
    .sort();
  for (const name of ['_initialize', ...preinits]) {
    const initializer = exported(name);
    if (typeof initializer !== 'function') continue;
    try {
      initializer();
    } catch (error) {
      throw new ModuleRejectedError(`wasm trap while calling ${JSON.stringify(name)}: ${messageOf(error)}`);
    }
  }
  const setup = exported('__setup__');
  if (typeof setup === 'function') {
    const sink = env.sinks.create();
    let code: unknown;
    let message: string;
    try {
      code = setup(sink);
      message = lossyUtf8.decode(env.sinks.take(sink));
    } catch (error) {
      throw new ModuleRejectedError(`wasm trap while calling "__setup__": ${messageOf(error)}`);
    } finally {
      env.endCall();
    }
    if (code === 1) throw new ModuleRejectedError(`setup function returned an error: ${message}`);
    if (code !== 0)
      throw new ModuleRejectedError(`wasm trap while calling "__setup__": unknown return code ${String(code)}`);
  }
  return { instance, env };
}

/** Calls `__describe_module__(sink)` and returns what it wrote (the BSATN `RawModuleDef`). */
export function describeModule({ instance, env }: StartedInstance): Uint8Array {
  const describe = instance.exports.__describe_module__ as (sink: number) => unknown;
  const sink = env.sinks.create();
  try {
    describe(sink);
    return env.sinks.take(sink);
  } catch (error) {
    throw new ModuleRejectedError(`error getting module description: ${messageOf(error)}`);
  } finally {
    env.endCall();
  }
}

/** A live instance running reducers for one database. */
export class WasmModuleInstance implements ModuleInstance {
  private trapped = false;
  /** Why the last trap happened (a `RuntimeError`, or what a host function threw): for diagnostics only. */
  lastTrapCause: unknown;
  private readonly callReducerExport: CallReducerExport;

  constructor(
    private readonly def: RawModuleDefV9,
    private readonly started: StartedInstance,
  ) {
    this.callReducerExport = started.instance.exports.__call_reducer__ as CallReducerExport;
  }

  get poisoned(): boolean {
    return this.trapped;
  }

  callReducer(tx: MutTx, call: ReducerCall): ReducerOutcome {
    if (this.trapped)
      throw new Error('this module instance trapped earlier and cannot run reducers; instantiate a new one');
    // An id the definition does not have still goes to the module, which answers it (with an error).
    const reducerName = this.def.reducers[call.reducerId]?.name ?? `<reducer ${call.reducerId}>`;
    const { env } = this.started;
    const startedAt = performance.now();
    const duration = () => Math.round((performance.now() - startedAt) * 1000);
    env.call = { tx, reducerName };
    const errorSink = env.sinks.create();
    const argsSource = env.sources.create(call.args);
    try {
      const [sender0, sender1, sender2, sender3] = u64Limbs(call.sender, 4) as [bigint, bigint, bigint, bigint];
      const [connection0, connection1] = u64Limbs(call.connectionId, 2) as [bigint, bigint];
      const code = this.callReducerExport(
        call.reducerId,
        sender0,
        sender1,
        sender2,
        sender3,
        connection0,
        connection1,
        call.timestamp,
        argsSource,
        errorSink,
      );
      const errorMessage = env.sinks.take(errorSink);
      if (code === 0) return { ok: true, durationMicros: duration() };
      // 1 (HOST_CALL_FAILURE) is the reducer's own error; any other code is the real host's
      // "unknown return code", reported as a fatal error without discarding the instance.
      const message = code === 1 ? lossyUtf8.decode(errorMessage) : FATAL_ERROR_MESSAGE;
      return { ok: false, message, trapped: false, durationMicros: duration() };
    } catch (error) {
      // A RuntimeError (unreachable, out of bounds, stack overflow) or an exception a host
      // function threw (an ABI misuse): the instance's state can no longer be trusted.
      this.trapped = true;
      this.lastTrapCause = error;
      return { ok: false, message: FATAL_ERROR_MESSAGE, trapped: true, durationMicros: duration() };
    } finally {
      env.endCall();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
