/**
 * A stand-in for `fetch` that answers from a handler and records every request it receives. Like
 * the real one it rejects with the signal's reason when the request's signal aborts.
 */

export interface SeenRequest {
  method: string;
  url: string;
  /** The path without the query string, e.g. `/v1/databases`. */
  path: string;
  headers: Headers;
  body: string;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response>;

export function fakeFetch(handler: Handler) {
  const seen: SeenRequest[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const entry: SeenRequest = {
      method: request.method,
      url: request.url,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.text(),
    };
    seen.push(entry);
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve()
        .then(() => handler(entry))
        .then(resolve, reject);
    });
  };
  /** The requests received for `method` and `path`, in order. */
  const calls = (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path);
  return { fetch, seen, calls };
}

/** A server that never answers: only an abort or a timeout ends the request. */
export const hang = (): Promise<never> => new Promise<never>(() => {});

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

/** What TypeDB sends for a 200 without a body: no Content-Type, Content-Length 0. */
export function empty(status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : '', { status, headers: { 'Content-Length': '0', ...headers } });
}

/** How undici's fetch reports a refused connection. */
export function connectionRefused(): never {
  throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8000') });
}
