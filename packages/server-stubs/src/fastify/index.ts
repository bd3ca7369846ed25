import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import {
  type ApiBinding,
  Dispatcher,
  type DispatchOptions,
  type RawRequest,
  type SerializedResponse,
  serialize,
} from '../core/dispatch.js';
import type { RouteDefinition } from '../core/route.js';
import type { WebSocketUpgrade } from '../core/websocket.js';
import { rawHttp } from './raw-http.js';
import { DEFAULT_WEBSOCKET_KEEPALIVE_MS, type UpgradeAnswers, type UpgradeHub, upgradeHub } from './upgrades.js';

export interface MountOptions extends DispatchOptions {
  /** Mount under this path prefix (default: none). */
  prefix?: string;
  /**
   * How often the API's open WebSockets are pinged, in ms (default 15 s; 0 never pings). A socket
   * whose peer has not answered the previous ping by the next one is cut off (its `onClose` hears
   * 1006), so connections that died without a close free their sessions.
   */
  websocketKeepaliveMs?: number;
}

/**
 * Registers every route of an API on a fastify instance. Bodies reach the dispatcher as raw bytes
 * whatever their content type (so an empty body with `Content-Type: application/json` is fine and
 * a wrong content type gets the API's own error); validation, auth and errors happen there.
 *
 * Requests with `Upgrade:` reach the same routes (see `UpgradeHub`): a handler's 101 with an
 * `upgrade` opens a WebSocket; any other answer goes out as HTTP and the connection closes. A 101
 * to a request that came in without an upgrade (`app.inject`, no `Upgrade` header) is 426.
 */
