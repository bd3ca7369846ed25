import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import type { MutTx } from '../datastore/types.js';

/**
 * The WebAssembly module host: compiles a published module, reads its definition, and runs its
 * reducers against a `MutTx`. Runtime-neutral (the platform's `WebAssembly` only).
 */

/** Why a module cannot be published (not WebAssembly, missing exports, unknown imports, a bad definition). */
export class ModuleRejectedError extends Error {
  override readonly name = 'ModuleRejectedError';
}

/** A console line a module logged (`console_log`), with the fields `/logs` serves. */
export interface ModuleLogLine {
  level: 'Error' | 'Warn' | 'Info' | 'Debug' | 'Trace' | 'Panic';
  /** Microseconds since the Unix epoch. */
  ts: number;
  target?: string;
  filename?: string;
  line_number?: number;
  function?: string;
  message: string;
}

export interface ReducerCall {
  /** Index of the reducer in `def.reducers`. */
  reducerId: number;
  /** The caller's identity as a u256. */
  sender: bigint;
  /** The caller's connection id as a u128; 0n for none. */
  connectionId: bigint;
  /** Microseconds since the Unix epoch. */
  timestamp: bigint;
  /** BSATN of the reducer's parameters (a product). */
  args: Uint8Array;
}

export type ReducerOutcome =
  | { ok: true; durationMicros: number }
  /** The reducer returned an error (`trapped` false) or trapped; the caller rolls the MutTx back. */
  | { ok: false; message: string; trapped: boolean; durationMicros: number };

export interface CompiledModule {
  /** The module's definition, read once through `__describe_module__`. */
  readonly def: RawModuleDefV9;
  /** Keccak-256 of the module bytes, 64 lowercase hex digits (`initial_program`). */
  readonly hash: string;
  /** A live instance for one database; instances are reused across calls, and replaced after a trap. */
  instantiate(environment: HostEnvironment): Promise<ModuleInstance>;
}

export interface HostEnvironment {
  /** The database's identity as a u256 (the `identity` host call writes it). */
  databaseIdentity: bigint;
  /** Receives every `console_log` line as it is logged, even from calls that roll back. */
  log(line: ModuleLogLine): void;
}

export interface ModuleInstance {
  /**
   * Runs one reducer synchronously against `tx` (every datastore host call goes to it). Never
   * throws for module failures: an error or a trap is an outcome. After a trap the instance is
   * unusable (`poisoned`) and the owner makes a new one.
   */
  callReducer(tx: MutTx, call: ReducerCall): ReducerOutcome;
  readonly poisoned: boolean;
}
