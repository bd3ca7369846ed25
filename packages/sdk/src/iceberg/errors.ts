import { ApiError, type ApiErrorInit, describeResponse, type ErrorClasses, errorClassFor } from '../core/errors.js';
import { retryAfterMs } from '../core/retry.js';
import type { ErrorModel } from './generated/types.gen.js';

/**
 * An Iceberg catalog error response. Servers answer `{"error": {"message", "type", "code"}}`, where
 * `type` names the Java exception clients raise for it; the SDK picks the subclass from `type`
 * (then from the status, for bodies without one), so callers write
 * `catch (e) { if (e instanceof NoSuchTableError) ... }`. A body that is not an Iceberg error (a
 * proxy's HTML page, an empty `HEAD` answer) still gives the right class by status and a message
 * that quotes the start of the body.
 */
export class IcebergError extends ApiError {
  override name = 'IcebergError';
  /** The parsed `error` member, or `undefined` when the body was something else. */
  readonly error: ErrorModel | undefined;
  /** The exception name the server gave (`NoSuchTableException`...), or `''` without one. */
  readonly type: string;
  /** How long the server asked to wait before retrying (`Retry-After`), if it did. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    const error = errorModel(init.body, init.status);
    super(describe(init, error), init);
    this.error = error;
    this.type = error?.type ?? '';
    this.retryAfterMs = retryAfterMs(init.response.headers);
  }
}

/** 400: a malformed request or an update the table cannot take (`BadRequestException`, `ValidationException`...). */
export class BadRequestError extends IcebergError {
  override name = 'BadRequestError';
}
/** 401 or 419: no valid token (`NotAuthorizedException`, `AuthenticationTimeoutException`). */
export class NotAuthorizedError extends IcebergError {
  override name = 'NotAuthorizedError';
}
/** 403: the token may not do this (`ForbiddenException`). */
export class ForbiddenError extends IcebergError {
  override name = 'ForbiddenError';
}
/** 404: something does not exist. The subclasses say what; a 404 of another kind is this class. */
export class NotFoundError extends IcebergError {
  override name = 'NotFoundError';
}
/** 404 `NoSuchNamespaceException`. */
export class NoSuchNamespaceError extends NotFoundError {
  override name = 'NoSuchNamespaceError';
}
/** 404 `NoSuchTableException`. */
export class NoSuchTableError extends NotFoundError {
  override name = 'NoSuchTableError';
}
/** 404 `NoSuchWarehouseException` (from `GET /v1/config?warehouse=`). */
export class NoSuchWarehouseError extends NotFoundError {
  override name = 'NoSuchWarehouseError';
}
/** 406: the server does not support the operation (`UnsupportedOperationException`). */
export class UnsupportedOperationError extends IcebergError {
  override name = 'UnsupportedOperationError';
}
/** 409 `AlreadyExistsException`: a namespace or table of that name exists. */
export class AlreadyExistsError extends IcebergError {
  override name = 'AlreadyExistsError';
}
/** 409 `NamespaceNotEmptyException`: drop the namespace's tables and namespaces first. */
export class NamespaceNotEmptyError extends IcebergError {
  override name = 'NamespaceNotEmptyError';
}
/**
 * A commit (`updateTable`, `commitTransaction`) answered 409: a requirement did not hold, nothing
 * was written. Reload the table, rebuild the updates on the new metadata and commit again; the
 * files written for the abandoned attempt may be deleted.
 */
export class CommitFailedError extends IcebergError {
  override name = 'CommitFailedError';
}
/**
 * A commit answered 500, 502, 504 (or 503) and retrying did not settle it: the commit may or may
 * not have been applied. Do not delete the files it references; reload the table to find out, or
 * call again with the same `idempotencyKey`, which the server answers from its record of the first
 * attempt if that one was applied.
 */
export class CommitStateUnknownError extends IcebergError {
  override name = 'CommitStateUnknownError';
  /** The key every attempt of the commit carried: pass it as `idempotencyKey` to retry safely later. */
  get idempotencyKey(): string | undefined {
    return this.request.headers.get('Idempotency-Key') ?? undefined;
  }
}
/** 422: a well-formed request the server cannot process, such as a reused `Idempotency-Key` (`UnprocessableEntityException`). */
export class UnprocessableEntityError extends IcebergError {
  override name = 'UnprocessableEntityError';
}
/** 503 `SlowDownException`: the server did nothing; retry after `retryAfterMs`. */
export class SlowDownError extends IcebergError {
  override name = 'SlowDownError';
}
/** Another 5xx outside a commit (`InternalServerError`, a gateway's answer). */
export class ServerError extends IcebergError {
  override name = 'ServerError';
}

type IcebergErrorClass = new (init: ApiErrorInit) => IcebergError;

/**
 * The class for each exception name servers use (those of the Java catalog and its REST handlers),
 * then for each status when the body names no known type.
 */
const CLASSES: ErrorClasses<IcebergErrorClass> = {
  byCode: {
    BadRequestException: BadRequestError,
    IllegalArgumentException: BadRequestError,
    ValidationException: BadRequestError,
    NotAuthorizedException: NotAuthorizedError,
    AuthenticationTimeoutException: NotAuthorizedError,
    ForbiddenException: ForbiddenError,
    NotFoundException: NotFoundError,
    NoSuchNamespaceException: NoSuchNamespaceError,
    NoSuchTableException: NoSuchTableError,
    NoSuchWarehouseException: NoSuchWarehouseError,
    UnsupportedOperationException: UnsupportedOperationError,
    AlreadyExistsException: AlreadyExistsError,
    NamespaceNotEmptyException: NamespaceNotEmptyError,
    CommitFailedException: CommitFailedError,
    CommitStateUnknownException: CommitStateUnknownError,
    UnprocessableEntityException: UnprocessableEntityError,
    SlowDownException: SlowDownError,
    ServiceFailureException: ServerError,
    InternalServerError: ServerError,
  },
  byStatus: {
    400: BadRequestError,
    401: NotAuthorizedError,
    419: NotAuthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    406: UnsupportedOperationError,
    422: UnprocessableEntityError,
    503: SlowDownError,
  },
  serverError: ServerError,
  other: IcebergError,
};

/** What kind of operation failed: commits read 409 and 5xx their own way. */
export type OperationKind = 'commit' | 'other';

/**
 * The error for a response. On a commit the status decides first, as every Iceberg client does: 409
 * is always `CommitFailedError` (whatever the type), and 500, 502, 503 and 504 are
 * `CommitStateUnknownError` (the SDK has retried them already; a 503 there may be a gateway's).
 */
export function toIcebergError(init: ApiErrorInit, kind: OperationKind): IcebergError {
  if (kind === 'commit') {
    if (init.status === 409) return new CommitFailedError(init);
    if ([500, 502, 503, 504].includes(init.status)) return new CommitStateUnknownError(init);
  }
  const ErrorClass = errorClassFor(CLASSES, errorModel(init.body, init.status)?.type, init.status);
  return new ErrorClass(init);
}

/** The `error` member of an `IcebergErrorResponse`, if `body` is one. */
function errorModel(body: unknown, status: number): ErrorModel | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, type, code } = error as Record<string, unknown>;
  if (typeof message !== 'string' || typeof type !== 'string') return undefined;
  return { ...(error as ErrorModel), message, type, code: typeof code === 'number' ? code : status };
}

function describe(init: ApiErrorInit, error: ErrorModel | undefined): string {
  return error ? `${error.type}: ${error.message}` : describeResponse(init);
}
