import { spacetimedbError, spacetimedbJsonError } from '@dbwire/server-stubs/spacetimedb';
import { identityFromHex } from '@dbwire/spacetimedb-sats';
import { putJson } from '@dbwire/storage';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import {
  type Database,
  readFormerOwner,
  readMeta,
  readName,
  targetIdentity,
  writeMeta,
  writeModule,
} from './databases.js';
import { checkCompatible, DatabaseDroppedError } from './datastore/index.js';
import type { CompiledModule, ModuleInstance } from './host/types.js';
import { ModuleRejectedError } from './host/types.js';
import { identityFromClaims, randomUuid } from './identity.js';
import { keys } from './keys.js';
import { appendLogLines } from './logs.js';
import type { DatabaseTarget } from './names.js';
import { databaseExists, lifecycleReducer, nowMicros, ReducerFailure, reportTrap, runReducer } from './reducers.js';
import type { LiveDatabase } from './runtime.js';
import { LOCAL_ISSUER } from './tokens.js';

export interface PublishRequest {
  caller: SpacetimedbCaller;
  /** Where to publish: `undefined` for a new database without a name. */
  target: DatabaseTarget | undefined;
  /** The path parameter as given (for `PermissionDenied`). */
  given?: string;
  bytes: Uint8Array;
  clear: boolean;
  hostType: 'Wasm' | 'Js' | undefined;
}

export interface PublishOutcome {
  identity: string;
  op: 'created' | 'updated';
}

/** Another publish created the database or took the name while this one ran: start over. */
class Raced extends Error {}

/**
 * Publishing (`POST /v1/database`, `POST`/`PUT /v1/database/{name_or_identity}`). A new database
 * is created in one storage transaction (record, module bytes, names, tables and whatever `init`
 * wrote), so a module whose `init` fails leaves nothing behind. The owner's republish keeps the
 * data when the tables are compatible, or empties them and runs `init` again with `clear`, also in
 * one storage transaction: a republish that fails changes nothing.
 */
export async function publish(context: SpacetimedbContext, request: PublishRequest): Promise<PublishOutcome> {
  if (request.hostType === 'Js') {
    throw spacetimedbError(
      400,
      'This server hosts WebAssembly modules only (host_type=Wasm); JavaScript modules are not supported.',
    );
  }
  const module = await compile(context, request.bytes);
  for (let attempt = 0; ; attempt++) {
    const existing = await context.storage.transact(async (tx) => {
      const identity = request.target === undefined ? undefined : await targetIdentity(tx, request.target);
      const meta = identity === undefined ? undefined : await readMeta(tx, identity);
      return identity === undefined || meta === undefined ? undefined : { identity, meta };
    });
    try {
      if (existing !== undefined) return await update(context, request, module, existing);
      return await create(context, request, module);
    } catch (error) {
      if (!(error instanceof Raced) || attempt >= 5) throw error;
    }
  }
}

async function compile(context: SpacetimedbContext, bytes: Uint8Array): Promise<CompiledModule> {
  try {
    return await context.runtime.compile(bytes);
  } catch (error) {
    if (error instanceof ModuleRejectedError) throw spacetimedbError(500, error.message);
    throw error;
  }
}

async function create(
  context: SpacetimedbContext,
  request: PublishRequest,
  module: CompiledModule,
): Promise<PublishOutcome> {
  const { target } = request;
  const identity = target?.kind === 'identity' ? target.identity : identityFromClaims(LOCAL_ISSUER, randomUuid());
  const name = target?.kind === 'name' ? target.name : undefined;
  const live = context.runtime.prepare(identity, module);
  const instance = await context.runtime.instance(live);
  try {
    await live.tables.replace(context.storage, { previous: undefined, keepRows: false }, async (tx, storageTx) => {
      if ((await readMeta(storageTx, identity)) !== undefined) throw new Raced();
      if (name !== undefined && (await readName(storageTx, name)) !== undefined) throw new Raced();
      const formerOwner = await readFormerOwner(storageTx, identity);
      if (formerOwner !== undefined && formerOwner !== request.caller.identity) {
        throw spacetimedbJsonError(401, { PermissionDenied: { name: request.given ?? identity } });
      }
      await storageTx.delete(keys.tombstone(identity));
      await writeModule(storageTx, identity, request.bytes);
      await writeMeta(storageTx, identity, {
        owner: request.caller.identity,
        hash: module.hash,
        names: name === undefined ? [] : [name],
      });
      if (name !== undefined) await putJson(storageTx, keys.name(name), identity);
      live.pendingLogs.length = 0;
      runInit(live, instance, tx, request.caller, context.now);
      await appendLogLines(storageTx, identity, live.pendingLogs.splice(0));
    });
  } catch (error) {
    // Nothing was created: the lines of a failed `init` have no database to belong to.
    live.pendingLogs.length = 0;
    throw initFailure(context, identity, instance, error);
  }
  context.runtime.install(live);
  return { identity, op: 'created' };
}

