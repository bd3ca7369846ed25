import { type HttpHandler, HttpResponse, http } from 'msw';
import { type ApiBinding, Dispatcher, type DispatchOptions } from '../core/dispatch.js';

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
  return dispatcher.routes.map((route) => {
    const method = route.method.toLowerCase() as Lowercase<typeof route.method>;
    const path = base + route.path.replace(/\{([^}]+)\}/g, ':$1');
    return http[method](path, async ({ request, params }) => {
      const url = new URL(request.url);
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length === 1 ? (values[0] as string) : values;
      }
      const bytes = new Uint8Array(await request.arrayBuffer());
      const response = await dispatcher.dispatch(route, {
        params: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
        query,
        headers: Object.fromEntries(request.headers),
        body: bytes.byteLength > 0 ? bytes : undefined,
      });
      const body = typeof response.body === 'string' ? response.body : (response.body?.slice().buffer ?? null);
      return new HttpResponse(body, { status: response.status, headers: response.headers });
    });
  });
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
    const response = dispatcher.serializeNotFound(request.method, url.pathname.slice(prefix.length));
    const body = typeof response.body === 'string' ? response.body : (response.body?.slice().buffer ?? null);
    return new HttpResponse(body, { status: response.status, headers: response.headers });
  });
}
