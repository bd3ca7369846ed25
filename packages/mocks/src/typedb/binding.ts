import type { TypeDBCaller, TypeDBReference } from '@dbwire/reference/typedb';
import type { AnyHandler, ApiBinding } from '@dbwire/server-stubs';
import { typedbApi, typedbErrorShape } from '@dbwire/server-stubs/typedb';

/**
 * An `ApiBinding` whose authentication and handlers forward to whatever reference `current()`
 * yields at the time of the request. The static parts (routes, schemas, error shape) come from the
 * generated route table, so the dispatcher (and its compiled validators) is built once and
 * survives resets.
 */
export function delegatingBinding(current: () => Promise<TypeDBReference>): ApiBinding<TypeDBCaller> {
  const handlers: Record<string, AnyHandler<TypeDBCaller>> = {};
  for (const operationId of Object.keys(typedbApi.routes)) {
    handlers[operationId] = async (request, caller) => {
      const { binding } = await current();
      const handler = (binding.handlers as Record<string, AnyHandler<TypeDBCaller> | undefined>)[operationId];
      return handler ? handler(request, caller) : binding.errors.notImplemented(typedbApi.routes[operationId as never]);
    };
  }
  return {
    id: typedbApi.id,
    schemas: typedbApi.schemas,
    routes: typedbApi.routes,
    handlers,
    errors: typedbErrorShape,
    authenticate: async (headers, route) => (await current()).binding.authenticate(headers, route),
    publicContext: { username: undefined },
  };
}
