import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server whose answers a test scripts: for the client behaviour the reference daemon
 * cannot be made to show on demand (a 503 on the first attempt, a connection reset after a commit
 * was applied, a hang past the timeout). Every request is recorded.
 */

export interface Received {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** `JSON.parse(body)`, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
}

/** What a route does: answer, or `'reset'` to drop the connection without answering, or `'hang'`. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset' | 'hang';

export type Route = (request: Received, response: ServerResponse) => Answer | Promise<Answer>;

export interface HttpDouble {
  url: string;
  received: Received[];
  /** The requests received for `method` and `path`, in order. */
  calls(method: string, path: string): Received[];
  close(): Promise<void>;
}

/**
 * CORS headers for a page on another origin (the browser test): any origin, method and header, and
 * every response header readable.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': '*',
  // A wildcard does not cover Authorization, which must be named.
  'access-control-allow-headers': 'authorization, content-type, x-correlation-id',
  'access-control-expose-headers': '*',
};

export async function startHttpDouble(route: Route, options: { cors?: boolean } = {}): Promise<HttpDouble> {
  const received: Received[] = [];
  const cors = options.cors ? CORS : {};
  const server = createServer(async (request, response) => {
    if (options.cors && request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://double');
    const entry: Received = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
      json: parseJson(body),
    };
    received.push(entry);
    const answer = await route(entry, response);
    if (answer === 'hang') return;
    if (answer === 'reset') {
      request.socket.destroy();
      return;
    }
    const isProblem = answer.status >= 400 && typeof answer.body === 'object';
    const headers = {
      ...cors,
      'content-type': isProblem ? 'application/problem+json' : 'application/json',
      ...answer.headers,
    };
    response.writeHead(answer.status, headers);
    response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    calls: (method, path) => received.filter((r) => r.method === method && r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `ProblemDetails` body as the daemon writes it. */
export function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  const retryable = ['IDEMPOTENCY_KEY_IN_PROGRESS', 'QUOTA_EXCEEDED', 'INTERNAL', 'UNHEALTHY'].includes(code);
  return {
    status,
    body: {
      type: `urn:assetcore:error:${code}`,
      title: code.toLowerCase().replaceAll('_', ' '),
      status,
      detail: `${code} happened.`,
      instance: '/v1/write',
      code,
      retryable,
      ...extra,
    },
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
