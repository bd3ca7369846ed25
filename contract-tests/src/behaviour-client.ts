import { stringifyJson } from '@dbwire/json';
import { type ApiDefinition, type RouteDefinition, SchemaValidators } from '@dbwire/server-stubs';
import { expect } from 'vitest';
import { CHECKS, type CheckContext } from './generic/checks.js';
import { buildUrl, describeExchange, type Exchange, type SentRequest, send } from './generic/http.js';

/**
 * What the raw HTTP clients of the behaviour suites (one per API: src/<api>/http.ts) share: build a
 * request for one operation of a route table, send it once (no retries), record it as an
 * `Exchange`, hold the answer to the spec (a documented status, its documented Content-Type, a body
 * that validates against its schema: the generic checks' `status_code_conformance`,
 * `content_type_conformance` and `response_schema_conformance`), so a behaviour test fails on a
 * malformed answer even where it does not look at the field, and parse the body.
 *
 * The API clients keep what is theirs: how an operation's path is filled in, their error shape and
 * their typed `ok`/error helpers.
 */

/** The 200 JSON body of an operation of openapi-typescript's `operations`. */
export type JsonOkBody<Op> = Op extends { responses: { 200: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;

/** The JSON request body of an operation of openapi-typescript's `operations`. */
export type JsonRequestBody<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : never;

/** A body sent as text as is (with `contentType`, default application/json; `null` sends none), not as JSON. */
export interface RawBody {
  raw: string;
  contentType?: string | null;
}

/** A body sent as bytes as is, with `contentType` (`null` sends no Content-Type). */
export interface BytesBody {
  bytes: Uint8Array;
  contentType: string | null;
}

/** One request, its path already filled in by the API client. */
export interface OperationRequest {
  /** Path parameter values as sent (`buildUrl` percent-encodes them). */
  path: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON value (bigints written as exact integers), a `RawBody`, a `BytesBody`, or a `FormData` (sent as multipart). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: `Bearer <token>`; `null` sends no Authorization header; a string is sent as is. */
  authorization?: string | null;
  /** Hold the answer to the spec (default true). */
  conform?: boolean;
}

export interface Reply<Body = unknown> {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  mediaType: string | undefined;
  /** The body as received, byte for byte (as text): parse int64 fields from here, not from `body`. */
  text: string;
  /** The body parsed with JSON.parse (undefined when empty or not JSON; integers beyond 2^53 rounded). */
  body: Body;
  exchange: Exchange;
}

/** An API's route table and schema validators, as the behaviour clients send and check with. */
export class BehaviourApi<Id extends string> {
  private readonly routes: { readonly [operationId in Id]: RouteDefinition };
  private readonly validators: SchemaValidators;

  constructor(api: ApiDefinition<{ readonly [operationId in Id]: RouteDefinition }>) {
    this.routes = api.routes;
    this.validators = new SchemaValidators(api.schemas);
  }

  /** Sends one request for `operationId` to `baseUrl`; the answer must conform unless `conform: false`. */
  async send(
    server: { baseUrl: string; token: string | undefined },
    operationId: Id,
    options: OperationRequest,
  ): Promise<Reply> {
    const route = this.routes[operationId];
    const { path } = options;
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) query[name] = String(value);
    }
    const headers: Record<string, string> = { accept: '*/*', ...options.headers };
    const authorization =
      options.authorization === undefined
        ? server.token === undefined
          ? undefined
          : `Bearer ${server.token}`
        : options.authorization;
    if (authorization !== null && authorization !== undefined) headers.authorization = authorization;
    let body: string | Uint8Array | FormData | undefined;
    const given = options.body;
    if (given instanceof FormData) {
      // fetch writes the multipart body and its Content-Type (with the boundary).
      body = given;
    } else if (isBytesBody(given)) {
      body = given.bytes;
      if (given.contentType !== null) headers['content-type'] = given.contentType;
    } else if (given !== undefined) {
      const raw = typeof given === 'object' && given !== null && 'raw' in given ? (given as RawBody) : undefined;
      const text = raw ? raw.raw : stringifyJson(given);
      const contentType = raw?.contentType === undefined ? 'application/json' : raw.contentType;
      // fetch labels a string body text/plain; bytes go without a Content-Type.
      body = contentType === null ? new TextEncoder().encode(text) : text;
      if (contentType !== null) headers['content-type'] = contentType;
    }
    const request: SentRequest = {
      method: route.method,
      url: buildUrl(server.baseUrl, route, path, query),
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
    if (options.conform !== false) this.expectConforms(exchange, route, server.token);
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

  private expectConforms(exchange: Exchange, route: RouteDefinition, token: string | undefined): void {
    const context: CheckContext = { route, validators: this.validators, errorSchema: undefined };
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
}

function isBytesBody(body: unknown): body is BytesBody {
  return typeof body === 'object' && body !== null && 'bytes' in body && body.bytes instanceof Uint8Array;
}

/** What went wrong, with the request as curl, for assertion messages. */
export function describeReply(reply: Reply, token?: string): string {
  return describeExchange(reply.exchange, token);
}

export function expectStatus(reply: Reply, status: number, token?: string): void {
  expect(reply.status, `expected ${status}\n${describeReply(reply, token)}`).toBe(status);
}
