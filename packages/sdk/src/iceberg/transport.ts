import { stringifyJson } from '@dbwire/json';
import { newIdempotencyKey } from '../core/idempotency.js';
import { clientConfig, retryingFetch, type TransportOptions, throwingApiErrors } from '../core/transport.js';
import { type OperationKind, toIcebergError } from './errors.js';
import { type Client, createClient, createConfig, type ResolvedRequestOptions } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';

export interface IcebergTransportOptions extends TransportOptions {
  /** The catalog, e.g. `http://127.0.0.1:8181` (without `/v1`: the operations carry it). */
  baseUrl: string;
}

/** Every mutation of the catalog is a POST or a DELETE; GET and HEAD only read. */
const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'DELETE']);

/**
 * The operations whose failure clients must read as "commit failed" (409) or "commit state unknown"
 * (5xx): `updateTable` and `commitTransaction`, by their path templates in either path family.
 */
const COMMIT_TEMPLATE = /\/namespaces\/\{namespace\}\/tables\/\{table\}$|\/transactions\/commit$/;

/**
 * The hey-api client the generated functions send through. Requests go through, from the outside in:
 *
 * 1. the request interceptor `withIdempotencyKey`: every POST and DELETE without an
 *    `Idempotency-Key` gets a fresh UUIDv7, once per call, so every retry of the call carries the
 *    same key and a new call a new one;
 * 2. `withRetries` (the core policy): connection errors, timeouts, 408, 429, 500, 502, 503 and 504
 *    are retried with jittered exponential backoff, honouring `Retry-After`, for requests that are
 *    safe to repeat: GET and HEAD, and requests carrying an `Idempotency-Key`. That includes commits
 *    answered 500/502/504 ("state unknown"): resending a commit *with its key* is safe, because a
 *    server that applied the first attempt answers the repeat from its record of it instead of
 *    applying it twice. A commit without a key is never resent (the core policy does not repeat a
 *    POST without one), and this client always gives it one.
 *
 * Bodies are written with `stringifyJson`, so a `bigint` snapshot id goes out digit for digit.
 * Errors are thrown, never returned: `IcebergError` subclasses for error responses,
 * `ApiConnectionError`, `ApiTimeoutError` and `ApiUserAbortError` when no response came.
 */
export function createIcebergTransport(options: IcebergTransportOptions): Client {
  const client = createClient(
    createConfig<ClientOptions>({ ...clientConfig(options, retryingFetch(options)), bodySerializer: stringifyJson }),
  );
  client.interceptors.request.use(withIdempotencyKey);
  client.interceptors.error.use(
    throwingApiErrors((init, resolved: ResolvedRequestOptions) =>
      toIcebergError(init, operationKind(init.request, resolved)),
    ),
  );
  return client;
}

/** A request interceptor: gives a mutation without an `Idempotency-Key` a new one. */
export function withIdempotencyKey(request: Request): Request {
  if (!MUTATING_METHODS.has(request.method) || request.headers.has('Idempotency-Key')) return request;
  const headers = new Headers(request.headers);
  headers.set('Idempotency-Key', newIdempotencyKey());
  return new Request(request, { headers });
}

/** Which kind of operation `options` (the resolved options of a generated call) describes. */
function operationKind(request: Request, options: ResolvedRequestOptions): OperationKind {
  return request.method === 'POST' && COMMIT_TEMPLATE.test(options.url) ? 'commit' : 'other';
}
