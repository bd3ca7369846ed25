import type { ApiErrorShape, ApiResponse, RequestFailure } from '../core/dispatch.js';
import { HttpResponseError, templateMatches } from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';
import { typedbApi } from './generated/routes.js';

/** One level of a TypeDB error chain: its code and description. */
export type TypeDBErrorLevel = readonly [code: string, description: string];

/**
 * A TypeDB error response. TypeDB reports the code of the root cause and a message with the whole
 * chain, one `[CODE] description` line per level, root first. A level may be a bare line without
 * a code (an underlying system error), which then is not the reported code.
 */
export function typedbErrorResponse(status: number, chain: ReadonlyArray<TypeDBErrorLevel | string>): ApiResponse {
  const root = chain.find((level): level is TypeDBErrorLevel => typeof level !== 'string');
  const message = chain.map((level) => (typeof level === 'string' ? level : `[${level[0]}] ${level[1]}`)).join('\n');
  return { status, body: { code: root?.[0] ?? 'HSR1', message } };
}

/** Throws a TypeDB error response from anywhere under a handler. */
export function typedbError(status: number, ...chain: Array<TypeDBErrorLevel | string>): HttpResponseError {
  return new HttpResponseError(typedbErrorResponse(status, chain));
}

const HSR2 = 'HSR2';
const API_VERSION = 'v1';

/** The API's paths without their `/v1` prefix, to recognise them under another version. */
const versionedPaths = Object.values(typedbApi.routes)
  .map((route) => route.path)
  .filter((path) => path.startsWith(`/${API_VERSION}/`))
  .map((path) => path.slice(API_VERSION.length + 1));

function redirectToVersion(): ApiResponse {
  return { status: 307, headers: { location: `/${API_VERSION}/version` } };
}

function unknownVersion(version: string): ApiResponse {
  return typedbErrorResponse(404, [['HSR5', `Unknown API version '${version}'.`]]);
}

/** How the TypeDB server words refusals made before a request reaches its handler. */
export const typedbErrorShape: ApiErrorShape = {
  requestFailed(failure: RequestFailure, _route: RouteDefinition): ApiResponse {
    if (failure.kind === 'invalid-parameter' && failure.location === 'path' && failure.name === 'transactionId') {
      return typedbErrorResponse(400, [
        ['HSR7', 'Requested resource not found: invalid path parameter transaction-id.'],
      ]);
    }
    if (failure.kind === 'too-large') {
      return typedbErrorResponse(413, [
        [HSR2, 'Cannot parse expected JSON body: Failed to buffer the request body: length limit exceeded'],
      ]);
    }
    return typedbErrorResponse(400, [[HSR2, `Cannot parse expected JSON body: ${failure.message}`]]);
  },
  notImplemented(route: RouteDefinition): ApiResponse {
    return typedbErrorResponse(501, [
      ['SRV1', `Not implemented: ${route.method} ${route.path} has no handler on this server.`],
      ['HSR8', 'State error.'],
    ]);
  },
  internalError(error: unknown): ApiResponse {
    const details = error instanceof Error ? error.message : String(error);
    return typedbErrorResponse(500, [['HSR1', `Internal error: ${details}`]]);
  },
  notFound(method: string, path: string): ApiResponse {
    // TypeDB redirects its root and version roots to the version endpoint, answers health under
    // any version segment, and refuses unknown versions of its own paths with HSR5. Anything else
    // is an empty 404.
    const [, version, ...rest] = path.split('/');
    if (method === 'GET' && path === '/') return redirectToVersion();
    if (version === undefined || version === '') return { status: 404 };
    if (method === 'GET' && rest.length === 0) {
      return version === API_VERSION ? redirectToVersion() : unknownVersion(version);
    }
    if (method === 'GET' && rest.join('/') === 'health') return { status: 204 };
    const unversioned = `/${rest.join('/')}`;
    if (version !== API_VERSION && versionedPaths.some((template) => templateMatches(template, unversioned))) {
      return unknownVersion(version);
    }
    return { status: 404 };
  },
};