async function update(
  context: SpacetimedbContext,
  request: PublishRequest,
  module: CompiledModule,
  database: Database,
): Promise<PublishOutcome> {
  if (request.caller.identity !== database.meta.owner) {
    throw spacetimedbJsonError(401, { PermissionDenied: { name: request.given ?? database.identity } });
  }
  const { runtime } = context;
  const current = await runtime.database(database).catch((error: unknown) => {
    // Deleted or republished since it was read: start over.
    throw error instanceof DatabaseDroppedError ? new Raced() : error;
  });
  const next = runtime.prepare(database.identity, module);
  if (!request.clear) {
    const problem = checkCompatible(current.schemas, next.schemas);
    if (problem !== undefined) {
      throw spacetimedbError(400, `incompatible module: ${problem}; publish with clear=true to replace the data`);
    }
  }
  // One storage transaction: the new tables (emptied with `clear`, else migrated), the module, its
  // record and, with `clear`, whatever `init` wrote. If any of it fails, the database keeps its old
  // module, tables and rows, and `current` stays the cached state.
  const instance = request.clear ? await runtime.instance(next) : undefined;
  const { identity } = database;
  try {
    await next.tables.replace(
      context.storage,
      { previous: current.tables, keepRows: !request.clear },
      async (tx, storageTx) => {
        const meta = await readMeta(storageTx, identity);
        if (meta === undefined || meta.hash !== database.meta.hash) throw new Raced();
        await writeModule(storageTx, identity, request.bytes);
        await writeMeta(storageTx, identity, { owner: meta.owner, hash: module.hash, names: meta.names });
        if (instance === undefined) return;
        next.pendingLogs.length = 0;
        runInit(next, instance, tx, request.caller, context.now);
        await appendLogLines(storageTx, identity, next.pendingLogs.splice(0));
      },
    );
  } catch (error) {
    // `current` was deleted or replaced meanwhile (here or by another process): start over.
    if (error instanceof DatabaseDroppedError) throw new Raced();
    // The database keeps its old module; a failed `init`'s lines go to its log all the same.
    await context.logs.append(identity, next.pendingLogs.splice(0), (tx) => databaseExists(tx, identity));
    throw initFailure(context, identity, instance, error);
  }
  context.logs.wake(identity);
  runtime.install(next);
  return { identity: database.identity, op: 'updated' };
}

function runInit(
  live: LiveDatabase,
  instance: Parameters<typeof runReducer>[0],
  tx: Parameters<typeof runReducer>[1],
  caller: SpacetimedbCaller,
  now: () => number,
): void {
  const init = lifecycleReducer(live.module.def, 'Init');
  if (init === undefined) return;
  runReducer(
    instance,
    tx,
    init,
    new Uint8Array(),
    { sender: identityFromHex(caller.identity), connectionId: 0n, timestamp: nowMicros(now) },
    'init',
  );
}

/** A failing `init` is the product's 500 with the reducer's message (a trap's cause goes to the operator). */
function initFailure(
  context: SpacetimedbContext,
  identity: string,
  instance: ModuleInstance | undefined,
  error: unknown,
): unknown {
  if (error instanceof ReducerFailure) {
    if (error.outcome.trapped && instance !== undefined) reportTrap(context, identity, instance, error.step);
    return spacetimedbError(500, `The database's init reducer failed: ${error.message}`);
  }
  return error;
}
