import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import type { MutTx } from './datastore/types.js';
import type { ModuleInstance, ReducerOutcome } from './host/types.js';

/** The index of the reducer with this lifecycle, if the module has one. */
export function lifecycleReducer(
  def: RawModuleDefV9,
  lifecycle: 'Init' | 'OnConnect' | 'OnDisconnect',
): number | undefined {
  const index = def.reducers.findIndex((reducer) => 'some' in reducer.lifecycle && lifecycle in reducer.lifecycle.some);
  return index < 0 ? undefined : index;
}

/** A reducer (or hook) that refused or trapped: the transaction around it rolls back. */
export class ReducerFailure extends Error {
  override readonly name = 'ReducerFailure';
  constructor(
    readonly outcome: Extract<ReducerOutcome, { ok: false }>,
    /** Which step failed: the connect hook answers 403, anything else 530. */
    readonly step: 'connect' | 'reducer' | 'disconnect' | 'init',
  ) {
    super(outcome.message);
  }
}

export interface Invocation {
  sender: bigint;
  connectionId: bigint;
  /** Microseconds since the Unix epoch. */
  timestamp: bigint;
}

/** Runs one reducer; throws `ReducerFailure` when it refuses or traps. */
export function runReducer(
  instance: ModuleInstance,
  tx: MutTx,
  reducerId: number,
  args: Uint8Array,
  invocation: Invocation,
  step: ReducerFailure['step'],
): number {
  const outcome = instance.callReducer(tx, { reducerId, args, ...invocation });
  if (!outcome.ok) throw new ReducerFailure(outcome, step);
  return outcome.durationMicros;
}

/**
 * `work` between the module's connect and disconnect hooks, as the product's server runs every
 * `/call` and `/sql` (with the caller's identity and a fresh connection id). All in the caller's
 * transaction: a failing hook rolls everything back.
 */
export function betweenHooks<T>(
  def: RawModuleDefV9,
  instance: ModuleInstance,
  tx: MutTx,
  invocation: Invocation,
  work: () => T,
): T {
  const connect = lifecycleReducer(def, 'OnConnect');
  const disconnect = lifecycleReducer(def, 'OnDisconnect');
  if (connect !== undefined) runReducer(instance, tx, connect, new Uint8Array(), invocation, 'connect');
  const result = work();
  if (disconnect !== undefined) runReducer(instance, tx, disconnect, new Uint8Array(), invocation, 'disconnect');
  return result;
}

/** Whether the module has connect or disconnect hooks (then even a read runs in a write transaction). */
export function hasConnectionHooks(def: RawModuleDefV9): boolean {
  return lifecycleReducer(def, 'OnConnect') !== undefined || lifecycleReducer(def, 'OnDisconnect') !== undefined;
}

/** A random u128 connection id (never 0, which means none). */
export function randomConnectionId(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value === 0n ? 1n : value;
}

export function nowMicros(now: () => number): bigint {
  return BigInt(Math.floor(now())) * 1000n;
}
