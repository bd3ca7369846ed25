import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server (node:http) whose answers a volumes test scripts, for what a real server cannot
 * be made to show on demand (a 503 on the first attempt, a reset connection) and to see requests
 * exactly as they went out: the raw request target (is `/` sent as `%2F`?) and the body's bytes
 * (multipart uploads). Every request is recorded.
 */

export interface Seen {
  method: string;
  /** The request target as sent, undecoded, with its query string. */
  rawUrl: string;
  /** The raw path, undecoded, without the query string. */
  rawPath: string;
  query: URLSearchParams;
  headers: Headers;
  body: Uint8Array;
  /** The body as the web platform reads it (`await seen.request.formData()` for a multipart upload). */
  request: Request;
}

/** A route answers with a web `Response`, or `'reset'` to drop the connection, or `'hang'` to never answer. */
export type Answer = Response | 'reset' | 'hang';

export interface FakeServer {
  url: string;
  seen: Seen[];
  /** The requests whose method and raw path match, in order. */
  calls(method: string, rawPath: string): Seen[];
  close(): Promise<void>;
}

export async function startFakeServer(route: (seen: Seen) => Answer | Promise<Answer>): Promise<FakeServer> {
  const seen: Seen[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = new Uint8Array(Buffer.concat(chunks));
    const rawUrl = incoming.url ?? '/';
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const method = incoming.method ?? 'GET';
    const url = new URL(rawUrl, 'http://fake');
    const entry: Seen = {
      method,
      rawUrl,
      rawPath: rawUrl.split('?')[0] ?? rawUrl,
      query: url.searchParams,
      headers,
      body,
      request: new Request(url, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      }),
    };
    seen.push(entry);
    const answer = await route(entry);
    if (answer === 'hang') return;
    if (answer === 'reset') {
      incoming.socket.destroy();
      return;
    }
    outgoing.writeHead(answer.status, Object.fromEntries(answer.headers));
    outgoing.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    calls: (method, rawPath) => seen.filter((s) => s.method === method && s.rawPath === rawPath),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** The product's error envelope. */
export function envelope(
  status: number,
  error: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body = {
    error,
    message: `${error} happened`,
    details,
    timestamp: '2025-01-01T00:00:00.000000',
    status_code: status,
  };
  return json(status, body, headers);
}

/** A retryable 503 that asks for no pause (`retry-after-ms: 0`), so retry tests do not wait. */
export function unavailable(): Response {
  return envelope(503, 'SERVICE_UNAVAILABLE', {}, { 'retry-after-ms': '0' });
}
