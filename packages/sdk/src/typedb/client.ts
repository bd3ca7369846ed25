import {
  clientConfig,
  retryingFetch,
  type TransportOptions,
  throwingApiErrors,
  trimBaseUrl,
} from '../core/transport.js';
import { withTypeDBAuth } from './auth.js';
import { TypeDBError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';
import { isIdempotentPost, pathBelow } from './paths.js';

/** TypeDB's token is not a bearer token hey-api sends but the auth layer's (see `withTypeDBAuth`). */
export interface TypeDBClientOptions extends Omit<TransportOptions, 'token'> {
  /** The server, e.g. `http://127.0.0.1:8000` (TypeDB's default HTTP port is 8000). */
  baseUrl: string;
  /** Credentials to sign in with, lazily and again whenever the token expires. */
  username?: string;
  password?: string;
  /** A token obtained elsewhere, used instead of (or, with credentials, before) signing in. */
  token?: string;
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
  const baseUrl = trimBaseUrl(options.baseUrl);
  const pathOf = pathBelow(baseUrl);
  const retrying = retryingFetch(options, {
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

  // No hey-api `auth`: the token is the auth layer's business (`options.token` is not passed on).
  const client = createClient(
    createConfig<ClientOptions>(clientConfig({ baseUrl, headers: options.headers }, authenticated)),
  );
  client.interceptors.response.use(withoutEmptyBody);
  // The retry and auth layers already turned network failures, timeouts and aborts into the core
  // errors; anything else without a response (the ApiError of a sign-in answered without a token)
  // is kept as it is.
  client.interceptors.error.use(throwingApiErrors((init) => new TypeDBError(init)));
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
