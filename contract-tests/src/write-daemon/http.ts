import { type RouteDefinition, SchemaValidators } from '@dbwire/server-stubs';
import {
  type components,
  type operations,
  type WriteDaemonOperationId,
  writeDaemonApi,
} from '@dbwire/server-stubs/write-daemon';
import { expect } from 'vitest';
import { CHECKS, type CheckContext } from '../generic/checks.js';
import { buildUrl, describeExchange, type Exchange, type SentRequest, send } from '../generic/http.js';
import { getTarget } from '../target.js';

/**
 * Raw, typed HTTP access to a write daemon for the behaviour suites: one call per operation of the
 * route table, no retries, and every answer held to the spec on the way in (a documented status,
 * its documented Content-Type, a body that validates against its schema: the generic checks'
 * `status_code_conformance`, `content_type_conformance` and `response_schema_conformance`), so a
 * behaviour test fails on a malformed answer even where it does not look at the field.
 */
export type Schemas = components['schemas'];
export type OperationId = WriteDaemonOperationId;
export type Namespace = Schemas['Namespace'];
export type ProblemDetails = Schemas['ProblemDetails'];
export type ProblemCode = Schemas['ProblemCode'];
export type Operation = Schemas['Operation'];
export type CommitResponse = Schemas['CommitResponse'];
export type NamespaceStatus = Schemas['NamespaceStatusResponse'];

type Op<Id extends OperationId> = operations[Id];
/** The 200 body of an operation. */
export type OkBody<Id extends OperationId> = Op<Id>['responses'] extends {
  200: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
/** The JSON request body of an operation. */
export type RequestBody<Id extends OperationId> =
  Op<Id> extends {
    requestBody: { content: { 'application/json': infer Body } };
  }
    ? Body
    : never;
type PathParams<Id extends OperationId> = Op<Id>['parameters'] extends { path: infer P } ? P : Record<string, never>;

export interface CallOptions<Id extends OperationId> {
  /** Path parameters; a string where the schema wants a number sends an invalid value on purpose. */
  path?: { [K in keyof PathParams<Id>]: PathParams<Id>[K] | string };
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, or `{ raw }` to send text as is (with `contentType`, default application/json). */
  body?: RequestBody<Id> | { raw: string; contentType?: string };
  headers?: Record<string, string>;
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
  /** The body as received, byte for byte (as text). */
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  body: Body;
  exchange: Exchange;
}

const validators = new SchemaValidators(writeDaemonApi.schemas);
const routes = writeDaemonApi.routes as Record<OperationId, RouteDefinition>;

/**
 * The codes whose problem says `retryable: true`: the spec's rule, written out here on purpose
 * (not imported from the server stubs), so the suite holds servers to the spec, not to our table.
 */
const RETRYABLE = new Set<ProblemCode>([
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'QUOTA_EXCEEDED',
  'INTERNAL',
  'UNHEALTHY',
  'NOT_LIVE',
  'STARTING',
]);

export class WriteDaemonClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
  ) {}

  /** Sends one request; the answer must conform to the spec unless `conform: false`. */
  async call<Id extends OperationId>(operationId: Id, options: CallOptions<Id> = {}): Promise<Reply> {
    const route = routes[operationId];
    const path: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.path ?? {})) path[name] = String(value);
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) query[name] = String(value);
    const headers: Record<string, string> = { accept: '*/*', ...options.headers };
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
      body = raw ? raw.raw : JSON.stringify(given);
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
  async ok<Id extends OperationId>(operationId: Id, options: CallOptions<Id> = {}): Promise<Reply<OkBody<Id>>> {
    const reply = await this.call(operationId, options);
    expectStatus(reply, 200, this.token);
    return reply as Reply<OkBody<Id>>;
  }

  /** A call that must answer the problem `status`/`code`; the problem. */
  async problem<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id>,
    status: number,
    code: ProblemCode,
  ): Promise<Reply<ProblemDetails>> {
    const reply = await this.call(operationId, options);
    expectProblem(reply, status, code, this.token);
    return reply as Reply<ProblemDetails>;
  }
}

/** A client for the write daemon under test (the target's token unless one is given). */
export function writeDaemonClient(token?: string | null): WriteDaemonClient {
  const target = getTarget('write-daemon');
  return new WriteDaemonClient(target.baseUrl, token === null ? undefined : (token ?? target.token));
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
 * A problem answer: the status, `application/problem+json`, `type` `urn:assetcore:error:<code>`,
 * `code`, `status` repeated in the body and `retryable` by the spec's rule. Wording is never checked.
 */
export function expectProblem(reply: Reply, status: number, code: ProblemCode, token?: string): ProblemDetails {
  const body = reply.body as Partial<ProblemDetails> | undefined;
  const message = describeReply(reply, token);
  expect({ status: reply.status, code: body?.code }, message).toEqual({ status, code });
  expect(reply.mediaType, message).toBe('application/problem+json');
  expect(body, message).toMatchObject({
    type: `urn:assetcore:error:${code}`,
    status,
    code,
    retryable: RETRYABLE.has(code),
  });
  return body as ProblemDetails;
}

/** One of several acceptable problems (for behaviour the spec words two ways); returns the code. */
export function expectOneOfProblems(
  reply: Reply,
  status: number,
  codes: readonly ProblemCode[],
  token?: string,
): ProblemCode {
  const code = (reply.body as Partial<ProblemDetails> | undefined)?.code as ProblemCode;
  expect(codes, describeReply(reply, token)).toContain(code);
  expectProblem(reply, status, code, token);
  return code;
}

export const COMMIT_ID = /^[0-9a-f]{32}$/;
