import { parseJson } from '@dbwire/json';
import { type components, type SpacetimedbOperationId, spacetimedbApi } from '@dbwire/server-stubs/spacetimedb';
import { expect } from 'vitest';
import {
  BehaviourApi,
  type BytesBody,
  describeReply,
  type OperationRequest,
  type RawBody,
  type Reply,
} from '../behaviour-client.js';

export { describeReply, expectStatus, type Reply } from '../behaviour-client.js';

/**
 * Raw, typed HTTP access to a SpacetimeDB host for the behaviour suites: one call per operation of
 * the route table, sent once and held to the spec by the shared behaviour client
 * (src/behaviour-client.ts), as one identity (its token) or as an anonymous caller (no token).
 */
export type Schemas = components['schemas'];
export type PublishResult = Schemas['PublishResult'];
export type DatabaseInfo = Schemas['DatabaseInfo'];

/** The success status of each operation. */
export const SUCCESS: Readonly<Record<SpacetimedbOperationId, number>> = {
  publishNewDatabase: 200,
  publishDatabase: 200,
  publishDatabaseWithPut: 200,
  getDatabase: 200,
  deleteDatabase: 200,
  getDatabaseNames: 200,
  addDatabaseName: 200,
  setDatabaseNames: 200,
  getDatabaseIdentity: 200,
  subscribeToDatabase: 101,
  callReducer: 200,
  getDatabaseSchema: 200,
  getDatabaseLogs: 200,
  runSql: 200,
  createIdentity: 200,
  createWebsocketToken: 200,
  getIdentityPublicKey: 200,
  verifyIdentity: 204,
};

/**
 * The path parameters by name, and the request as the behaviour client takes it: `body` a JSON
 * value (reducer arguments, names), `{ raw, contentType }` for text (SQL, a name), or
 * `{ bytes, contentType }` for a module; no `authorization` is none for an anonymous client.
 */
export interface CallOptions extends Omit<OperationRequest, 'path'> {
  /** `name_or_identity`. */
  database?: string;
  reducer?: string;
  /** `verifyIdentity`'s identity. */
  identity?: string;
}

const api = new BehaviourApi<SpacetimedbOperationId>(spacetimedbApi);

export class SpacetimedbClient {
  constructor(
    readonly baseUrl: string,
    /** undefined: an anonymous caller (the server mints an identity per request). */
    readonly token: string | undefined,
  ) {}

  /** The same server as another caller (undefined: anonymous). */
  as(token: string | undefined): SpacetimedbClient {
    return new SpacetimedbClient(this.baseUrl, token);
  }

  /** Sends one request; the answer must conform to the spec unless `conform: false`. */
  call(operation: SpacetimedbOperationId, options: CallOptions = {}): Promise<Reply> {
    const { database, reducer, identity, ...request } = options;
    const path: Record<string, string> = {};
    if (database !== undefined) path.name_or_identity = database;
    if (reducer !== undefined) path.reducer = reducer;
    if (identity !== undefined) path.identity = identity;
    return api.send(this, operation, { ...request, path });
  }

  /** A call that must succeed with the operation's success status (or `status`). */
  async ok(operation: SpacetimedbOperationId, options: CallOptions = {}, status = SUCCESS[operation]): Promise<Reply> {
    const reply = await this.call(operation, options);
    expect(reply.status, `expected ${status}\n${describeReply(reply, this.token)}`).toBe(status);
    return reply;
  }

  /** A call that must be refused with `status` and a plain-text message (the API's error shape); the message. */
  async refused(operation: SpacetimedbOperationId, options: CallOptions, status: number): Promise<string> {
    return expectText(await this.call(operation, options), status, this.token);
  }

  /** Publishes `bytes` (POST to the name or identity, or to `/v1/database` without one). */
  publish(
    bytes: Uint8Array,
    options: { database?: string; query?: CallOptions['query']; method?: 'POST' | 'PUT'; conform?: boolean } = {},
  ): Promise<Reply> {
    const operation =
      options.database === undefined
        ? 'publishNewDatabase'
        : options.method === 'PUT'
          ? 'publishDatabaseWithPut'
          : 'publishDatabase';
    return this.call(operation, {
      database: options.database,
      query: options.query,
      body: { bytes, contentType: 'application/wasm' } satisfies BytesBody,
      conform: options.conform,
    });
  }

  /** Calls a reducer with JSON arguments (bigints written exactly). */
  callReducer(database: string, reducer: string, args: unknown): Promise<Reply> {
    return this.call('callReducer', { database, reducer, body: args });
  }

  /** Runs SQL (sent as text/plain); the answer as is. */
  sql(database: string, text: string): Promise<Reply> {
    return this.call('runSql', { database, body: { raw: text, contentType: 'text/plain' } satisfies RawBody });
  }

  /** Runs SQL that must succeed; its results, parsed losslessly (u64 beyond 2^53 as bigint). */
  async query(database: string, text: string): Promise<SqlResult[]> {
    const reply = await this.sql(database, text);
    expect(reply.status, `SQL ${text}\n${describeReply(reply, this.token)}`).toBe(200);
    return parseJson(reply.text) as SqlResult[];
  }

  /** The rows of a single SELECT (untyped SATS-JSON: each row a positional array). */
  async rows(database: string, text: string): Promise<unknown[][]> {
    const [result] = await this.query(database, text);
    return (result?.rows ?? []) as unknown[][];
  }
}

/** One statement's result, read losslessly. */
export interface SqlResult {
  schema: { elements: Array<{ name: { some: string } | { none: [] }; algebraic_type: Record<string, unknown> }> };
  rows: unknown[][];
  total_duration_micros: number | bigint;
  stats: { rows_inserted: number; rows_deleted: number; rows_updated: number };
}

/** A plain-text refusal: the status, `text/plain`, and a message (wording never checked). The message. */
export function expectText(reply: Reply, status: number, token?: string): string {
  const message = `expected ${status} with a plain-text message\n${describeReply(reply, token)}`;
  expect(reply.status, message).toBe(status);
  expect(reply.mediaType, message).toBe('text/plain');
  expect(reply.text.trim().length, message).toBeGreaterThan(0);
  return reply.text;
}

/** A JSON refusal: the status, `application/json`, and a body with exactly the member `key`. The member's value. */
export function expectJsonRefusal(reply: Reply, status: number, key: string, token?: string): unknown {
  const message = `expected ${status} {"${key}": …}\n${describeReply(reply, token)}`;
  expect(reply.status, message).toBe(status);
  expect(reply.mediaType, message).toBe('application/json');
  expect(Object.keys((reply.body ?? {}) as object), message).toEqual([key]);
  return (reply.body as Record<string, unknown>)[key];
}

/** The log lines of a `/logs` answer (NDJSON), parsed. */
export function logRecords(text: string): Array<{ level: string; message: string; ts: unknown }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { level: string; message: string; ts: unknown });
}