export function mountApi<Context>(
  app: FastifyInstance,
  binding: ApiBinding<Context>,
  options: MountOptions = {},
): void {
  const dispatcher = new Dispatcher(binding, options);
  const hub = upgradeHub(app);
  const answersFor = (route: RouteDefinition): UpgradeAnswers => ({
    refuse: (header, message) =>
      dispatcher.serializeFailure(
        {
          kind: 'invalid-parameter',
          location: 'header',
          name: header,
          message,
          issue: { pointer: `/${header}`, message },
        },
        route,
      ),
    internalError: (error) => dispatcher.serializeInternalError(error),
    keepaliveMs: options.websocketKeepaliveMs ?? DEFAULT_WEBSOCKET_KEEPALIVE_MS,
    // The API has no shape of its own for a 503: its internal-error answer, with the status that says "later".
    unavailable: (message) => ({ ...dispatcher.serializeInternalError(new Error(message)), status: 503 }),
    onError: (error) => options.onError?.(error, route),
  });
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
              ...rawRequest(request, hub),
              params: request.params as Record<string, string>,
            });
            if (isUpgrade(response)) {
              hub.complete(request, reply, response, answersFor(route));
              return reply;
            }
            return send(reply, response);
          },
          errorHandler: refusedBeforeDispatch(dispatcher, route),
        });
      }
      // Parameters spanning slashes: one catch-all route per prefix, matched by the dispatcher.
      for (const { prefix, methods } of dispatcher.wildcardPrefixes) {
        // Any of the prefix's routes words the refusal: the error shape is the API's, not the route's.
        const anyRoute = dispatcher.routes.find(
          (route) => route.wildcard !== undefined && route.path.startsWith(prefix),
        ) as RouteDefinition;
        scope.route({
          method: methods,
          url: `${prefix.replace(/\{([^}]+)\}/g, ':$1')}*`,
          bodyLimit: dispatcher.bodyLimit,
          exposeHeadRoute: false,
          errorHandler: refusedBeforeDispatch(dispatcher, anyRoute),
          handler: async (request, reply) => {
            const path = (request.url.split('?')[0] ?? '').slice((options.prefix ?? '').length);
            const response = await dispatcher.dispatchWildcard(request.method, path, rawRequest(request, hub));
            if (isUpgrade(response)) {
              hub.complete(request, reply, response, answersFor(anyRoute));
              return reply;
            }
            return send(reply, response);
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
function rawRequest(request: FastifyRequest, hub: UpgradeHub): Omit<RawRequest, 'params'> {
  return {
    query: request.query as Record<string, string | string[]>,
    headers: request.headers as Record<string, string | undefined>,
    body: request.body instanceof Uint8Array ? request.body : undefined,
    websocket: hub.canUpgrade(request) ? 'available' : undefined,
  };
}

function isUpgrade(response: SerializedResponse): response is SerializedResponse & { upgrade: WebSocketUpgrade } {
  return response.upgrade !== undefined;
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
  // The API answers what fastify refuses before a route runs (see `frameworkErrorOptions`).
  frameworkAnswerers.set(app, dispatcher as Dispatcher<unknown>);
  // What reaches the root error handler comes from the not-found route (its body unreadable, too
  // large) or a plugin: the path names no operation whatever the body, so the answer is the
  // not-found one; a server fault is the API's internal error.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed outside any operation');
      return send(reply, dispatcher.serializeInternalError(error));
    }
    return answer(request, reply);
  });
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

/** The API whose shape answers an app's framework refusals: the binding given to `mountNotFound`. */
const frameworkAnswerers = new WeakMap<FastifyInstance, Dispatcher<unknown>>();

type FrameworkErrorOptions = Required<Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>>;

/**
 * fastify server options (pass them to `Fastify(...)`) that answer what fastify and Node refuse
 * before any route runs in the shape of the API `mountNotFound` mounted on the app, instead of
 * fastify's own JSON: a path that is not valid percent-encoding (400 `FST_ERR_BAD_URL`), a
 * parameter beyond the router's `maxParamLength` (414), a request line and headers beyond Node's
 * `maxHeaderSize` (431), a request that is not HTTP. Each becomes an invalid parameter of the
 * operation the path names (the status is the API's for that), or the API's not-found answer when
 * the path names none; a connection whose request line could not be read gets a plain-text answer
 * with Node's status. An app without `mountNotFound` gets plain text too.
 */
export function frameworkErrorOptions(): FrameworkErrorOptions {
  return {
    frameworkErrors(error, request, reply) {
      const dispatcher = frameworkAnswerers.get(request.server);
      const pathProblem = PATH_PROBLEMS[error.code];
      let response: SerializedResponse;
      if (dispatcher === undefined) response = plainText(error.statusCode ?? 400, error.message);
      else if (pathProblem === undefined) response = dispatcher.serializeInternalError(error);
      else response = dispatcher.serializeUnroutable(request.method, request.url, pathProblem);
      send(reply as unknown as FastifyReply, response);
    },
    clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
      // A reset connection has nobody to answer; a second parse error of the same request comes
      // after the answer went out.
      if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
      this.log.trace({ err: error }, 'client error');
      socket.write(rawHttp(connectionRefusal(frameworkAnswerers.get(this), error)));
      socket.destroy(error);
    },
  };
}

/** What fastify's router refuses in a path, as the dispatcher words an invalid path parameter. */
const PATH_PROBLEMS: Record<string, { location: 'path'; message: string }> = {
  FST_ERR_BAD_URL: { location: 'path', message: 'is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { location: 'path', message: 'is longer than this server accepts' },
};

/** The answer to a connection Node could not read a request from. */
function connectionRefusal(
  dispatcher: Dispatcher<unknown> | undefined,
  error: Error & { code?: string },
): SerializedResponse {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, headers: { 'content-length': '0' }, body: '' };
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const message = tooLarge ? 'The request line and headers are too large.' : 'The request is not valid HTTP/1.1.';
  // The chunk that failed; it starts with the request line when the request fit in one read.
  // (fastify types `rawPacket` as its JSON form; Node sets a Buffer.)
  const packet: unknown = (error as { rawPacket?: unknown }).rawPacket;
  const start = Buffer.isBuffer(packet) ? packet.subarray(0, 8192).toString('latin1') : '';
  const requestLine = /^([A-Z]+) (\/\S*)/.exec(start);
  if (dispatcher === undefined || requestLine === null) return plainText(tooLarge ? 431 : 400, message);
  return dispatcher.serializeUnroutable(requestLine[1] as string, requestLine[2] as string, {
    location: 'header',
    message,
  });
}

function plainText(status: number, message: string): SerializedResponse {
  return serialize({ status, body: message, contentType: 'text/plain' });
}
