import type { AnyHandler, ApiBinding, ApiErrorShape, RouteDefinition, SchemaDocument } from '@dbwire/server-stubs';

/** The parts of an API's binding that come from its generated route table, not from a reference. */
export interface StaticBinding<Context> {
  api: { id: string; schemas: SchemaDocument; routes: { readonly [operationId: string]: RouteDefinition } };
  errors: ApiErrorShape;
  publicContext: Context;
  /** As on `ApiBinding`: `'bigint'` for APIs whose integers may exceed 2^53 (Iceberg snapshot ids). */
  largeIntegers?: 'number' | 'bigint';
  /** As on `ApiBinding`: headers added to every answer after authentication (a pure function of the context). */
  responseHeaders?: ApiBinding<Context>['responseHeaders'];
}

/**
 * An `ApiBinding` whose authentication and handlers forward to whatever reference `current()`
 * yields at the time of the request. The static parts (routes, schemas, error shape) come from the
 * generated route table, so the dispatcher (and its compiled validators) is built once and
 * survives resets.
 */
export function delegatingBinding<Context>(
  { api, errors, publicContext, largeIntegers, responseHeaders }: StaticBinding<Context>,
  current: () => Promise<{ binding: ApiBinding<Context> }>,
): ApiBinding<Context> {
  const handlers: Record<string, AnyHandler<Context>> = {};
  for (const [operationId, route] of Object.entries(api.routes)) {
    handlers[operationId] = async (request, caller) => {
      const { binding } = await current();
      const handler = (binding.handlers as Record<string, AnyHandler<Context> | undefined>)[operationId];
      return handler ? handler(request, caller) : binding.errors.notImplemented(route);
    };
  }
  return {
    id: api.id,
    schemas: api.schemas,
    routes: api.routes,
    handlers,
    errors,
    ...(largeIntegers !== undefined ? { largeIntegers } : {}),
    ...(responseHeaders !== undefined ? { responseHeaders } : {}),
    authenticate: async (request, route) => (await current()).binding.authenticate(request, route),
    publicContext,
  };
}
