import { DEFAULT_MAX_RETRIES } from '../core/retry.js';
import {
  type BearerToken,
  clientConfig,
  retryingFetch,
  type TransportOptions,
  throwingApiErrors,
} from '../core/transport.js';
import { WriteDaemonError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';
import { carriesIdempotencyKey, withIdempotencyKey } from './idempotency.js';
import { withInProgressRetries, withProblemRetryAfter } from './retry.js';

export interface WriteDaemonClientOptions extends TransportOptions {
  /** The daemon, e.g. `http://127.0.0.1:8400` (without `/v1/write`: the operations carry it). */
  baseUrl: string;
  /**
   * The bearer token, or a function returning the current one (called per request, for tokens
   * that rotate). Sent only with operations that need it: the probes go without.
   */
  token: BearerToken;
}

/** `POST /v1/write/namespaces`: the spec makes a repeated create answer 200 `created: false`, changing nothing. */
const CREATE_NAMESPACE = /\/v1\/write\/namespaces$/;

/**
 * A client for the generated write-daemon functions: pass it as `{ client }` to any of them.
 *
 * Requests go through, from the outside in:
 * 1. the request interceptor `withIdempotencyKey`: keyed operations get an `idempotency_key`
 *    unless the caller gave one, once per call;
 * 2. `withInProgressRetries`: a keyed request answered 409 `IDEMPOTENCY_KEY_IN_PROGRESS` is resent;
 * 3. `withRetries` (the core policy): connection errors, timeouts, 408/429/5xx, for GET/HEAD/PUT/
 *    DELETE, keyed requests and namespace creation (all safe to repeat);
 * 4. `withProblemRetryAfter`: a problem's `retry_after_ms` becomes the wait.
 *
 * Errors are thrown, never returned: `WriteDaemonError` for error responses, `ApiConnectionError`,
 * `ApiTimeoutError` and `ApiUserAbortError` when no response came.
 */
export function createWriteDaemonClient(options: WriteDaemonClientOptions): Client {
  const retrying = retryingFetch(options, {
    beneath: withProblemRetryAfter,
    isIdempotent: (request) =>
      carriesIdempotencyKey(request) ||
      (request.method === 'POST' && CREATE_NAMESPACE.test(new URL(request.url).pathname)),
  });
  const fetch = withInProgressRetries(retrying, { maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES });

  // hey-api sends the token with the operations the spec secures: the probes go without.
  const client = createClient(createConfig<ClientOptions>(clientConfig(options, fetch)));
  client.interceptors.request.use(withIdempotencyKey);
  client.interceptors.error.use(throwingApiErrors((init) => new WriteDaemonError(init)));
  return client;
}
