import type { ApiErrorShape, ApiResponse, RequestFailure } from '../core/dispatch.js';
import { HttpResponseError } from '../core/dispatch.js';
import type { ValidationIssue } from '../core/validation.js';
import type { components } from './generated/openapi.js';

export type VolumesErrorResponse = components['schemas']['ErrorResponse'];
export type VolumesValidationError = components['schemas']['ValidationError'];

/** The `error` codes dbwire servers send (clients should expect others). */
export type VolumesErrorCode =
  | 'AUTHENTICATION_FAILED'
  | 'FORBIDDEN'
  | 'RESOURCE_NOT_FOUND'
  | 'CONFLICT'
  | 'LOCK_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL_SERVER_ERROR';

/** The product's error envelope: `{error, message, details, timestamp, status_code}`. */
export function volumesErrorResponse(
  status: number,
  error: VolumesErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  headers?: Record<string, string>,
): ApiResponse {
  const body: VolumesErrorResponse = {
    error,
    message,
    details,
    timestamp: new Date().toISOString(),
    status_code: status,
  };
  return { status, body, contentType: 'application/json', ...(headers ? { headers } : {}) };
}

/** Throws the error envelope from anywhere under a handler. */
export function volumesError(
  status: number,
  error: VolumesErrorCode,
  message: string,
  details?: Record<string, unknown>,
): HttpResponseError {
  return new HttpResponseError(volumesErrorResponse(status, error, message, details));
}

/** A 422 in FastAPI's shape, `{detail: [{loc, msg, type, input, ctx?}]}`. */
export function validationErrorResponse(detail: VolumesValidationError[]): ApiResponse {
  return { status: 422, body: { detail }, contentType: 'application/json' };
}

/** Throws a FastAPI-shaped 422 (a check the schema cannot express, such as a refused entry path). */
export function validationError(detail: VolumesValidationError[]): HttpResponseError {
  return new HttpResponseError(validationErrorResponse(detail));
}

/**
 * Throws a one-item FastAPI `value_error` 422, as a pydantic validator raising `ValueError(reason)`
 * words it: `{loc, msg: 'Value error, <reason>', type: 'value_error', input, ctx: {error: reason}}`.
 */
export function valueError(loc: Array<string | number>, input: unknown, reason: string): HttpResponseError {
  return validationError([{ loc, msg: `Value error, ${reason}`, type: 'value_error', input, ctx: { error: reason } }]);
}

/** The FastAPI (pydantic) error type for a failed JSON Schema keyword, and its `ctx`. */
function pydanticType(issue: ValidationIssue): { type: string; ctx?: Record<string, unknown> } {
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return { type: 'missing' };
    case 'minLength':
      return { type: 'string_too_short', ctx: { min_length: params.limit } };
    case 'maxLength':
      return { type: 'string_too_long', ctx: { max_length: params.limit } };
    case 'minimum':
      return { type: 'greater_than_equal', ctx: { ge: params.limit } };
    case 'maximum':
      return { type: 'less_than_equal', ctx: { le: params.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', ctx: { gt: params.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', ctx: { lt: params.limit } };
    case 'minItems':
      return { type: 'too_short', ctx: { min_length: params.limit } };
    case 'maxItems':
      return { type: 'too_long', ctx: { max_length: params.limit } };
    case 'pattern':
      return { type: 'string_pattern_mismatch', ctx: { pattern: params.pattern } };
    case 'enum':
      return { type: 'enum', ctx: { expected: params.allowedValues } };
    case 'const':
      return { type: 'literal_error', ctx: { expected: params.allowedValue } };
    case 'additionalProperties':
      return { type: 'extra_forbidden' };
    case 'type':
      return { type: TYPE_ERRORS[String(params.type)] ?? 'value_error' };
    default:
      return { type: 'value_error' };
  }
}

const TYPE_ERRORS: Record<string, string> = {
  string: 'string_type',
  integer: 'int_type',
  number: 'float_type',
  boolean: 'bool_type',
  object: 'model_attributes_type',
  array: 'list_type',
  null: 'none_required',
};

/** `/content/items/0` under `body` -> `['body', 'content', 'items', 0]`. */
function locOf(root: string, pointer: string): Array<string | number> {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return [root, ...segments];
}

/** One validator finding as a FastAPI detail, its `loc` under `root` (`body`, `query`, ...). */
export function validationDetail(root: string, issue: ValidationIssue): VolumesValidationError {
  const { type, ctx } = pydanticType(issue);
  return {
    loc: locOf(root, issue.pointer),
    msg: type === 'missing' ? 'Field required' : capitalise(issue.message),
    type,
    // For `missing`, FastAPI's input is the object that lacks the field, which is what ajv reports.
    input: issue.value ?? null,
    ...(ctx ? { ctx } : {}),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How the volumes API words refusals made before a handler runs, as the FastAPI product does:
 * every invalid request is a 422 `{detail: [...]}` (malformed JSON is `json_invalid`), an
 * oversized body a 413 in the error envelope, an unknown route FastAPI's `{"detail": "Not Found"}`.
 */
export const volumesErrorShape: ApiErrorShape = {
  requestFailed(failure: RequestFailure): ApiResponse {
    switch (failure.kind) {
      case 'invalid-parameter':
        return validationErrorResponse([validationDetail(failure.location, failure.issue)]);
      case 'invalid-body':
        return validationErrorResponse(failure.issues.map((issue) => validationDetail('body', issue)));
      case 'missing-body':
        return validationErrorResponse([{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }]);
      case 'malformed-body':
        return validationErrorResponse([
          {
            loc: ['body', 0],
            msg: 'JSON decode error',
            type: 'json_invalid',
            input: {},
            ctx: { error: failure.message },
          },
        ]);
      case 'unsupported-media-type':
        return validationErrorResponse([
          { loc: ['body'], msg: failure.message, type: 'model_attributes_type', input: failure.mediaType ?? null },
        ]);
      case 'too-large':
        return volumesErrorResponse(413, 'PAYLOAD_TOO_LARGE', failure.message, { limit_bytes: failure.limit });
    }
  },
  notImplemented(route): ApiResponse {
    return volumesErrorResponse(
      501,
      'NOT_IMPLEMENTED',
      `${route.method} ${route.path} is not implemented by this server.`,
    );
  },
  internalError(error: unknown): ApiResponse {
    const detail = error instanceof Error ? error.message : String(error);
    return volumesErrorResponse(500, 'INTERNAL_SERVER_ERROR', `Internal error: ${detail}`);
  },
  notFound(): ApiResponse {
    return { status: 404, body: { detail: 'Not Found' }, contentType: 'application/json' };
  },
  reportsEveryIssue: true,
};
