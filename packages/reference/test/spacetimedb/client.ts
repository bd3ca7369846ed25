import { parseJson, stringifyJson } from '@dbwire/json';
import { Dispatcher, type SerializedResponse, templateMatches } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createSpacetimedbReference,
  type SpacetimedbCaller,
  type SpacetimedbReferenceOptions,
} from '../../src/spacetimedb/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the operation answers.
  body: any;
}

export interface RequestOptions {
  /** Bytes go as they are, strings as UTF-8, anything else as lossless JSON. */
  body?: unknown;
  /** `null` sends no Content-Type; default `application/json` for JSON bodies, none otherwise. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

const encoder = new TextEncoder();

/**
 * Drives the SpacetimeDB host through the real dispatcher (authentication, validation, handlers,
 * response checks against the spec) as the fastify adapter does: literal path segments before
 * templated ones, and bodies as raw bytes with whatever Content-Type the test gives.
 */
export class SpacetimeClient {
  constructor(
    private readonly dispatcher: Dispatcher<SpacetimedbCaller | undefined>,
    readonly token: string | null = null,
  ) {}

  withToken(token: string | null): SpacetimeClient {
    return new SpacetimeClient(this.dispatcher, token);
  }

  /** The raw answer, its body unread (a followed log stays open). */
  async send(method: string, url: string, options: RequestOptions = {}): Promise<SerializedResponse> {
    const [path = '', search = ''] = url.split('?');
    const route = this.dispatcher.segmentRoutes
      .filter((candidate) => candidate.method === method && templateMatches(candidate.path, path))
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length)[0];
    if (!route) throw new Error(`No route for ${method} ${path}`);
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const values = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] as string)]));
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(search)) query[name] = value;
    const headers: Record<string, string | undefined> = { ...options.headers };
    if (this.token !== null && headers.authorization === undefined) headers.authorization = `Bearer ${this.token}`;
    let bytes: Uint8Array | undefined;
    const { body } = options;
    if (body instanceof Uint8Array) bytes = body;
    else if (typeof body === 'string') bytes = encoder.encode(body);
    else if (body !== undefined) {
      bytes = encoder.encode(stringifyJson(body));
      headers['content-type'] = 'application/json';
    }
    if (options.contentType === null) delete headers['content-type'];
    else if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    return this.dispatcher.dispatch(route, { params, query, headers, body: bytes });
  }

  async request(method: string, url: string, options: RequestOptions = {}): Promise<Reply> {
    const response = await this.send(method, url, options);
    const text = await new Response(response.body as BodyInit | undefined).text();
    const json = (response.headers['content-type'] ?? '').startsWith('application/json') && text !== '';
    return { status: response.status, headers: response.headers, text, body: json ? parseJson(text) : text };
  }

  get(url: string, options?: RequestOptions) {
    return this.request('GET', url, options);
  }
  post(url: string, options?: RequestOptions) {
    return this.request('POST', url, options);
  }
  put(url: string, options?: RequestOptions) {
    return this.request('PUT', url, options);
  }
  delete(url: string, options?: RequestOptions) {
    return this.request('DELETE', url, options);
  }

  /** Publishes module bytes as the `spacetime` CLI does (no Content-Type). */
  publish(url: string, bytes: Uint8Array, query = '') {
    return this.request(url === '/v1/database' ? 'POST' : 'PUT', `${url}${query}`, { body: bytes, contentType: null });
  }

  /** Calls a reducer with JSON arguments. */
  call(database: string, reducer: string, args: unknown = []) {
    return this.post(`/v1/database/${database}/call/${reducer}`, { body: args });
  }

  /** Runs SQL (sent as text/plain). */
  sql(database: string, text: string) {
    return this.post(`/v1/database/${database}/sql`, { body: text, contentType: 'text/plain' });
  }
}

/** A host on `storage` (a fresh memory engine by default), with an anonymous client, the errors handlers threw and what it reported. */
export async function startSpacetimedb(options: Partial<SpacetimedbReferenceOptions> = {}) {
  const storage: StorageEngine = options.storage ?? new MemoryEngine();
  /** What the host reported to the operator (module traps), unless the test passed its own `onError`. */
  const reported: unknown[] = [];
  const reference = await createSpacetimedbReference({ onError: (error) => reported.push(error), ...options, storage });
  const errors: unknown[] = [];
  const dispatcher = new Dispatcher(reference.binding, {
    validateResponses: true,
    bodyLimit: reference.bodyLimit,
    onError: (error) => errors.push(error),
  });
  const anonymous = new SpacetimeClient(dispatcher);
  /** A client with a fresh identity of its own (from `POST /v1/identity`). */
  const newUser = async () => {
    const reply = await anonymous.post('/v1/identity');
    if (reply.status !== 200) throw new Error(`POST /v1/identity: ${reply.status} ${reply.text}`);
    return { client: anonymous.withToken(reply.body.token), identity: reply.body.identity as string };
  };
  return { storage, reference, dispatcher, anonymous, newUser, errors, reported };
}
