import { type AnyHandler, type ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { PROBLEM_CONTENT_TYPE, type WriteDaemonHandlers, writeDaemonApi } from '@dbwire/server-stubs/write-daemon';
import { base64url, randomBytes } from '../shared/crypto.js';
import type { WriteDaemonCaller } from './model.js';

/** What a handler knows about the request beyond its typed parts. */
export interface RequestCall {
  /** The caller's principal (authenticated operations only). */
  principal: string;
  /** The request's path, e.g. `/v1/write/namespaces/42/commit` (problems' `instance`, idempotency fingerprints). */
  path: string;
  serverCorrelationId: string;
  /** The `x-correlation-id` header, when sent. */
  clientCorrelationId: string | undefined;
}

interface RequestShape {
  params: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/**
 * Wraps every handler with what all operations share: the request's path and correlation ids,
 * and the `instance` and correlation ids of every problem a handler throws. (The quota is checked
 * earlier, in the binding's authentication hook, so that 429 comes before 400 as the spec orders.)
 */
export function withRequestContext(handlers: WriteDaemonHandlers<RequestCall>): WriteDaemonHandlers<WriteDaemonCaller> {
  const wrapped: Record<string, AnyHandler<WriteDaemonCaller>> = {};
  for (const [operationId, handler] of Object.entries(handlers) as Array<[string, AnyHandler<RequestCall>]>) {
    const route = writeDaemonApi.routes[operationId as keyof typeof writeDaemonApi.routes];
    wrapped[operationId] = async (request: RequestShape, caller: WriteDaemonCaller) => {
      const call: RequestCall = {
        principal: caller.principal ?? '',
        path: route.path.replace(/\{(\w+)\}/g, (_, name: string) => String(request.params[name])),
        serverCorrelationId: `srv-${base64url(randomBytes(9))}`,
        clientCorrelationId: request.headers['x-correlation-id'],
      };
      try {
        return await handler(request, call);
      } catch (error) {
        if (error instanceof HttpResponseError) throw new HttpResponseError(decorate(error.response, call));
        throw error;
      }
    };
  }
  return wrapped as unknown as WriteDaemonHandlers<WriteDaemonCaller>;
}

function decorate(response: ApiResponse, call: RequestCall): ApiResponse {
  if (response.contentType !== PROBLEM_CONTENT_TYPE || typeof response.body !== 'object' || response.body === null) {
    return response;
  }
  return {
    ...response,
    body: {
      instance: call.path,
      ...response.body,
      server_correlation_id: call.serverCorrelationId,
      ...(call.clientCorrelationId !== undefined ? { client_correlation_id: call.clientCorrelationId } : {}),
    },
  };
}
