import {
  ApiError,
  type ApiErrorInit,
  describeResponse,
  type ErrorClasses,
  errorClassFor,
  stringField,
} from '../core/errors.js';
import { retryAfterMs } from '../core/retry.js';
import type { ErrorResponse, ValidationError } from './generated/types.gen.js';

/**
 * A volumes error response. The API answers in two shapes: the product's envelope
 * `{error, message, details, timestamp, status_code}` (401, 403, 404, 409, 413, 500) and FastAPI's
 * `{detail: [{loc, msg, type, input, ctx}]}` (422). Every error the client throws for a response is
 * a `VolumesError`; the subclass says which case it is, picked from the envelope's `error` code and
 * then from the status, so callers write `catch (e) { if (e instanceof NotFoundError) ... }`. A body
 * in neither shape (a proxy's HTML page, an S3 XML error behind a presigned URL) still gets the class
 * of its status and a message quoting the start of the body.
 */
export class VolumesError extends ApiError {
  override name = 'VolumesError';
  /** The envelope's `error` (`RESOURCE_NOT_FOUND`, `LOCK_CONFLICT`...), or `''` when the body was not an envelope. */
  readonly code: string;
  /** The envelope's `details`; `{}` without an envelope. */
  readonly details: Record<string, unknown>;
  /** The parsed envelope, or `undefined` when the body was something else. */
  readonly envelope: ErrorResponse | undefined;
  /** How long the server asked to wait before retrying (`Retry-After`), if it did. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit, message?: string) {
    const envelope = errorEnvelope(init.body);
    super(message ?? describe(init, envelope), init);
    this.envelope = envelope;
    this.code = envelope?.error ?? '';
    this.details = envelope?.details ?? {};
    this.retryAfterMs = retryAfterMs(init.response.headers);
  }
}

/** 401 `AUTHENTICATION_FAILED`: no valid bearer token. */
export class AuthenticationFailedError extends VolumesError {
  override name = 'AuthenticationFailedError';
}

/**
 * 403 `FORBIDDEN`: the token lacks a permission (`requiredPermission`: `volumes:write`,
 * `mount:read_write`...), or a presigned URL expired or was tampered with (`reason`).
 */
export class ForbiddenError extends VolumesError {
  override name = 'ForbiddenError';
  /** `details.required_permission`, when the server named it. */
  get requiredPermission(): string | undefined {
    return stringField(this.details, 'required_permission');
  }
  /** `details.reason` (`expired`, `invalid_signature`) for a refused download URL. */
  get reason(): string | undefined {
    return stringField(this.details, 'reason');
  }
}

/** 404 `RESOURCE_NOT_FOUND`: absent for this caller (the API never says whether it exists elsewhere). */
export class NotFoundError extends VolumesError {
  override name = 'NotFoundError';
  /** `details.resource_type` (`volume`, `entry`, `mount`, `lock`...). */
  get resourceType(): string | undefined {
    return stringField(this.details, 'resource_type');
  }
  /** `details.resource_id`. */
  get resourceId(): string | undefined {
    return stringField(this.details, 'resource_id');
  }
}

/** 409 `CONFLICT`: a duplicate name or mount, a reindex already running, a `lock_id` of another partition. */
export class ConflictError extends VolumesError {
  override name = 'ConflictError';
}

/** 409 `LOCK_CONFLICT`: another holder has an unexpired lock on the partition. */
export class LockConflictError extends ConflictError {
  override name = 'LockConflictError';
  get holderAppId(): string | undefined {
    return stringField(this.details, 'holder_app_id');
  }
  get holderExecutionId(): string | undefined {
    return stringField(this.details, 'holder_execution_id');
  }
  /** When the other holder's lock expires (a timestamp string), unless it renews it. */
  get expiresAt(): string | undefined {
    return stringField(this.details, 'expires_at');
  }
}

/** 413 `PAYLOAD_TOO_LARGE`: an entry body or upload over the server's limit. */
export class PayloadTooLargeError extends VolumesError {
  override name = 'PayloadTooLargeError';
  /** `details.limit_bytes`, the server's limit. */
  get limitBytes(): number | undefined {
    const value = this.details.limit_bytes;
    return typeof value === 'number' ? value : undefined;
  }
}

/** 5xx: `INTERNAL_SERVER_ERROR`, or a gateway's answer. Already retried where that was safe. */
export class ServerError extends VolumesError {
  override name = 'ServerError';
}

/**
 * 422 in FastAPI's shape: the request does not match the API (a missing or mistyped field or
 * parameter, malformed JSON, an invalid entry path or cursor, content failing its `schema_id`).
 * `detail` lists every failure, each with its `loc` (`['body', 'name']`, `['path', 'path']`...).
 */
export class VolumesValidationError extends VolumesError {
  override name = 'VolumesValidationError';
  /** The failures; empty when the 422 body was not FastAPI's. */
  readonly detail: ValidationError[];

