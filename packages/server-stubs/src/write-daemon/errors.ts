import type { ApiErrorShape, ApiResponse, RequestFailure } from '../core/dispatch.js';
import { HttpResponseError } from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';
import type { components } from './generated/openapi.js';

export type ProblemCode = components['schemas']['ProblemCode'];
export type ProblemDetails = components['schemas']['ProblemDetails'];
/** The members of a problem beyond the ones every problem has. */
export type ProblemExtensions = Omit<
  Partial<ProblemDetails>,
  'type' | 'title' | 'status' | 'detail' | 'code' | 'retryable'
>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One short title per code: the same for every occurrence (RFC 9457 §3.1.3). */
const TITLES: Record<ProblemCode, string> = {
  INVALID_REQUEST: 'Invalid request',
  INVALID_NAMESPACE_ID: 'Invalid namespace id',
  INVALID_PAGE_TOKEN: 'Invalid page token',
  UNAUTHORIZED: 'Unauthorized',
  NAMESPACE_NOT_FOUND: 'Namespace not found',
  COMMIT_NOT_FOUND: 'Commit not found',
  CLASS_NOT_FOUND: 'Class not found',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with a different request',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'Idempotency key in progress',
  NAMESPACE_NOT_WRITABLE: 'Namespace not writable',
  CLASS_ALREADY_EXISTS: 'Class already exists',
  CLASS_SHAPE_ALREADY_EXISTS: 'Class shape already exists',
  NAMESPACE_ALREADY_EXISTS: 'Namespace already exists',
  REVERSE_PRECONDITION_FAILED: 'Reverse precondition failed',
  COMMIT_ALREADY_REVERSED: 'Commit already reversed',
  REVERSE_NO_LONGER_AVAILABLE: 'Reverse no longer available',
  REVISION_MISMATCH: 'Revision mismatch',
  LIFECYCLE_TRANSITION_NOT_ALLOWED: 'Lifecycle transition not allowed',
  NAMESPACE_HAS_ATTACHMENTS: 'Namespace has attachments',
  NAMESPACE_FROZEN: 'Namespace frozen',
  NAMESPACE_DELETED: 'Namespace deleted',
  COMMIT_VALIDATION_FAILED: 'Commit validation failed',
  COMMIT_NOT_REVERSIBLE: 'Commit not reversible',
  SNAPSHOT_VALIDATION_FAILED: 'Snapshot validation failed',
  QUOTA_EXCEEDED: 'Quota exceeded',
  INTERNAL: 'Internal error',
  UNHEALTHY: 'Unhealthy',
  NOT_LIVE: 'Not live',
  STARTING: 'Starting',
};

/** The codes whose request may succeed when repeated later (the spec's `retryable` rule). */
const RETRYABLE = new Set<ProblemCode>([
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'QUOTA_EXCEEDED',
  'INTERNAL',
  'UNHEALTHY',
  'NOT_LIVE',
  'STARTING',
]);

/** A write-daemon error response: an RFC 9457 problem with the product's `code` and `retryable`. */
export function problemResponse(
  status: number,
  code: ProblemCode,
  detail: string,
  extensions: ProblemExtensions = {},
  headers?: Record<string, string>,
): ApiResponse {
  const body: ProblemDetails = {
    type: `urn:assetcore:error:${code}`,
    title: TITLES[code],
    status,
    detail,
    code,
    retryable: RETRYABLE.has(code),
    ...extensions,
  };
  return { status, body, contentType: PROBLEM_CONTENT_TYPE, ...(headers ? { headers } : {}) };
}

/** Throws a write-daemon problem from anywhere under a handler. */
export function writeDaemonProblem(
  status: number,
  code: ProblemCode,
  detail: string,
  extensions?: ProblemExtensions,
  headers?: Record<string, string>,
): HttpResponseError {
  return new HttpResponseError(problemResponse(status, code, detail, extensions, headers));
}

/** How the write daemon words refusals made before a request reaches its handler. */
export const writeDaemonErrorShape: ApiErrorShape = {
  requestFailed(failure: RequestFailure, route: RouteDefinition): ApiResponse {
    const instance = route.path;
    if (failure.kind === 'invalid-parameter') {
      const code = failure.name === 'namespace_id' ? 'INVALID_NAMESPACE_ID' : 'INVALID_REQUEST';
      return problemResponse(400, code, failure.message, {
        instance,
        errors: [{ pointer: failure.name, message: failure.message }],
      });
    }
    if (failure.kind === 'invalid-body') {
      const idIssue = failure.issues.some((issue) => issue.pointer === '/namespace_id');
      return problemResponse(400, idIssue ? 'INVALID_NAMESPACE_ID' : 'INVALID_REQUEST', failure.message, {
        instance,
        errors: failure.issues.map((issue) => ({ pointer: issue.pointer || '/', message: issue.message })),
      });
    }
    return problemResponse(400, 'INVALID_REQUEST', failure.message, {
      instance,
      errors: [{ pointer: '/', message: failure.message }],
    });
  },
  notImplemented(route: RouteDefinition): ApiResponse {
    return problemResponse(501, 'INTERNAL', `${route.method} ${route.path} is not implemented by this server.`, {
      instance: route.path,
    });
  },
  internalError(error: unknown, route: RouteDefinition | undefined): ApiResponse {
    const detail = error instanceof Error ? error.message : String(error);
    return problemResponse(
      500,
      'INTERNAL',
      `Internal error; nothing was applied: ${detail}`,
      route ? { instance: route.path } : {},
    );
  },
  notFound(method: string, path: string): ApiResponse {
    // Not an operation of this API: RFC 9457's generic problem, since no product code fits.
    return {
      status: 404,
      contentType: PROBLEM_CONTENT_TYPE,
      body: {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `No operation at ${method} ${path}.`,
        instance: path,
      },
    };
  },
};
