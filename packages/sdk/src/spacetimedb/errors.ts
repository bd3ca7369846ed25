import {
  ApiError,
  type ApiErrorInit,
  describeResponse,
  type ErrorClasses,
  errorClassFor,
  stringField,
} from '../core/errors.js';
import { retryAfterMs } from '../core/retry.js';

/**
 * A SpacetimeDB error response. The server answers errors in plain text, one human-readable
 * message, which becomes the error's `message`; a few routes answer JSON instead (publishing to
 * someone else's database, the names routes): a one-key object such as
 * `{"PermissionDenied": {"name": "chat"}}`, whose key is `code` and whose value is `detail`. The
 * subclass is picked from that key, then from the status, so callers write
 * `catch (e) { if (e instanceof ReducerFailedError) ... }`. Match on the class (the status), never
 * on the message: its wording is the server's.
 */
export class SpacetimedbError extends ApiError {
  override name = 'SpacetimedbError';
  /** The key of a JSON error body (`PermissionDenied`, `NotYourDatabase`, `OtherError`...), or `''` for a text body. */
  readonly code: string;
  /** The value under `code` (`{"name": "chat"}`), or `undefined` for a text body. */
  readonly detail: unknown;
  /** How long the server asked to wait before retrying (`Retry-After`), if it did. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    const tagged = taggedBody(init);
    super(describe(init, tagged), init);
    this.code = tagged?.code ?? '';
    this.detail = tagged?.detail;
    this.retryAfterMs = retryAfterMs(init.response.headers);
  }
}

/**
 * 400: a malformed request (an invalid name, arguments that do not match the reducer, a SQL error,
 * an incompatible republish, a malformed token) or a name the caller already uses elsewhere
 * (`OtherError`).
 */
export class BadRequestError extends SpacetimedbError {
  override name = 'BadRequestError';
}

/** 401: the token is not valid (bad signature, another issuer), as text; or see `PermissionDeniedError`. */
export class UnauthorizedError extends SpacetimedbError {
  override name = 'UnauthorizedError';
}

/**
 * 401 with a JSON body: the caller may not publish to this database or bind this name
 * (`PermissionDenied`), or does not own the database whose names it sets (`NotYourDatabase`).
 */
export class PermissionDeniedError extends UnauthorizedError {
  override name = 'PermissionDeniedError';
  /** The name or identity refused: `PermissionDenied`'s `name` (publish) or `domain` (names). */
  get target(): string | undefined {
    return stringField(this.detail, 'name') ?? stringField(this.detail, 'domain');
  }
  /** `NotYourDatabase`'s `database`: the identity of the database the caller does not own. */
  get database(): string | undefined {
    return stringField(this.detail, 'database');
  }
}

/** 403: an owner-only operation (update, delete, logs, DML) by someone else, or a connect hook that refused the caller. */
export class ForbiddenError extends SpacetimedbError {
  override name = 'ForbiddenError';
}

/** 404: no such database (name or identity), reducer, or route. */
export class NotFoundError extends SpacetimedbError {
  override name = 'NotFoundError';
}

/** 413: a module over the server's limit (32 MiB on dbwire servers). */
export class PayloadTooLargeError extends SpacetimedbError {
  override name = 'PayloadTooLargeError';
}

/**
 * 530: the reducer returned an error or trapped. The call was valid, the module refused it, and
 * nothing it did was kept; `message` is the reducer's. Never retried.
 */
export class ReducerFailedError extends SpacetimedbError {
  override name = 'ReducerFailedError';
}

/** Any other 5xx: an internal failure, or a module the server could not host (publish). */
export class ServerError extends SpacetimedbError {
  override name = 'ServerError';
}

type SpacetimedbErrorClass = new (init: ApiErrorInit) => SpacetimedbError;

const CLASSES: ErrorClasses<SpacetimedbErrorClass> = {
  byCode: {
    PermissionDenied: PermissionDeniedError,
    NotYourDatabase: PermissionDeniedError,
    OtherError: BadRequestError,
    TldNotRegistered: BadRequestError,
  },
  byStatus: {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    // Above 500, so it must be named: otherwise it would be a `ServerError`.
    530: ReducerFailedError,
  },
  serverError: ServerError,
  other: SpacetimedbError,
};

/** The error for a response: by the key of its JSON body when it has one, else by its status. */
export function toSpacetimedbError(init: ApiErrorInit): SpacetimedbError {
  const ErrorClass = errorClassFor(CLASSES, taggedBody(init)?.code, init.status);
  return new ErrorClass(init);
}

interface TaggedBody {
  code: string;
  detail: unknown;
}

/** A JSON error body's one key and its value, when the response was JSON and the body such an object. */
function taggedBody({ body, response }: ApiErrorInit): TaggedBody | undefined {
  if (!isJson(response) || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  const [code] = keys;
  return keys.length === 1 && code !== undefined
    ? { code, detail: (body as Record<string, unknown>)[code] }
    : undefined;
}

/**
 * The message: a text body as the server wrote it (the generated client parses any body that
 * happens to be valid JSON, so a text answer such as `404` is turned back into its text), a JSON
 * body as `code: detail`, an empty body as the status line.
 */
function describe(init: ApiErrorInit, tagged: TaggedBody | undefined): string {
  if (tagged) return `${tagged.code}: ${JSON.stringify(tagged.detail)}`;
  const { body } = init;
  if (typeof body === 'string') return body.trim() === '' ? describeResponse(init) : body;
  if (!isJson(init.response) && body !== undefined) return JSON.stringify(body);
  return describeResponse(init);
}

function isJson(response: Response): boolean {
  return /json/i.test(response.headers.get('Content-Type') ?? '');
}
