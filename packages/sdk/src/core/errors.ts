/**
 * The errors every dbwire client throws. They are API-independent so that callers can handle
 * transport problems the same way whichever API they talk to; each API adds its own subclass of
 * `ApiError` for the error bodies it defines.
 */

/** What an `ApiError` is built from: the exchange as the server answered it. */
export interface ApiErrorInit {
  status: number;
  /** The response body, parsed as JSON when it was JSON, otherwise its text. */
  body: unknown;
  /** Its body has already been read: use `body`. */
  response: Response;
  request: Request;
}

/** The server answered with a status outside 2xx. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly body: unknown;
  readonly response: Response;
  readonly request: Request;

  constructor(message: string, init: ApiErrorInit) {
    super(message);
    this.status = init.status;
    this.body = init.body;
    this.response = init.response;
    this.request = init.request;
  }
}

/** No response arrived: DNS, refused or reset connection, TLS, CORS in browsers... */
export class ApiConnectionError extends Error {
  override name = 'ApiConnectionError';

  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * No response arrived within the per-attempt timeout. It is a connection error (as in the Stainless
 * SDKs), so `instanceof ApiConnectionError` catches both.
 */
export class ApiTimeoutError extends ApiConnectionError {
  override name = 'ApiTimeoutError';

  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The caller aborted the request through its `signal`. Never retried; `cause` is the signal's
 * reason. Deliberately not a connection error: nothing went wrong with the server.
 */
export class ApiUserAbortError extends Error {
  override name = 'ApiUserAbortError';

  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
