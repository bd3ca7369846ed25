import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type ApiBinding,
  Dispatcher,
  type DispatchOptions,
  type RawRequest,
  type SerializedResponse,
} from '../core/dispatch.js';

export interface MswOptions extends DispatchOptions {
  /** The origin (and optional path prefix) the mocked API lives at, e.g. `http://localhost:8000`. */
  baseUrl: string;
}

/**
 * The same handlers as the fastify adapter, as msw request handlers: for browsers (service worker)
 * and Node tests (`setupServer`).
 */
export function createMswHandlers<Context>(binding: ApiBinding<Context>, options: MswOptions): HttpHandler[] {
  const dispatcher = new Dispatcher(binding, options);
  const base = options.baseUrl.replace(/\/$/, '');
  const prefix = new URL(base).pathname.replace(/\/$/, '');
  // Parameters spanning slashes: one catch-all handler per prefix, matched by the dispatcher.
  const wildcards = dispatcher.wildcardPrefixes.map(({ prefix: template }) =>
    http.all(`${base}${template.replace(/\{([^}]+)\}/g, ':$1')}*`, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(prefix.length);
      return toResponse(await dispatcher.dispatchWildcard(request.method, path, await rawRequest(request)));
    }),
  );
  const segments = dispatcher.segmentRoutes.map((route) => {
    const method = route.method.toLowerCase() as Lowercase<typeof route.method>;
    const path = base + route.path.replace(/\{([^}]+)\}/g, ':$1');
    return http[method](path, async ({ request, params }) => {
      const values = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
      return toResponse(await dispatcher.dispatch(route, { ...(await rawRequest(request)), params: values }));
    });
  });
  return [...segments, ...wildcards];
}

/** The request as the dispatcher reads it, but for the path parameters the route names. */
async function rawRequest(request: Request): Promise<Omit<RawRequest, 'params'>> {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  return {
    query,
    headers: Object.fromEntries(request.headers),
    body: bytes.byteLength > 0 ? bytes : undefined,
    // msw's http handlers answer with a Response and cannot open a socket: a handler's 101 becomes
    // the API's not-implemented answer (mock WebSockets with msw's own `ws` API instead).
    websocket: 'unsupported',
  };
}

function toResponse(response: SerializedResponse): HttpResponse<BodyInit> {
  const body =
    typeof response.body === 'string' || response.body instanceof ReadableStream
      ? response.body
      : (response.body?.slice().buffer ?? null);
  return new HttpResponse(body, { status: response.status, headers: response.headers });
}

/**
 * A catch-all for everything under `baseUrl` that no operation took: 405 for a known path under
 * another method, else the API's own not-found answer. Put it after the operation handlers.
 */
export function createMswFallbackHandler<Context>(
  binding: ApiBinding<Context>,
  options: { baseUrl: string },
): HttpHandler {
  const dispatcher = new Dispatcher(binding);
  const base = options.baseUrl.replace(/\/$/, '');
  // Operation paths are relative to the base URL's own path (`http://host/api` -> `/api`).
  const prefix = new URL(base).pathname.replace(/\/$/, '');
  return http.all(`${base}/*`, ({ request }) => {
    const url = new URL(request.url);
    return toResponse(dispatcher.serializeNotFound(request.method, url.pathname.slice(prefix.length)));
  });
}
