/**
 * What the wrappers call: one `Request` in, one `Response` out. `globalThis.fetch` fits, and so
 * does a test double that only understands `Request` objects.
 */
export type Fetcher = (request: Request) => Promise<Response>;

/**
 * What the wrappers return: a drop-in `fetch` (so it can be handed to any fetch-based client),
 * which is also a `Fetcher`, so wrappers stack.
 */
export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The request `fetch(input, init)` would send, without copying it when it already is one. */
export function toRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  return input instanceof Request && init === undefined ? input : new Request(input, init);
}

/**
 * Calls the platform `fetch` as a plain function, looked up at call time: browsers throw
 * "Illegal invocation" when `fetch` is called as a method of another object, and a late lookup
 * lets tests and polyfills replace it after the client was created.
 */
export const platformFetch: Fetcher = (request) => globalThis.fetch(request);

/**
 * Releases a response we are not going to hand back (before a retry). Undici keeps the
 * connection busy until the body is read or cancelled. The cancel is started, not awaited: some
 * fetch implementations (msw's interceptor keeps an unread copy of mocked bodies) never settle it.
 */
export function discardBody(response: Response): void {
  try {
    response.body?.cancel().catch(() => {});
  } catch {
    // Already read, locked or errored: nothing left to release.
  }
}
