import { stringifyJson } from '@dbwire/json';
import type { FetchFn } from '../core/fetch.js';
import { clientConfig, retryingFetch, type TransportOptions, throwingApiErrors } from '../core/transport.js';
import { toSpacetimedbError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';
import { IdentityKeeper } from './identity.js';

export interface SpacetimedbTransportOptions extends TransportOptions {
  /** The host, e.g. `http://127.0.0.1:3000` (without `/v1`: the operations carry it). */
  baseUrl: string;
  /**
   * The token to act with (or a function returning the current one). Without it the client keeps
   * the anonymous identity the server mints on the first answer (see `IdentityKeeper`).
   */
  token?: TransportOptions['token'];
}

export interface SpacetimedbTransport {
  /** The hey-api client the generated functions send through. */
  client: Client;
  /** The identity and token in use. */
  identity: IdentityKeeper;
  /** The `fetch` underneath (retries, kept token), for requests the generated functions do not make. */
  fetch: FetchFn;
}

/**
 * The hey-api client for the generated SpacetimeDB functions: pass it as `{ client }` to any of them.
 *
 * Requests go through, from the outside in: the `IdentityKeeper` (sends the kept anonymous token
 * when the client has none of its own, reads `spacetime-identity` headers), then `withRetries` (the
 * core policy): connection errors, timeouts, 408, 429, 500, 502, 503 and 504 are retried with
 * jittered exponential backoff, honouring `Retry-After`, for the methods that are safe to repeat:
 * GET, PUT (publishing to a name, setting names) and DELETE. A POST is sent once: a reducer call or
 * a SQL statement that changes data must not run twice, and a database published without a name
 * would be created twice.
 *
 * JSON bodies are written with `stringifyJson` (a `bigint` reducer argument goes out digit for
 * digit). Errors are thrown, never returned: `SpacetimedbError` subclasses for error responses,
 * `ApiConnectionError`, `ApiTimeoutError` and `ApiUserAbortError` when no response came.
 */
export function createSpacetimedbTransport(options: SpacetimedbTransportOptions): SpacetimedbTransport {
  const identity = new IdentityKeeper(
    options.token === undefined,
    typeof options.token === 'string' ? options.token : undefined,
  );
  const fetch = identity.wrap(retryingFetch(options));
  const client = createClient(
    createConfig<ClientOptions>({ ...clientConfig(options, fetch), bodySerializer: stringifyJson }),
  );
  client.interceptors.error.use(throwingApiErrors(toSpacetimedbError));
  return { client, identity, fetch };
}
