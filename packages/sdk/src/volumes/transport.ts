import type { FetchFn } from '../core/fetch.js';
import {
  type BearerToken,
  clientConfig,
  retryingFetch,
  type TransportOptions,
  throwingApiErrors,
} from '../core/transport.js';
import { toVolumesError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';

export interface VolumesTransportOptions extends TransportOptions {
  /** The server, e.g. `http://127.0.0.1:8300` (without `/v1`: the operations carry it). */
  baseUrl: string;
  /** The bearer token, or a function returning the current one (called per request, for tokens that rotate). */
  token: BearerToken;
  /** Headers sent with every API request (not with presigned downloads). */
  headers?: Record<string, string>;
}

export interface VolumesTransport {
  /** The hey-api client the generated functions send through. */
  client: Client;
  /** The retrying `fetch` underneath, without auth: what presigned downloads go through. */
  fetch: FetchFn;
}

/**
 * The hey-api client for the generated volumes functions: pass it as `{ client }` to any of them.
 *
 * Requests go through `withRetries` (the core policy): connection errors, timeouts, 408, 429, 500,
 * 502, 503 and 504 are retried with jittered exponential backoff, honouring `Retry-After`, for the
 * methods that are safe to repeat: GET, PUT (`writeEntry` is an upsert) and DELETE. The API offers no
 * idempotency key, so a POST (create, mount, upload, search, lock, reindex) or a PATCH is sent once:
 * a second attempt after the first may have reached the server could create a second volume or
 * start a second reindex.
 *
 * Errors are thrown, never returned: `VolumesError` subclasses for error responses (both the
 * envelope and FastAPI's 422), `ApiConnectionError`, `ApiTimeoutError` and `ApiUserAbortError`
 * when no response came.
 */
export function createVolumesTransport(options: VolumesTransportOptions): VolumesTransport {
  const fetch = retryingFetch(options);
  // hey-api sends the token with the operations the spec secures: all but the blob route.
  const client = createClient(createConfig<ClientOptions>(clientConfig(options, fetch)));
  client.interceptors.error.use(throwingApiErrors(toVolumesError));
  return { client, fetch };
}
