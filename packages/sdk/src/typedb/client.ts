import { type Fetcher, platformFetch } from '../core/fetch.js';
import { withRetries } from '../core/retry.js';
import { withTypeDBAuth } from './auth.js';
import { TypeDBError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';
import { isIdempotentPost, pathBelow } from './paths.js';

export interface TypeDBClientOptions {
  /** The server, e.g. `http://127.0.0.1:8000` (TypeDB's default HTTP port is 8000). */
  baseUrl: string;
  /** Credentials to sign in with, lazily and again whenever the token expires. */
  username?: string;
  password?: string;
  /** A token obtained elsewhere, used instead of (or, with credentials, before) signing in. */
  token?: string;
  /** The `fetch` to send requests with. It must honour `request.signal`. @default globalThis.fetch */
  fetch?: Fetcher;
  /** Retries after the first attempt, for requests safe to repeat. @default 2 */
  maxRetries?: number;
  /** Milliseconds each attempt may wait for response headers. @default 60_000 */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * A client for the generated TypeDB functions: pass it as `{ client }` to any of them.
 *
 * Requests go through auth(retries(fetch)): sign-in and the 401 re-sign-in sit outside the
 * retries, so each of their requests is itself retried on transient failures. Errors are thrown,
 * never returned: `TypeDBError` for error responses, `ApiConnectionError`, `ApiTimeoutError` and
 * `ApiUserAbortError` when no response came.
 */
export function createTypeDBClient(options: TypeDBClientOptions): Client {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const pathOf = pathBelow(baseUrl);
  const retrying = withRetries(options.fetch ?? platformFetch, {
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    isIdempotent: (request) => {
      const path = pathOf(request);
      return request.method === 'POST' && path !== undefined && isIdempotentPost(path);
    },
  });
  const authenticated = withTypeDBAuth(retrying, {
    baseUrl,
    username: options.username,
    password: options.password,
    token: options.token,
    headers: options.headers,
  });

  const client = createClient(
    createConfig<ClientOptions>({ baseUrl, fetch: authenticated, headers: options.headers, throwOnError: true }),
  );
  client.interceptors.response.use(withoutEmptyBody);
  client.interceptors.error.use(toTypeDBError);
  return client;
}

/**
 * TypeDB answers "no body" successes with `Content-Length: 0` and no `Content-Type`, which the
 * generated client would hand back as an empty stream (or `{}`, or `''`, depending on headers).
 * A response with a null body makes `data` plain `null` for every such answer.
 */
function withoutEmptyBody(response: Response): Response {
  if (!response.ok || response.headers.get('content-length') !== '0') {
    return response;
  }
  // Without a body or a Content-Type the generated client reads `response.body`, which is null.
  const headers = new Headers(response.headers);
  headers.delete('content-type');
  return new Response(null, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The client calls this with the parsed error body and the response for an error status, and
 * with the thrown error (and no response) when fetch itself failed.
 */
function toTypeDBError(error: unknown, response: Response | undefined, request: Request): unknown {
  if (response) return new TypeDBError({ status: response.status, body: error, response, request });
  // The retry and auth layers already turned network failures, timeouts and aborts into
  // ApiConnectionError, ApiTimeoutError and ApiUserAbortError. Anything else (the ApiError of a
  // sign-in answered without a token, a TypeError for a malformed URL) is not a network failure
  // and is kept as it is.
  return error;
}