  constructor(init: ApiErrorInit) {
    const detail = validationDetail(init.body);
    super(init, detail.length > 0 ? describeValidation(detail) : undefined);
    this.detail = detail;
  }
}

type VolumesErrorClass = new (init: ApiErrorInit) => VolumesError;

/**
 * The class for each `error` code servers send, then for each status when the code is unknown (a
 * newer server's) or the body is no envelope. A 422 never gets here: its class is always
 * `VolumesValidationError`.
 */
const CLASSES: ErrorClasses<VolumesErrorClass> = {
  byCode: {
    AUTHENTICATION_FAILED: AuthenticationFailedError,
    FORBIDDEN: ForbiddenError,
    RESOURCE_NOT_FOUND: NotFoundError,
    CONFLICT: ConflictError,
    LOCK_CONFLICT: LockConflictError,
    PAYLOAD_TOO_LARGE: PayloadTooLargeError,
    INTERNAL_SERVER_ERROR: ServerError,
  },
  byStatus: {
    401: AuthenticationFailedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
  },
  serverError: ServerError,
  other: VolumesError,
};

/**
 * The error for a response. A 422 is always `VolumesValidationError` (the shape is decided by the
 * status); otherwise a known `error` code decides, then the status, for codes a newer server may add.
 */
export function toVolumesError(init: ApiErrorInit): VolumesError {
  if (init.status === 422) return new VolumesValidationError(init);
  const ErrorClass = errorClassFor(CLASSES, errorEnvelope(init.body)?.error, init.status);
  return new ErrorClass(init);
}

/** The envelope, if `body` is one (`error` and `message` strings; `details` an object or absent). */
function errorEnvelope(body: unknown): ErrorResponse | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message, details } = body as Record<string, unknown>;
  if (typeof error !== 'string' || typeof message !== 'string') return undefined;
  const detailsObject =
    typeof details === 'object' && details !== null && !Array.isArray(details)
      ? (details as Record<string, unknown>)
      : {};
  return { ...(body as ErrorResponse), details: detailsObject };
}

/** FastAPI's `detail` items, if `body` carries them (items without `loc`/`msg`/`type` are dropped). */
function validationDetail(body: unknown): ValidationError[] {
  if (typeof body !== 'object' || body === null) return [];
  const detail = (body as { detail?: unknown }).detail;
  if (!Array.isArray(detail)) return [];
  return detail.filter(
    (item): item is ValidationError =>
      typeof item === 'object' &&
      item !== null &&
      Array.isArray((item as ValidationError).loc) &&
      typeof (item as ValidationError).msg === 'string' &&
      typeof (item as ValidationError).type === 'string',
  );
}

function describeValidation(detail: ValidationError[]): string {
  const [first] = detail;
  const more = detail.length > 1 ? ` (and ${detail.length - 1} more)` : '';
  return first ? `Validation failed at ${first.loc.join('.')}: ${first.msg}${more}` : 'Validation failed';
}

function describe(init: ApiErrorInit, envelope: ErrorResponse | undefined): string {
  return envelope ? `${envelope.error}: ${envelope.message}` : describeResponse(init);
}
