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

/**
 * The message for an error response in none of the API's own shapes (a proxy's HTML page, an empty
 * answer): the status line, then the start of the body when it was text.
 */
export function describeResponse({ status, body, response }: ApiErrorInit): string {
  const statusLine = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return text ? `${statusLine}: ${text}` : statusLine;
}

/** Which error class an API throws for a response, by the code its body names or by its status. */
export interface ErrorClasses<Class> {
  /** The class for each code the API's error bodies carry. */
  byCode: Readonly<Record<string, Class>>;
  /** The class for a status, when the body names no known code (a newer server's, or none). */
  byStatus: Readonly<Record<number, Class>>;
  /** Any other 5xx. */
  serverError: Class;
  /** Any other status. */
  other: Class;
}

/** The class for a response whose body names `code` (if any) and whose status is `status`. */
export function errorClassFor<Class>(classes: ErrorClasses<Class>, code: string | undefined, status: number): Class {
  // `hasOwn`: a code such as `constructor` must not find the prototype's.
  const named = code !== undefined && Object.hasOwn(classes.byCode, code) ? classes.byCode[code] : undefined;
  return named ?? classes.byStatus[status] ?? (status >= 500 ? classes.serverError : classes.other);
}

/** The string under `key` of an error body's object (`details`, say), or undefined when `value` has none. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}
