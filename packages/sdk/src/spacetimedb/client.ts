import { parseJson } from '@dbwire/json';
import type { Client } from './generated/client/index.js';
import * as op from './generated/sdk.gen.js';
import type {
  AddNameSuccess,
  DatabaseInfo,
  IdentityAndToken,
  LogRecord,
  PublishResult,
  RawModuleDefV9,
  ReducerArguments,
} from './generated/types.gen.js';
import { type LiveConnection, type LiveConnectOptions, openLiveConnection } from './live.js';
import { followLogLines, parseLogLines } from './logs.js';
import { type ModuleSource, moduleBlob } from './module.js';
import type { SqlResult } from './sql.js';
import { createSpacetimedbTransport, type SpacetimedbTransportOptions } from './transport.js';

export type SpacetimedbClientOptions = SpacetimedbTransportOptions;

/** What every call takes. */
export interface CallOptions {
  /** Cancels the call (it then rejects with `ApiUserAbortError`). */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface PublishOptions extends CallOptions {
  /**
   * Replace the module and empty every table (and run `init` again), for a republish whose tables
   * changed incompatibly. Only with a name or identity.
   */
  clear?: boolean;
}

/** A publish's answer: the database and whether it was `created` or `updated`. */
export type Published = PublishResult['Success'];

/** A name was added: the database it names. */
export type NameAdded = AddNameSuccess['Success'];

/** A reducer call's answer (the call has no body): what the server measured. */
export interface ReducerCalled {
  /** `spacetime-execution-duration-micros`, when sent. */
  executionDurationMicros: number | undefined;
  /** `spacetime-energy-used` (always 0 on dbwire servers), when sent. */
  energyUsed: number | undefined;
}

export interface LogsOptions extends CallOptions {
  /** Only the last this many lines. @default every line the server kept */
  numLines?: number;
}

/**
 * A typed SpacetimeDB client: one method per operation of `specs/spacetimedb.yaml` (the
 * `/v1/database` and `/v1/identity` routes). Bodies holding values (SQL results, the schema, log
 * lines) are parsed with `parseJson` from `@dbwire/json`: a `u64` or `i128` beyond 2^53 arrives as
 * a `bigint`, exactly. Reducer arguments may hold `bigint`s; they go out digit for digit.
 */
export interface SpacetimedbClient {
  /** The hey-api client underneath, for the generated functions (which parse with `JSON.parse`). */
  readonly transport: Client;
  /** The identity the client acts as (64 hex digits); `undefined` until known (an anonymous client before its first answer). */
  readonly identity: string | undefined;
  /** The token the client sends: its own, or the one the server minted for it; `undefined` before that. */
  readonly token: string | undefined;

  /**
   * Publishes a module. Without `nameOrIdentity`, a new database with a fresh identity and no name
   * (`POST /v1/database`); with it, to that name or identity (`PUT`, the method of the product's
   * server; retried when safe): created if absent, otherwise updated (owner only).
   */
  publishDatabase(
    nameOrIdentity: string | undefined,
    module: ModuleSource,
    options?: PublishOptions,
  ): Promise<Published>;
  /** The database's identity, owner, host type and module hash. */
  getDatabase(nameOrIdentity: string, options?: CallOptions): Promise<DatabaseInfo>;
  /** Deletes the database, its data, logs and names (owner only). */
  deleteDatabase(nameOrIdentity: string, options?: CallOptions): Promise<void>;
  /** The database's names, in the order they were added. */
  getNames(nameOrIdentity: string, options?: CallOptions): Promise<string[]>;
  /** Binds one more name to the database (owner only). Sent once, never retried. */
  addName(nameOrIdentity: string, name: string, options?: CallOptions): Promise<NameAdded>;
  /** Replaces every name of the database (owner only); `[]` removes them all. */
  setNames(nameOrIdentity: string, names: string[], options?: CallOptions): Promise<void>;
  /** Resolves a name (or identity) to the database's identity (64 hex digits). */
  getIdentity(nameOrIdentity: string, options?: CallOptions): Promise<string>;
  /** The module's definition (`RawModuleDefV9`, the only version served). */
  getSchema(nameOrIdentity: string, options?: CallOptions): Promise<RawModuleDefV9>;
  /**
   * Calls a reducer, with its arguments in parameter order (an array) or by name (an object), in
   * SATS-JSON. A reducer that fails rejects with `ReducerFailedError` (530). Sent once, never retried.
   */
  callReducer(
    nameOrIdentity: string,
    reducer: string,
    args?: unknown[] | Record<string, unknown>,
    options?: CallOptions,
  ): Promise<ReducerCalled>;
  /**
   * Runs `;`-separated SQL statements in one transaction; one result per statement. Rows keep
   * 64- and 128-bit integers exact (see `rowsAsObjects` for keyed rows). Sent once, never retried.
   */
  sql(nameOrIdentity: string, query: string, options?: CallOptions): Promise<SqlResult[]>;
  /** The module's log lines, oldest first (owner only). */
  logs(nameOrIdentity: string, options?: LogsOptions): Promise<LogRecord[]>;
  /**
   * The module's log lines as they are logged (`follow=true`), after the kept ones (or the last
   * `numLines`). Runs until `signal` aborts, the loop is left or the database is deleted.
   */
  followLogs(nameOrIdentity: string, options?: LogsOptions): AsyncGenerator<LogRecord, void, undefined>;

