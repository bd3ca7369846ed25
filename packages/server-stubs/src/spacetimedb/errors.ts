import type { ApiErrorShape, ApiResponse, RequestFailure } from '../core/dispatch.js';
import { HttpResponseError } from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';

/**
 * SpacetimeDB's error answers: one human-readable message in plain text
 * (`text/plain; charset=utf-8`), as the product's server (axum) sends them. Only the names and
 * publish routes answer some refusals in JSON (`{"PermissionDenied": ...}`); those build their
 * response directly.
 */
export function spacetimedbText(status: number, message: string, headers?: Record<string, string>): ApiResponse {
  return { status, body: message, contentType: 'text/plain', ...(headers ? { headers } : {}) };
}

/** Throws a plain-text error answer from anywhere under a handler. */
export function spacetimedbError(status: number, message: string): HttpResponseError {
  return new HttpResponseError(spacetimedbText(status, message));
}

/** A JSON error body (the names and publish refusals the seed shows in JSON). */
export function spacetimedbJsonError(status: number, body: unknown): HttpResponseError {
  return new HttpResponseError({ status, body, contentType: 'application/json' });
}

/** Operations whose documented error answers have no body at all. */
const WITHOUT_BODY = new Set(['verifyIdentity']);

function answer(status: number, message: string, route: RouteDefinition | undefined): ApiResponse {
  if (route !== undefined && WITHOUT_BODY.has(route.operationId)) return { status };
  return spacetimedbText(status, message);
}

/**
 * Refusals made before a handler runs. A body without a `Content-Type` where one is required
 * (`/call`) is a 400, as axum's JSON extractor answers; a wrong one a 415.
 */
export const spacetimedbErrorShape: ApiErrorShape = {
  requestFailed(failure: RequestFailure, route: RouteDefinition): ApiResponse {
    switch (failure.kind) {
      case 'unsupported-media-type':
        if (failure.mediaType === undefined) {
          return answer(400, 'Missing `Content-Type: application/json` header', route);
        }
        return answer(415, 'Expected request with `Content-Type: application/json`', route);
      case 'too-large':
        return answer(413, `The request body is larger than the ${failure.limit}-byte limit.`, route);
      case 'invalid-parameter':
        if (failure.location === 'path' && failure.name === 'name_or_identity') {
          return answer(
            400,
            'The database name or identity is invalid: expected 64 hex digits or a name of a-z, 0-9 and single hyphens.',
            route,
          );
        }
        return answer(400, failure.message, route);
      default:
        return answer(400, failure.message, route);
    }
  },
  notImplemented(route): ApiResponse {
    return spacetimedbText(501, `${route.method} ${route.path} is not implemented by this server.`);
  },
  internalError(error: unknown, route): ApiResponse {
    return answer(500, error instanceof Error ? error.message : String(error), route);
  },
  notFound(): ApiResponse {
    return spacetimedbText(404, 'Not Found');
  },
};
