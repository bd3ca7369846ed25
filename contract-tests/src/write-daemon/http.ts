import {
  type components,
  type operations,
  type WriteDaemonOperationId,
  writeDaemonApi,
} from '@dbwire/server-stubs/write-daemon';
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
 * Raw, typed HTTP access to a write daemon for the behaviour suites: one call per operation of the
 * route table, sent once and held to the spec by the shared behaviour client
 * (src/behaviour-client.ts).
 */
export type Schemas = components['schemas'];
export type OperationId = WriteDaemonOperationId;
export type Namespace = Schemas['Namespace'];
export type ProblemDetails = Schemas['ProblemDetails'];
export type ProblemCode = Schemas['ProblemCode'];
export type Operation = Schemas['Operation'];
export type CommitResponse = Schemas['CommitResponse'];
export type NamespaceStatus = Schemas['NamespaceStatusResponse'];

/** The 200 body of an operation. */
export type OkBody<Id extends OperationId> = JsonOkBody<operations[Id]>;
/** The JSON request body of an operation. */
export type RequestBody<Id extends OperationId> = JsonRequestBody<operations[Id]>;
type PathParams<Id extends OperationId> = operations[Id]['parameters'] extends { path: infer P }
  ? P
  : Record<string, never>;

export interface CallOptions<Id extends OperationId> {
  /** Path parameters; a string where the schema wants a number sends an invalid value on purpose. */
  path?: { [K in keyof PathParams<Id>]: PathParams<Id>[K] | string };
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, or `{ raw }` to send text as is (with `contentType`, default application/json). */
  body?: RequestBody<Id> | RawBody;
  headers?: Record<string, string>;
  /** Default: `Bearer <the target's token>`; `null` sends no Authorization header; a string is sent as is. */
  authorization?: string | null;
  /** Hold the answer to the spec (default true). */
  conform?: boolean;
}

const api = new BehaviourApi<OperationId>(writeDaemonApi);

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
    const path: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.path ?? {})) path[name] = String(value);
    return api.send(this, operationId, { ...options, path });
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
