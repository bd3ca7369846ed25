import { HttpResponseError } from '@dbwire/server-stubs';
import { spacetimedbError, spacetimedbText } from '@dbwire/server-stubs/spacetimedb';
import { identityFromHex, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import type { WriteTransaction } from '@dbwire/storage';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import { readMeta } from './databases.js';
import { DatabaseDroppedError } from './datastore/stored.js';
import type { CommitOrigin, MutTx } from './datastore/types.js';
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

/** `now()` (milliseconds since the epoch) as microseconds since the epoch. */
export function nowMicros(now: () => number): bigint {
  return BigInt(Math.floor(now())) * 1000n;
}

/** Whole microseconds since `started`, a `performance.now()` reading. */
export function microsSince(started: number): number {
  return Math.round((performance.now() - started) * 1000);
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

/** What a commit's origin says beyond the caller and connection (see `CommitOrigin`). */
export interface OriginDetails {
  reducer?: { name: string; id: number; args: Uint8Array };
  requestId?: number;
  session?: object;
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
 * instance failed). Connections of one database run one at a time in this process. The commit's
 * listeners get an origin with the caller, the connection and `details`.
 */
export function inConnection<T>(
  context: SpacetimedbContext,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  gone: () => Error,
  work: (tx: MutTx, instance: ModuleInstance, invocation: Invocation) => T,
  details: OriginDetails = {},
): Promise<T> {
  const { def } = live.module;
  const connectionId = randomConnectionId();
  return inTransaction(context, live, caller.identity, connectionId, gone, details, (tx, instance, invocation) =>
    betweenHooks(def, instance, tx, invocation, () => work(tx, instance, invocation)),
  ).catch((error: unknown) => {
    if (error instanceof ReducerFailure) throw failureResponse(error);
    throw error;
  });
}

/**
 * One transaction of a connection, in the database's `connections` queue: `work` with the
 * module's instance, the log lines written with the changes, `gone()` when the database no longer
 * exists. A `ReducerFailure` rolls back, writes the lines alone, reports a trap and is rethrown.
 */
function inTransaction<T>(
  context: SpacetimedbContext,
  live: LiveDatabase,
  callerIdentity: string,
  connectionId: bigint,
  gone: () => Error,
  details: OriginDetails,
  work: (tx: MutTx, instance: ModuleInstance, invocation: Invocation) => T,
): Promise<T> {
  const { identity } = live;
  return context.connections.run(identity, async () => {
    const invocation = { sender: identityFromHex(callerIdentity), connectionId, timestamp: nowMicros(context.now) };
    const origin: CommitOrigin = {
      callerIdentity,
      connectionId,
      timestampMicros: invocation.timestamp,
      durationMicros: 0,
      ...details,
    };
    // Made here, after the previous connection: an instance it poisoned is replaced.
    const instance = await context.runtime.instance(live);
    const started = performance.now();
    try {
      const { value } = await live.tables.mutate(
        context.storage,
        async (tx, storageTx) => {
          // Lines of an attempt that lost a storage conflict belong to no committed call.
          live.pendingLogs.length = 0;
          if (!(await databaseExists(storageTx, identity))) throw gone();
          const value = work(tx, instance, invocation);
          origin.durationMicros = microsSince(started);
          const lines = live.pendingLogs.splice(0);
          await appendLogLines(storageTx, identity, lines);
          return { value, logged: lines.length > 0 };
        },
        origin,
      );
      if (value.logged) context.logs.wake(identity);
      return value.value;
    } catch (error) {
      await context.logs.append(identity, live.pendingLogs.splice(0), (tx) => databaseExists(tx, identity));
      if (error instanceof ReducerFailure && error.outcome.trapped) reportTrap(context, identity, instance, error.step);
      throw error;
    }
  });
}

/** A WebSocket connection's database was deleted under its hook or call (nobody to answer with a 404). */
class DatabaseGone extends Error {
  override readonly name = 'DatabaseGone';
}

/** One WebSocket connection's identity and connection id, for its hooks and calls. */
export interface SessionCaller {
  identity: string;
  connectionId: bigint;
}

/**
 * The connect hook of a WebSocket connection, in a transaction of its own (before the upgrade is
 * answered). Its refusal is the 403 `/call` answers for it; a module without the hook commits nothing.
 */
export async function connectSession(
  context: SpacetimedbContext,
  live: LiveDatabase,
  session: SessionCaller,
  gone: () => Error,
): Promise<void> {
  const hook = lifecycleReducer(live.module.def, 'OnConnect');
  if (hook === undefined) return;
  await hookTransaction(context, live, session, gone, hook, 'connect').catch((error: unknown) => {
    if (error instanceof ReducerFailure) throw failureResponse(error);
    throw error;
  });
}

/**
 * The disconnect hook of a WebSocket connection that closed (or whose handshake was abandoned), in
 * a transaction of its own. Nobody is left to answer: a failure goes to `context.reportError`.
 * When the database was republished meanwhile, the hook of the module now running it runs (the
 * connection's identity and id are still the module's business); a deleted database has no
 * module left, so nothing runs.
 */
export async function disconnectSession(
  context: SpacetimedbContext,
  live: LiveDatabase,
  session: SessionCaller,
): Promise<void> {
  let target: LiveDatabase | undefined = live;
  // Tables retire at most once per republish: a few rounds cover republishes that land while the hook runs.
  for (let round = 0; round < 3 && target !== undefined; round++) {
    if (target.tables.retiredAs === 'deleted') return;
    if (target.tables.dropped) {
      target = await liveAfterRepublish(context, target.identity);
      continue;
    }
    const hook = lifecycleReducer(target.module.def, 'OnDisconnect');
    if (hook === undefined) return;
    try {
      await hookTransaction(context, target, session, () => new DatabaseGone(), hook, 'disconnect');
      return;
    } catch (error) {
      // A refusing hook is the module's own business (a trap was reported already); a deleted
      // database has nobody to tell; replaced tables send the hook to the new module.
      if (error instanceof ReducerFailure || error instanceof DatabaseGone) return;
      if (!(error instanceof DatabaseDroppedError)) {
        context.reportError(error);
        return;
      }
    }
  }
}

/** The database as this process runs it after a republish (here or elsewhere); undefined once it is deleted. */
async function liveAfterRepublish(context: SpacetimedbContext, identity: string): Promise<LiveDatabase | undefined> {
  // A republish here retires the old tables a few microtasks before it installs the new module:
  // one task later the runtime serves the installed one instead of loading a copy.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const meta = await context.storage.transact((tx) => readMeta(tx, identity));
  if (meta === undefined) return undefined;
  try {
    return await context.runtime.database({ identity, meta });
  } catch (error) {
    if (error instanceof DatabaseDroppedError) return undefined;
    throw error;
  }
}

function hookTransaction(
  context: SpacetimedbContext,
  live: LiveDatabase,
  session: SessionCaller,
  gone: () => Error,
  hook: number,
  step: 'connect' | 'disconnect',
): Promise<void> {
  const name = live.module.def.reducers[hook]?.name ?? '';
  const details = { reducer: { name, id: hook, args: new Uint8Array() } };
  const { identity, connectionId } = session;
  return inTransaction(context, live, identity, connectionId, gone, details, (tx, instance, invocation) => {
    runReducer(instance, tx, hook, new Uint8Array(), invocation, step);
  });
}

/** How a reducer called over a WebSocket ended. */
export type SessionCallOutcome =
  | { kind: 'committed'; durationMicros: number; changed: boolean }
  | { kind: 'failed'; message: string; trapped: boolean; durationMicros: number }
  | { kind: 'gone' };

/**
 * A reducer called over a WebSocket: with the session's identity and connection id, no hooks
 * around it (the connection already ran its connect hook), its lines logged as for `/call`, and an
 * origin carrying `details` (the session and its request id) to the commit listeners.
 */
export async function callFromSession(
  context: SpacetimedbContext,
  live: LiveDatabase,
  session: SessionCaller,
  reducerId: number,
  args: Uint8Array,
  details: Omit<OriginDetails, 'reducer'>,
): Promise<SessionCallOutcome> {
  const name = live.module.def.reducers[reducerId]?.name ?? '';
  let durationMicros = 0;
  try {
    let changed = false;
    await inTransaction(
      context,
      live,
      session.identity,
      session.connectionId,
      () => new DatabaseGone(),
      { ...details, reducer: { name, id: reducerId, args } },
      (tx, instance, invocation) => {
        durationMicros = runReducer(instance, tx, reducerId, args, invocation, 'reducer');
        changed = tx.changes().tables.length > 0;
      },
    );
    return { kind: 'committed', durationMicros, changed };
  } catch (error) {
    if (error instanceof ReducerFailure) {
      const { message, trapped } = error.outcome;
      return { kind: 'failed', message, trapped, durationMicros: error.outcome.durationMicros };
    }
    if (error instanceof DatabaseGone || error instanceof DatabaseDroppedError) return { kind: 'gone' };
    throw error;
  }
}

/** What a failed connection answers (a trap's cause went to the operator already). */
function failureResponse(failure: ReducerFailure): HttpResponseError {
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
