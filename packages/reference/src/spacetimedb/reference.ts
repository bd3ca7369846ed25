import type { ApiBinding } from '@dbwire/server-stubs';
import { HttpResponseError } from '@dbwire/server-stubs';
import {
  type SpacetimedbHandlers,
  spacetimedbApi,
  spacetimedbError,
  spacetimedbErrorShape,
} from '@dbwire/server-stubs/spacetimedb';
import { moduleDefToJson } from '@dbwire/spacetimedb-sats';
import type { StorageEngine } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { KeyedMutex } from '../write-daemon/mutex.js';
import { authenticate, type SpacetimedbCaller, spacetimedbResponseHeaders } from './auth.js';
import { callReducer } from './calls.js';
import type { SpacetimedbContext } from './context.js';
import {
  addName,
  checkName,
  checkOwner,
  type Database,
  deleteDatabase,
  notFound,
  readMeta,
  resolveDatabase,
  setNames,
} from './databases.js';
import { DatabaseDroppedError } from './datastore/index.js';
import { parseIdentity } from './identity.js';
import { ModuleLogs } from './logs.js';
import { parseTarget } from './names.js';
import { publish } from './publish.js';
import { runSql } from './queries.js';
import { callHeaders } from './reducers.js';
import { type LiveDatabase, Runtime } from './runtime.js';
import { checkUpgrade } from './subscribe.js';
import { checkCompression, openSubscription, sessionConnectionId } from './subscriptions/connect.js';
import { SubscriptionHubs } from './subscriptions/hub.js';
import { OpenSessions } from './subscriptions/open-sessions.js';
import type { Session } from './subscriptions/session.js';
import { TokenIssuer } from './tokens.js';

/** The largest module a publish accepts (the spec's 32 MiB; 413 beyond). */
export const MODULE_LIMIT_BYTES = 32 * 1024 * 1024;

export interface SpacetimedbReferenceOptions {
  storage: StorageEngine;
  /** Milliseconds since the epoch; injectable so tests can expire websocket tokens. */
  now?: () => number;
  /**
   * Told about failures a client only sees as a bare status: a module instance that trapped (the
   * answer is the product's "fatal error" text; the cause, with its stack, comes here).
   * @default console.error
   */
  onError?: (error: unknown) => void;
}

export interface SpacetimedbReference {
  /**
   * The context is the authenticated caller on every route with security (all but
   * `createIdentity` and `getIdentityPublicKey`, which get `undefined` and read no caller).
   */
  binding: ApiBinding<SpacetimedbCaller | undefined>;
  /** The largest request body the server in front must accept (a module at the limit). */
  bodyLimit: number;
  /** The WebSocket side: a hub per live database and the open sessions (for tests and metrics). */
  subscriptions: { hubs: SubscriptionHubs; sessions: OpenSessions<Session> };
  /**
   * Closes every WebSocket session (1001) and resolves once their disconnect hooks finished: call
   * it before closing the storage.
   */
  close(): Promise<void>;
}

/**
 * A SpacetimeDB host (specs/spacetimedb.yaml) on a storage engine: identities and ES256 tokens,
 * databases published from WebAssembly modules and run by ./host over ./datastore, reducer calls,
 * SQL (./sql), schemas, names and module logs. Everything durable is on the engine; each process
 * keeps compiled modules and in-memory tables as caches, refreshed when another process commits.
 */
