import { HttpResponseError } from '@dbwire/server-stubs';
import { spacetimedbError, spacetimedbText } from '@dbwire/server-stubs/spacetimedb';
import { identityFromHex, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import type { WriteTransaction } from '@dbwire/storage';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import { readMeta } from './databases.js';
import type { MutTx } from './datastore/types.js';
import type { ModuleInstance, ReducerOutcome } from './host/types.js';
import { appendLogLines } from './logs.js';
import type { LiveDatabase } from './runtime.js';

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

/** The headers of a call's answer: dbwire meters no energy; the reducer's running time. */
export function callHeaders(durationMicros: number): Record<string, string> {
  return {
    'spacetime-energy-used': '0',
    'spacetime-execution-duration-micros': String(Math.max(0, Math.round(durationMicros))),
  };
}

/** Whether the database still has its record, as of `tx`. */
export async function databaseExists(tx: WriteTransaction, identity: string): Promise<boolean> {
  return (await readMeta(tx, identity)) !== undefined;
}

/**
 * Runs `work` as one connection of `caller` to the database, as `/call` and `/sql` both do: with a
 * fresh connection id, between the module's connect and disconnect hooks, in one storage
 * transaction that also holds the lines the module logged (so a call's lines keep their order and
 * concurrent calls do not conflict on the log). The transaction first checks the database still
 * exists (`gone()` is thrown otherwise: a call queued behind a delete must not write under it).
 *
 * A hook or reducer that fails rolls everything back; its lines are still written, in a
 * transaction of their own. The connect hook's refusal answers 403, any other failure 530 with the
 * call headers; a trap is reported through `context.reportError` (the answer only says the
 * instance failed). Connections of one database run one at a time in this process.
 */
export function inConnection<T>(
  context: SpacetimedbContext,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  gone: () => Error,
  work: (tx: MutTx, instance: ModuleInstance, invocation: Invocation) => T,
): Promise<T> {
  const { identity } = live;
  const { def } = live.module;
  return context.connections.run(identity, async () => {
    const invocation = {
      sender: identityFromHex(caller.identity),
      connectionId: randomConnectionId(),
      timestamp: nowMicros(context.now),
    };
    // Made here, after the previous connection: an instance it poisoned is replaced.
    const instance = await context.runtime.instance(live);
    try {
      const { value } = await live.tables.mutate(context.storage, async (tx, storageTx) => {
        // Lines of an attempt that lost a storage conflict belong to no committed call.
        live.pendingLogs.length = 0;
        if (!(await databaseExists(storageTx, identity))) throw gone();
        const value = betweenHooks(def, instance, tx, invocation, () => work(tx, instance, invocation));
        const lines = live.pendingLogs.splice(0);
        await appendLogLines(storageTx, identity, lines);
        return { value, logged: lines.length > 0 };
      });
      if (value.logged) context.logs.wake(identity);
      return value.value;
    } catch (error) {
      await context.logs.append(identity, live.pendingLogs.splice(0), (tx) => databaseExists(tx, identity));
      if (error instanceof ReducerFailure) throw failureResponse(context, live, instance, error);
      throw error;
    }
  });
}

/** What a failed connection answers; a trap's cause goes to the operator. */
function failureResponse(
  context: SpacetimedbContext,
  live: LiveDatabase,
  instance: ModuleInstance,
  failure: ReducerFailure,
): HttpResponseError {
  if (failure.outcome.trapped) reportTrap(context, live.identity, instance, failure.step);
  if (failure.step === 'connect') return spacetimedbError(403, failure.message);
  return new HttpResponseError(spacetimedbText(530, failure.message, callHeaders(failure.outcome.durationMicros)));
}

/**
 * Reports why a module instance trapped (a RuntimeError, or a host function's own bug): clients
 * only get the product's bare "fatal error" text, so this is how an operator sees the cause.
 */
export function reportTrap(
  context: SpacetimedbContext,
  identity: string,
  instance: ModuleInstance,
  step: ReducerFailure['step'],
): void {
  // Only the WebAssembly host's instances keep the cause; it is not part of `ModuleInstance`.
  const cause = (instance as { lastTrapCause?: unknown }).lastTrapCause;
  context.reportError(new Error(`spacetimedb: the module of database ${identity} trapped (${step})`, { cause }));
}
