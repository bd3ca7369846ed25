import type { ApiErrorShape, ApiResponse, RequestFailure } from '../core/dispatch.js';
import { HttpResponseError } from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';
import type { components } from './generated/openapi.js';

export type IcebergErrorResponse = components['schemas']['IcebergErrorResponse'];

/**
 * The exception names clients map errors to (Java `ErrorHandlers`, pyiceberg, iceberg-js): the
 * `type` of an error body. The list is the one the spec's responses use.
 */
export type IcebergErrorType =
  | 'BadRequestException'
  | 'NotAuthorizedException'
  | 'ForbiddenException'
  | 'AuthenticationTimeoutException'
  | 'NoSuchNamespaceException'
  | 'NoSuchTableException'
  | 'NotFoundException'
  | 'AlreadyExistsException'
  | 'NamespaceNotEmptyException'
  | 'CommitFailedException'
  | 'CommitStateUnknownException'
  | 'UnprocessableEntityException'
  | 'UnsupportedOperationException'
  | 'SlowDownException'
  | 'ServiceFailureException'
  | 'ServiceUnavailableException';

/** An Iceberg error response: `{"error": {"message", "type", "code"}}`, `code` repeating the status. */
export function icebergErrorResponse(
  status: number,
  type: IcebergErrorType,
  message: string,
  headers?: Record<string, string>,
): ApiResponse {
  const body: IcebergErrorResponse = { error: { message, type, code: status } };
  return { status, body, contentType: 'application/json', ...(headers ? { headers } : {}) };
}

/** Throws an Iceberg error from anywhere under a handler. */
export function icebergError(
  status: number,
  type: IcebergErrorType,
  message: string,
  headers?: Record<string, string>,
): HttpResponseError {
  return new HttpResponseError(icebergErrorResponse(status, type, message, headers));
}

/**
 * How the Iceberg catalog words refusals made before a handler runs. Every malformed request is a
 * 400 `BadRequestException` (clients raise `BadRequestError`), an oversized body included: the
 * protocol documents no 413. A missing handler is 501, which clients raise as
 * `UnsupportedOperationException`.
 */
export const icebergErrorShape: ApiErrorShape = {
  requestFailed(failure: RequestFailure): ApiResponse {
    return icebergErrorResponse(400, 'BadRequestException', failure.message);
  },
  notImplemented(route: RouteDefinition): ApiResponse {
    return icebergErrorResponse(
      501,
      'UnsupportedOperationException',
      `${route.method} ${route.path} is not implemented by this server.`,
    );
  },
  internalError(error: unknown): ApiResponse {
    const detail = error instanceof Error ? error.message : String(error);
    return icebergErrorResponse(500, 'ServiceFailureException', `Internal error: ${detail}`);
  },
  notFound(method: string, path: string): ApiResponse {
    return icebergErrorResponse(404, 'NotFoundException', `No operation at ${method} ${path}.`);
  },
};
