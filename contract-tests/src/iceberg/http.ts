import { type components, type IcebergOperationId, icebergApi, type operations } from '@dbwire/server-stubs/iceberg';
import { expect } from 'vitest';
import {
  BehaviourApi,
  describeReply,
  expectStatus,
  type JsonOkBody,
  type JsonRequestBody,
  type RawBody,
  type Reply,
} from '../behaviour-client.js';
import { getTarget } from '../target.js';

export { describeReply, expectStatus, type Reply } from '../behaviour-client.js';

/**
 * Raw, typed HTTP access to an Iceberg REST catalog for the behaviour suites: one call per
 * operation of the route table, sent once and held to the spec by the shared behaviour client
 * (src/behaviour-client.ts).
 *
 * A client addresses one catalog: the default one (`/v1/...`), or with `prefix` the catalog of that
 * name (`/v1/{prefix}/...`, the `…WithPrefix` operations). Tests name the unprefixed operation; the
 * client picks the family, so one test body checks either.
 */
export type Schemas = components['schemas'];
export type TableMetadata = Schemas['TableMetadata'];
export type LoadTableResult = Schemas['LoadTableResult'];
export type CommitTableResponse = Schemas['CommitTableResponse'];
export type TableUpdate = Schemas['TableUpdate'];
export type TableRequirement = Schemas['TableRequirement'];
export type TableIdentifier = Schemas['TableIdentifier'];
export type IcebergErrorResponse = Schemas['IcebergErrorResponse'];

/** The operations of one catalog (the prefixed family is the same operation with `WithPrefix`). */
export type CatalogOperation = Exclude<IcebergOperationId, `${string}WithPrefix`>;

/** The 200 body of an operation. */
export type OkBody<Id extends IcebergOperationId> = JsonOkBody<operations[Id]>;
/** The JSON request body of an operation. */
export type RequestBody<Id extends IcebergOperationId> = JsonRequestBody<operations[Id]>;

/** A namespace as its levels (joined with 0x1F in paths), or a path segment sent as is (already joined). */
export type NamespaceRef = readonly string[] | string;

export interface CallOptions<Id extends IcebergOperationId> {
  namespace?: NamespaceRef;
  table?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * A JSON body (bigints are written as exact integers), or `{ raw }` to send text as is (with
   * `contentType`, default application/json). Top-level members are optional: the generated types
   * list members with a default (`overwrite`, `stage-create`) as required.
   */
  body?: Partial<RequestBody<Id>> | RawBody;
  headers?: Record<string, string>;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Default: `Bearer <the target's token>`; `null` sends no Authorization header; a string is sent as is. */
  authorization?: string | null;
  /** Hold the answer to the spec (default true). */
  conform?: boolean;
}

const api = new BehaviourApi<IcebergOperationId>(icebergApi);

/** The namespace as its path segment value (levels joined with 0x1F; `buildUrl` percent-encodes it). */
export function namespacePath(namespace: NamespaceRef): string {
  return typeof namespace === 'string' ? namespace : namespace.join('\u001f');
}

export class IcebergClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
    /** The catalog: undefined for the default one, else the `{prefix}` of the prefixed family. */
    readonly prefix?: string,
  ) {}

  /** The same server and token, another catalog (undefined: the default one). */
  catalog(prefix: string | undefined): IcebergClient {
    return new IcebergClient(this.baseUrl, this.token, prefix);
  }

  /** The same catalog with another token (null: none). */
  withToken(token: string | null): IcebergClient {
    return new IcebergClient(this.baseUrl, token ?? undefined, this.prefix);
  }

  /** The operation id this client sends for a catalog operation. */
  operationId(operation: CatalogOperation): IcebergOperationId {
    if (this.prefix === undefined || operation === 'getConfig') return operation;
    return `${operation}WithPrefix` as IcebergOperationId;
  }

  /** Sends one request; the answer must conform to the spec unless `conform: false`. */
  async call<Id extends CatalogOperation>(operation: Id, options: CallOptions<Id> = {}): Promise<Reply> {
    const path: Record<string, string> = {};
    if (this.prefix !== undefined && operation !== 'getConfig') path.prefix = this.prefix;
    if (options.namespace !== undefined) path.namespace = namespacePath(options.namespace);
    if (options.table !== undefined) path.table = options.table;
    const headers: Record<string, string> = { ...options.headers };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    return api.send(this, this.operationId(operation), {
      path,
      query: options.query,
      body: options.body,
      headers,
      authorization: options.authorization,
      conform: options.conform,
    });
  }

  /** A call that must answer 200; its typed body. */
  async ok<Id extends CatalogOperation>(operation: Id, options: CallOptions<Id> = {}): Promise<Reply<OkBody<Id>>> {
    const reply = await this.call(operation, options);
    expectStatus(reply, 200, this.token);
    return reply as Reply<OkBody<Id>>;
  }

  /** A call that must answer 204 with no body. */
  async noContent<Id extends CatalogOperation>(
    operation: Id,
    options: CallOptions<Id> = {},
  ): Promise<Reply<undefined>> {
    const reply = await this.call(operation, options);
    expectStatus(reply, 204, this.token);
    expect(reply.text, describeReply(reply, this.token)).toBe('');
    return reply as Reply<undefined>;
  }

  /** A call that must answer the error `status`/`type`; the error. */
  async error<Id extends CatalogOperation>(
    operation: Id,
    options: CallOptions<Id>,
    status: number,
    type: string | readonly string[],
  ): Promise<Reply<IcebergErrorResponse>> {
    const reply = await this.call(operation, options);
    expectError(reply, status, type, this.token);
    return reply as Reply<IcebergErrorResponse>;
  }
}

/** A client for the catalog under test (the target's token unless one is given; null: none). */
export function icebergClient(options: { token?: string | null; prefix?: string } = {}): IcebergClient {
  const target = getTarget('iceberg');
  const token = options.token === null ? undefined : (options.token ?? target.token);
  return new IcebergClient(target.baseUrl, token, options.prefix);
}

/**
 * An Iceberg error answer: the status, `application/json` and `{"error": {"message", "type",
 * "code"}}` with `code` repeating the status and `type` the exception name (one of `type` when
 * the spec allows several). Wording is never checked, only that there is some.
 */
export function expectError(
  reply: Reply,
  status: number,
  type: string | readonly string[],
  token?: string,
): IcebergErrorResponse['error'] {
  const body = reply.body as Partial<IcebergErrorResponse> | undefined;
  const message = describeReply(reply, token);
  const types = typeof type === 'string' ? [type] : type;
  expect(reply.status, message).toBe(status);
  expect(reply.mediaType, message).toBe('application/json');
  expect(body?.error?.code, message).toBe(status);
  expect(types, message).toContain(body?.error?.type);
  expect(typeof body?.error?.message === 'string' && body.error.message.length > 0, message).toBe(true);
  return body?.error as IcebergErrorResponse['error'];
}

/** A new Idempotency-Key (a v4 UUID: any UUID is valid; v7 is only recommended). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
