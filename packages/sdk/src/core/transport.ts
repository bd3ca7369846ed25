import type { ApiErrorInit } from './errors.js';
import { type Fetcher, type FetchFn, platformFetch } from './fetch.js';
import { type RetryOptions, withRetries } from './retry.js';

/**
 * How each API's client is wired to its generated (hey-api) client, in one place: every API builds
 * its own `createClient(createConfig(...))` (the generated modules are separate per API) from these
 * pieces and adds only what is its own: retry exceptions, request interceptors, error classes.
 */

/** A bearer token, or a function returning the current one (called per request, for tokens that rotate). */
export type BearerToken = string | (() => string | Promise<string>);

/** The transport options every API client takes; each API's options name its server and token. */
export interface TransportOptions {
  /** The server, without the path prefix the operations carry. */
  baseUrl: string;
  /** The bearer token, or a function returning the current one (called per request, for tokens that rotate). */
  token?: BearerToken;
  /** The `fetch` to send requests with. It must honour `request.signal`. @default globalThis.fetch */
  fetch?: Fetcher;
  /** Retries after the first attempt, for requests safe to repeat. @default 2 */
  maxRetries?: number;
  /** Milliseconds each attempt may wait for response headers. @default 60_000 */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** What an API adds to the core retry policy. */
export interface TransportRetryPolicy {
  /** Further requests the API documents as safe to repeat (see `RetryOptions.isIdempotent`). */
  isIdempotent?: RetryOptions['isIdempotent'];
  /** A layer between the retries and the caller's `fetch`, for answers the retries must read first. */
  beneath?: (fetch: Fetcher) => Fetcher;
}

/** The caller's `fetch` (or the platform's) behind the core retry policy (`withRetries`). */
export function retryingFetch(options: TransportOptions, policy: TransportRetryPolicy = {}): FetchFn {
  const fetch = options.fetch ?? platformFetch;
  return withRetries(policy.beneath ? policy.beneath(fetch) : fetch, {
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    isIdempotent: policy.isIdempotent,
  });
}

/** The server's URL as the generated operations expect it: their paths start with `/`. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * The hey-api config every API client starts from: requests go through `fetch`; hey-api adds
 * `Authorization: Bearer <token>` to the operations the spec secures; errors are thrown, never
 * returned (the error interceptor, `throwingApiErrors`, decides what is thrown).
 */
export function clientConfig(options: TransportOptions, fetch: FetchFn) {
  return {
    baseUrl: trimBaseUrl(options.baseUrl),
    fetch,
    headers: options.headers,
    auth: options.token,
    throwOnError: true as const,
  };
}

/**
 * The error interceptor of every API client. The generated client calls it with the parsed error
 * body and the response for an error status, which `toApiError` turns into the API's error class;
 * and with the thrown error (and no response) when fetch itself failed, which is kept as it is:
 * the retry layer already made network failures, timeouts and aborts the core errors, and anything
 * else (a `TypeError` for a malformed URL...) is not a network failure.
 */
export function throwingApiErrors<Options>(toApiError: (init: ApiErrorInit, options: Options) => unknown) {
  return (error: unknown, response: Response | undefined, request: Request, options: Options): unknown =>
    response ? toApiError({ status: response.status, body: error, response, request }, options) : error;
}
