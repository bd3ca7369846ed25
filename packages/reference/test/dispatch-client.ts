import { parseJson, stringifyJson } from '@dbwire/json';
import { type Dispatcher, serializedBodyBytes, templateMatches } from '@dbwire/server-stubs';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** The body as sent (for byte-for-byte comparisons). */
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the operation answers.
  body: any;
}

const encoder = new TextEncoder();

/**
 * Drives an API through the real dispatcher (authentication, validation, handlers, response
 * checks against the spec), the way the fastify and msw adapters do. Routes with literal segments
 * win over templated ones and path segments are percent-decoded once, as fastify does. Bodies are
 * written and read as the binding says (`largeIntegers: 'bigint'` keeps 64-bit integers exact).
 */
export class DispatchClient<Caller> {
  private readonly json: { parse(text: string): unknown; stringify(value: unknown): string };

  constructor(
    private readonly dispatcher: Dispatcher<Caller>,
    private readonly token: string | null = 'dev-token',
  ) {
    this.json = dispatcher.binding.largeIntegers === 'bigint' ? { parse: parseJson, stringify: stringifyJson } : JSON;
  }

  /** The same server with another token; `null` sends no Authorization header. */
  withToken(token: string | null): DispatchClient<Caller> {
    return new DispatchClient(this.dispatcher, token);
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const [path = '', search = ''] = url.split('?');
    const candidates = this.dispatcher.routes
      .filter((route) => route.method === method && templateMatches(route.path, path))
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length);
    const route = candidates[0];
    if (!route) throw new Error(`No route for ${method} ${path}`);
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
    const values = pattern.exec(path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(values[index] as string);
    });
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(search)) query[name] = value;
    const allHeaders: Record<string, string | undefined> = { ...headers };
    if (this.token !== null && allHeaders.authorization === undefined) {
      allHeaders.authorization = `Bearer ${this.token}`;
    }
    let bytes: Uint8Array | undefined;
    if (body !== undefined) {
      bytes = encoder.encode(typeof body === 'string' ? body : this.json.stringify(body));
      allHeaders['content-type'] ??= 'application/json';
    }
    const response = await this.dispatcher.dispatch(route, { params, query, headers: allHeaders, body: bytes });
    const text = new TextDecoder().decode(await serializedBodyBytes(response));
    return { status: response.status, headers: response.headers, text, body: text ? this.json.parse(text) : undefined };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  head(url: string) {
    return this.request('HEAD', url);
  }
  post(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
}