export async function createSpacetimedbReference(options: SpacetimedbReferenceOptions): Promise<SpacetimedbReference> {
  const now = options.now ?? Date.now;
  const { storage } = options;
  const logs = new ModuleLogs(storage);
  const context: SpacetimedbContext = {
    storage,
    now,
    issuer: await TokenIssuer.create(storage, now),
    runtime: new Runtime(storage),
    logs,
    connections: new KeyedMutex(),
    reportError: options.onError ?? ((error) => console.error(error)),
  };
  const hubs = new SubscriptionHubs(context.reportError);
  const sessions = new OpenSessions<Session>();
  // A database deleted or republished here closes its subscribers (see subscriptions/hub.ts).
  context.runtime.onRetire((live, reason) => hubs.retire(live, reason));
  /** The runtime's caches of a database this request found gone. */
  const forget = (identity: string) => context.runtime.forget(identity);
  const resolve = async (nameOrIdentity: string): Promise<Database> => {
    try {
      return await storage.transact((tx) => resolveDatabase(tx, nameOrIdentity));
    } catch (error) {
      const target = parseTarget(nameOrIdentity);
      if (target.kind === 'identity' && error instanceof HttpResponseError) forget(target.identity);
      throw error;
    }
  };
  /**
   * Runs `work` on the database as this process runs it. `gone` is the 404 for a database deleted
   * while the request waited. Tables replaced by a republish meanwhile (`DatabaseDroppedError`)
   * are loaded anew and `work` runs once more.
   */
  const withLive = async <T>(
    nameOrIdentity: string,
    work: (database: Database, live: LiveDatabase, gone: () => Error) => Promise<T>,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const database = await resolve(nameOrIdentity);
      const gone = () => {
        forget(database.identity);
        return notFound(parseTarget(nameOrIdentity));
      };
      try {
        return await work(database, await context.runtime.database(database), gone);
      } catch (error) {
        if (!(error instanceof DatabaseDroppedError) || attempt > 0) throw error;
      }
    }
  };

  const handlers: SpacetimedbHandlers<SpacetimedbCaller> = {
    publishNewDatabase: async ({ body, query }, caller) => {
      const outcome = await publish(context, {
        caller,
        target: undefined,
        bytes: body as unknown as Uint8Array,
        clear: false,
        hostType: query.host_type,
      });
      return { status: 200, body: { Success: { domain: null, database_identity: outcome.identity, op: outcome.op } } };
    },
    publishDatabase: async ({ params, query, body }, caller) =>
      publishTo(params.name_or_identity, body as unknown as Uint8Array, query, caller),
    publishDatabaseWithPut: async ({ params, query, body }, caller) =>
      publishTo(params.name_or_identity, body as unknown as Uint8Array, query, caller),
    getDatabase: async ({ params }) => {
      const { identity, meta } = await resolve(params.name_or_identity);
      return {
        status: 200,
        body: {
          database_identity: identity,
          owner_identity: meta.owner,
          host_type: 'wasm',
          initial_program: meta.hash,
        },
      };
    },
    deleteDatabase: async ({ params }, caller) => {
      const target = parseTarget(params.name_or_identity);
      const deleted = await transactRequest(storage, async (tx) => {
        let database: Database;
        try {
          database = await resolveDatabase(tx, params.name_or_identity);
        } catch (error) {
          // An identity without a database is already deleted, as the product answers.
          if (target.kind === 'identity' && error instanceof HttpResponseError) return undefined;
          throw error;
        }
        checkOwner(caller.identity, database, 'delete database');
        await deleteDatabase(tx, database);
        return database.identity;
      });
      if (deleted !== undefined) {
        forget(deleted);
        logs.wake(deleted);
      }
      return { status: 200 };
    },
    getDatabaseNames: async ({ params }) => {
      const { meta } = await resolve(params.name_or_identity);
      return { status: 200, body: { names: meta.names } };
    },
    addDatabaseName: async ({ params, body }, caller) => {
      const name = body;
      checkName(name);
      const identity = await transactRequest(storage, async (tx) => {
        const database = await resolveDatabase(tx, params.name_or_identity);
        await addName(tx, caller.identity, database, name);
        return database.identity;
      });
      return {
        status: 200,
        body: { Success: { domain: name, database_result: identity, database_identity: identity } },
      };
    },
    setDatabaseNames: async ({ params, body }, caller) => {
      await transactRequest(storage, async (tx) => {
        const database = await resolveDatabase(tx, params.name_or_identity);
        await setNames(tx, caller.identity, database, body);
      });
      return { status: 200, body: { Success: null } };
    },
    getDatabaseIdentity: async ({ params }) => {
      const { identity } = await resolve(params.name_or_identity);
      return { status: 200, body: identity, contentType: 'text/plain' };
    },
    subscribeToDatabase: async ({ params, query, headers }, caller) => {
      await resolve(params.name_or_identity);
      const protocol = checkUpgrade(headers);
      const compression = checkCompression(query.compression);
      const connectionId = sessionConnectionId(query.connection_id);
      const upgrade = await withLive(params.name_or_identity, (database, live, gone) =>
        openSubscription({
          context,
          hubs,
          sessions,
          live,
          caller,
          isOwner: caller.identity === database.meta.owner,
          protocol,
          compression,
          connectionId,
          light: String(query.light) === 'true',
          gone,
        }),
      );
      return { status: 101 as const, upgrade };
    },
    callReducer: async ({ params, body }, caller) => {
      const { durationMicros } = await withLive(params.name_or_identity, (_database, running, gone) =>
        callReducer(context, running, caller, params.reducer, body, gone),
      );
      return { status: 200, headers: callHeaders(durationMicros) };
    },
    getDatabaseSchema: async ({ params, query }) => {
      const version = Number(query.version);
      if (version !== 9) {
        throw spacetimedbError(
          400,
          `unsupported schema version ${String(query.version)}: this server serves version 9`,
        );
      }
      const def = await withLive(params.name_or_identity, async (_database, running) => running.module.def);
      return { status: 200, body: moduleDefToJson(def) as never };
    },
    getDatabaseLogs: async ({ params, query }, caller) => {
      const database = await resolve(params.name_or_identity);
      checkOwner(caller.identity, database, 'view module logs');
      const count = query.num_lines === undefined ? undefined : Number(query.num_lines);
      if (String(query.follow) === 'true') {
        const identity = database.identity;
        const isGone = async () => (await storage.transact((tx) => readMeta(tx, identity))) === undefined;
        return {
          status: 200,
          body: logs.follow(identity, count, isGone) as never,
          contentType: 'application/x-ndjson',
        };
      }
      const { lines } = await logs.read(database.identity, count);
      return {
        status: 200,
        body: lines.map((line) => `${line}\n`).join('') as never,
        contentType: 'application/x-ndjson',
      };
    },
    runSql: async ({ params, body }, caller) => {
      const answers = await withLive(params.name_or_identity, (database, running, gone) =>
        runSql(context, database, running, caller, body, gone),
      );
      return { status: 200, body: answers as never };
    },
    async createIdentity() {
      const { identity, token } = await context.issuer.mint();
      return { status: 200, body: { identity, token } };
    },
    async createWebsocketToken(_request, caller) {
      return { status: 200, body: { token: await context.issuer.websocketToken(caller.claims) } };
    },
    async getIdentityPublicKey() {
      return {
        status: 200,
        body: await context.issuer.publicKeyPem(),
        contentType: 'application/pem-certificate-chain',
      };
    },
    async verifyIdentity({ params }, caller) {
      return { status: parseIdentity(params.identity) === caller.identity ? 204 : 400 };
    },
  };

  async function publishTo(
    nameOrIdentity: string,
    bytes: Uint8Array,
    query: { clear?: boolean; host_type?: 'Wasm' | 'Js' },
    caller: SpacetimedbCaller,
  ) {
    const target = parseTarget(nameOrIdentity);
    // The path's pattern allows 66 characters (an identity with `0x`); a name has at most 64.
    if (target.kind === 'name') checkName(target.name);
    const outcome = await publish(context, {
      caller,
      target,
      given: nameOrIdentity,
      bytes,
      clear: String(query.clear) === 'true',
      hostType: query.host_type,
    });
    return {
      status: 200 as const,
      body: {
        Success: {
          domain: target.kind === 'name' ? target.name : null,
          database_identity: outcome.identity,
          op: outcome.op,
        },
      },
    };
  }

  return {
    binding: {
      id: spacetimedbApi.id,
      schemas: spacetimedbApi.schemas,
      routes: spacetimedbApi.routes,
      handlers,
      errors: spacetimedbErrorShape,
      authenticate: (request, route) => authenticate(context.issuer, request, route),
      responseHeaders: spacetimedbResponseHeaders,
      publicContext: undefined,
      // u64 and wider integers in reducer arguments and SQL rows travel digit for digit.
      largeIntegers: 'bigint',
    },
    bodyLimit: MODULE_LIMIT_BYTES,
    subscriptions: { hubs, sessions },
    close: () => sessions.close(),
  };
}