  /**
   * Opens a live connection to a database over WebSocket (`v1.json.spacetimedb`): subscriptions
   * whose rows stay current, row events, reducer calls and one-off queries over the socket. The
   * connection acts as the client's identity (its token is exchanged for a short-lived websocket
   * token first); a client without a token yet gets a fresh anonymous identity from the server.
   * Fetches the schema first, for the column names (an unknown database is a `NotFoundError`).
   */
  connectLive(nameOrIdentity: string, options?: LiveConnectOptions): Promise<LiveConnection>;

  /** Mints a new identity and a token for it. The client keeps using its own. Sent once, never retried. */
  createIdentity(options?: CallOptions): Promise<IdentityAndToken>;
  /** A token valid for 60 seconds, for `?token=` on a WebSocket (browsers cannot send headers there). */
  websocketToken(options?: CallOptions): Promise<string>;
  /**
   * Whether `token` (default: the client's) proves `identity`: `true` on 204, `false` when the
   * server refuses it (400: another identity; 401: no or an invalid token).
   */
  verifyIdentity(identity: string, token?: string, options?: CallOptions): Promise<boolean>;
  /** The server's ES256 public key (PEM), to check tokens offline. */
  publicKey(options?: CallOptions): Promise<string>;
}

/** The body the generated function read as text (the calls below ask for `parseAs: 'text'`), parsed losslessly. */
function json<T>(result: { data: unknown }): T {
  const text = result.data as unknown as string;
  return (text === '' ? {} : parseJson(text)) as T;
}

function numberHeader(response: Response, name: string): number | undefined {
  const value = response.headers.get(name);
  return value === null || value.trim() === '' || !Number.isFinite(Number(value)) ? undefined : Number(value);
}

/**
 * A client for a SpacetimeDB host (`dbwire serve`, `dbwire mock spacetimedb`, or the product).
 *
 * ```ts
 * const stdb = createSpacetimedbClient({ baseUrl: 'http://127.0.0.1:3000' });
 * await stdb.publishDatabase('quickstart', wasmBytes); // an anonymous identity, kept by the client
 * await stdb.callReducer('quickstart', 'add', ['Alice']);
 * const [people] = await stdb.sql('quickstart', 'SELECT * FROM person');
 * console.log(rowsAsObjects(people)); // [{ name: 'Alice' }]
 * ```
 *
 * Tokens, retries and errors: see `createSpacetimedbTransport`.
 */
export function createSpacetimedbClient(options: SpacetimedbClientOptions): SpacetimedbClient {
  const { client, identity } = createSpacetimedbTransport(options);
  const common = (call: CallOptions) => ({ client, signal: call.signal, headers: call.headers });
  const text = { parseAs: 'text' } as const;
  const db = (nameOrIdentity: string) => ({ name_or_identity: nameOrIdentity });

  function logsRequest(nameOrIdentity: string, call: LogsOptions, follow: boolean) {
    const query = { num_lines: call.numLines, follow: follow ? true : undefined };
    return op.getDatabaseLogs({
      ...common(call),
      path: db(nameOrIdentity),
      query,
      parseAs: follow ? 'stream' : 'text',
    });
  }

  const spacetimedb: SpacetimedbClient = {
    transport: client,
    get identity() {
      return identity.identity;
    },
    get token() {
      return identity.token;
    },

    async publishDatabase(nameOrIdentity, module, call = {}) {
      const body = await moduleBlob(module);
      if (nameOrIdentity === undefined) {
        if (call.clear) throw new TypeError('clear needs the name or identity of an existing database.');
        return json<PublishResult>(await op.publishNewDatabase({ ...common(call), ...text, body })).Success;
      }
      const query = call.clear === undefined ? undefined : { clear: call.clear };
      const path = db(nameOrIdentity);
      return json<PublishResult>(await op.publishDatabaseWithPut({ ...common(call), ...text, path, query, body }))
        .Success;
    },

    async getDatabase(nameOrIdentity, call = {}) {
      return json(await op.getDatabase({ ...common(call), ...text, path: db(nameOrIdentity) }));
    },

    async deleteDatabase(nameOrIdentity, call = {}) {
      await op.deleteDatabase({ ...common(call), ...text, path: db(nameOrIdentity) });
    },

    async getNames(nameOrIdentity, call = {}) {
      return json<{ names: string[] }>(
        await op.getDatabaseNames({ ...common(call), ...text, path: db(nameOrIdentity) }),
      ).names;
    },

    async addName(nameOrIdentity, name, call = {}) {
      const result = await op.addDatabaseName({ ...common(call), ...text, path: db(nameOrIdentity), body: name });
      return json<AddNameSuccess>(result).Success;
    },

    async setNames(nameOrIdentity, names, call = {}) {
      await op.setDatabaseNames({ ...common(call), ...text, path: db(nameOrIdentity), body: names });
    },

    async getIdentity(nameOrIdentity, call = {}) {
      const result = await op.getDatabaseIdentity({ ...common(call), ...text, path: db(nameOrIdentity) });
      return (result.data as string).trim();
    },

    async getSchema(nameOrIdentity, call = {}) {
      const query = { version: 9 };
      return json(await op.getDatabaseSchema({ ...common(call), ...text, path: db(nameOrIdentity), query }));
    },

    async callReducer(nameOrIdentity, reducer, args = [], call = {}) {
      const path = { ...db(nameOrIdentity), reducer };
      const body = args as ReducerArguments;
      const { response } = await op.callReducer({ ...common(call), ...text, path, body });
      return {
        executionDurationMicros: numberHeader(response, 'spacetime-execution-duration-micros'),
        energyUsed: numberHeader(response, 'spacetime-energy-used'),
      };
    },

    async sql(nameOrIdentity, query, call = {}) {
      return json(await op.runSql({ ...common(call), ...text, path: db(nameOrIdentity), body: query }));
    },

    async logs(nameOrIdentity, call = {}) {
      return parseLogLines((await logsRequest(nameOrIdentity, call, false)).data as string);
    },

    async *followLogs(nameOrIdentity, call = {}) {
      const { data } = await logsRequest(nameOrIdentity, call, true);
      // A 200 always has a body; an empty one is a stream that ended at once.
      const body = (data as unknown as ReadableStream<Uint8Array> | null) ?? new Blob([]).stream();
      yield* followLogLines(body, call.signal);
    },

    async createIdentity(call = {}) {
      return json(await op.createIdentity({ ...common(call), ...text }));
    },

    async websocketToken(call = {}) {
      return json<{ token: string }>(await op.createWebsocketToken({ ...common(call), ...text })).token;
    },

    async verifyIdentity(identityHex, token, call = {}) {
      // `auth` for this call replaces the client's token (a header would be overwritten by it).
      const auth = token === undefined ? {} : { auth: token };
      try {
        await op.verifyIdentity({ ...common(call), ...auth, ...text, path: { identity: identityHex } });
        return true;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        if (status === 400 || status === 401) return false;
        throw error;
      }
    },

    async publicKey(call = {}) {
      return (await op.getIdentityPublicKey({ ...common(call), ...text })).data as string;
    },

    async connectLive(nameOrIdentity, live = {}) {
      const call = { signal: live.signal };
      // Browsers cannot send headers on a WebSocket, so a token goes in the URL: a 60-second one,
      // not the client's own. Without any token, there is nothing to exchange.
      const hasToken = options.token !== undefined || identity.token !== undefined;
      const [schema, token] = await Promise.all([
        spacetimedb.getSchema(nameOrIdentity, call),
        hasToken ? spacetimedb.websocketToken(call) : undefined,
      ]);
      return openLiveConnection({ ...live, baseUrl: options.baseUrl, database: nameOrIdentity, schema, token });
    },
  };
  return spacetimedb;
}
