import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiBinding,
  Dispatcher,
  type DispatchOptions,
  type RawRequest,
  type SerializedResponse,
} from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';

export interface MountOptions extends DispatchOptions {
  /** Mount under this path prefix (default: none). */
  prefix?: string;
}

/**
 * Registers every route of an API on a fastify instance. Bodies reach the dispatcher as raw bytes
 * whatever their content type (so an empty body with `Content-Type: application/json` is fine and
 * a wrong content type gets the API's own error); validation, auth and errors happen there.
 */
export function mountApi<Context>(
  app: FastifyInstance,
  binding: ApiBinding<Context>,
  options: MountOptions = {},
): void {
  const dispatcher = new Dispatcher(binding, options);
  app.register(
    async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: dispatcher.bodyLimit }, (_request, body, done) =>
        done(null, body),
      );
      // fastify adds a HEAD route beside every GET unless a HEAD route for the path came first.
      const headFirst = [...dispatcher.segmentRoutes].sort(
        (a, b) => Number(b.method === 'HEAD') - Number(a.method === 'HEAD'),
      );
      for (const route of headFirst) {
        scope.route({
          method: route.method,
          url: route.path.replace(/\{([^}]+)\}/g, ':$1'),
          bodyLimit: dispatcher.bodyLimit,
          handler: async (request, reply) => {
            const response = await dispatcher.dispatch(route, {
              ...rawRequest(request),
              params: request.params as Record<string, string>,
            });
            return send(reply, response);
          },
          errorHandler: refusedBeforeDispatch(dispatcher, route),
        });
      }
      // Parameters spanning slashes: one catch-all route per prefix, matched by the dispatcher.
      for (const { prefix, methods } of dispatcher.wildcardPrefixes) {
        scope.route({
          method: methods,
          url: `${prefix.replace(/\{([^}]+)\}/g, ':$1')}*`,
          bodyLimit: dispatcher.bodyLimit,
          exposeHeadRoute: false,
          // Any of the prefix's routes words the refusal: the error shape is the API's, not the route's.
          errorHandler: refusedBeforeDispatch(
            dispatcher,
            dispatcher.routes.find(
              (route) => route.wildcard !== undefined && route.path.startsWith(prefix),
            ) as RouteDefinition,
          ),
          handler: async (request, reply) => {
            const path = (request.url.split('?')[0] ?? '').slice((options.prefix ?? '').length);
            return send(reply, await dispatcher.dispatchWildcard(request.method, path, rawRequest(request)));
          },
        });
      }
    },
    { prefix: options.prefix ?? '' },
  );
}

/** fastify's own refusals (body too large, unreadable body), answered in the API's error shape. */
function refusedBeforeDispatch<Context>(dispatcher: Dispatcher<Context>, route: RouteDefinition) {
  return (error: Error & { code?: string; statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
    const response = dispatcher.serializeFailure(
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? { kind: 'too-large', limit: dispatcher.bodyLimit, message: error.message }
        : { kind: 'malformed-body', message: error.message },
      route,
    );
    request.log.warn({ err: error }, 'request refused before dispatch');
    return send(reply, response);
  };
}

/** The request as the dispatcher reads it, but for the path parameters the route names. */
function rawRequest(request: FastifyRequest): Omit<RawRequest, 'params'> {
  return {
    query: request.query as Record<string, string | string[]>,
    headers: request.headers as Record<string, string | undefined>,
    body: request.body instanceof Uint8Array ? request.body : undefined,
  };
}

/**
 * Answers what no operation takes in the API's own way: 405 with `Allow` for a known path under
 * another method, else the API's not-found answer (some APIs send an empty 404).
 */
export function mountNotFound<Context>(app: FastifyInstance, binding: ApiBinding<Context>): void {
  const dispatcher = new Dispatcher(binding);
  const answer = (request: FastifyRequest, reply: FastifyReply) =>
    send(reply, dispatcher.serializeNotFound(request.method, request.url));
  app.setNotFoundHandler(answer);
  // fastify refuses a QUERY request without a Content-Type (RFC 10008) before any handler runs,
  // in its own error shape. No operation uses QUERY, so it gets the same answer as any method the
  // path does not take.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'QUERY' && request.headers['content-type'] === undefined) return answer(request, reply);
  });
}

function send(reply: FastifyReply, response: SerializedResponse): FastifyReply {
  const sent = reply.code(response.status).headers(response.headers).send(response.body);
  // Node holds the head back until the first chunk; a stream that is quiet at first (a followed
  // log) must still answer its status and headers at once.
  if (response.body instanceof ReadableStream) reply.raw.flushHeaders();
  return sent;
}
