import { stringifyJson } from '@dbwire/json';
import { type RouteDefinition, SchemaValidators } from '@dbwire/server-stubs';
import { type components, type IcebergOperationId, icebergApi, type operations } from '@dbwire/server-stubs/iceberg';
import { expect } from 'vitest';
import { CHECKS, type CheckContext } from '../generic/checks.js';
import { buildUrl, describeExchange, type Exchange, type SentRequest, send } from '../generic/http.js';
import { getTarget } from '../target.js';

/**
 * Raw, typed HTTP access to an Iceberg REST catalog for the behaviour suites: one call per
 * operation of the route table, no retries, and every answer held to the spec on the way in (a
 * documented status, its documented Content-Type, a body that validates against its schema), so a
 * behaviour test fails on a malformed answer even where it does not look at the field.
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

type Op<Id extends IcebergOperationId> = operations[Id];
/** The 200 body of an operation. */
export type OkBody<Id extends IcebergOperationId> = Op<Id>['responses'] extends {
  200: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
/** The JSON request body of an operation. */
export type RequestBody<Id extends IcebergOperationId> =
  Op<Id> extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

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
  body?: Partial<RequestBody<Id>> | { raw: string; contentType?: string };
  headers?: Record<string, string>;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Default: `Bearer <the target's token>`; `null` sends no Authorization header; a string is sent as is. */
  authorization?: string | null;
  /** Hold the answer to the spec (default true). */
  conform?: boolean;
}

export interface Reply<Body = unknown> {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  mediaType: string | undefined;
  /** The body as received (as text): parse int64 fields from here, not from `body`. */
  text: string;
  /** The body parsed with JSON.parse (undefined when empty or not JSON; integers beyond 2^53 rounded). */
  body: Body;
  exchange: Exchange;
}

const validators = new SchemaValidators(icebergApi.schemas);
const routes = icebergApi.routes as Record<IcebergOperationId, RouteDefinition>;

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
    const operationId = this.operationId(operation);
    const route = routes[operationId];
    const path: Record<string, string> = {};
    if (this.prefix !== undefined && operation !== 'getConfig') path.prefix = this.prefix;
    if (options.namespace !== undefined) path.namespace = namespacePath(options.namespace);
    if (options.table !== undefined) path.table = options.table;
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) query[name] = String(value);
    }
    const headers: Record<string, string> = { accept: '*/*', ...options.headers };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const authorization =
      options.authorization === undefined
        ? this.token === undefined
          ? undefined
          : `Bearer ${this.token}`
        : options.authorization;
    if (authorization !== null && authorization !== undefined) headers.authorization = authorization;
    let body: string | undefined;
    const given = options.body as unknown;
    if (given !== undefined) {
      const raw =
        typeof given === 'object' && given !== null && 'raw' in given
          ? (given as { raw: string; contentType?: string })
          : undefined;
      body = raw ? raw.raw : stringifyJson(given);
      headers['content-type'] = raw?.contentType ?? 'application/json';
    }
    const request: SentRequest = {
      method: route.method,
      url: buildUrl(this.baseUrl, route, path, query),
      headers,
      body,
    };
    const { response, error } = await send(request);
    const exchange: Exchange = {
      operationId,
      case: {
        kind: 'positive',
        label: 'a behaviour test request',
        path,
        query,
        body: { kind: 'none' },
        auth: { kind: 'token' },
      },
      request,
      response,
      error,
      pathValues: path,
    };
    if (response === undefined) throw new Error(`${operationId}: no response (${error})`);
    if (options.conform !== false) expectConforms(exchange, route, this.token);
    let parsed: unknown;
    try {
      parsed = response.text === '' ? undefined : JSON.parse(response.text);
    } catch {
      parsed = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      mediaType: response.mediaType,
      text: response.text,
      body: parsed,
      exchange,
    };
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

function expectConforms(exchange: Exchange, route: RouteDefinition, token: string | undefined): void {
  const context: CheckContext = { route, validators, errorSchema: undefined };
  const failures: string[] = [];
  for (const check of [
    CHECKS.status_code_conformance,
    CHECKS.content_type_conformance,
    CHECKS.response_schema_conformance,
  ]) {
    const reason = check.check(exchange, context);
    if (reason !== undefined) failures.push(`${check.name}: ${reason}`);
  }
  if (failures.length > 0) {
    throw new Error(
      `${route.operationId} answered against the spec:\n${failures.join('\n')}\n${describeExchange(exchange, token)}`,
    );
  }
}

/** What went wrong, with the request as curl, for assertion messages. */
export function describeReply(reply: Reply, token?: string): string {
  return describeExchange(reply.exchange, token);
}

export function expectStatus(reply: Reply, status: number, token?: string): void {
  expect(reply.status, `expected ${status}\n${describeReply(reply, token)}`).toBe(status);
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
