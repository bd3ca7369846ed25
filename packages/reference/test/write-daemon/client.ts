import { type ApiBinding, Dispatcher, templateMatches } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createWriteDaemonReference,
  type WriteDaemonCaller,
  type WriteDaemonReferenceOptions,
} from '../../src/write-daemon/index.js';

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
 * Drives a binding through the real dispatcher (authentication, validation, handlers, response
 * checks against the spec), the way the fastify and msw adapters do.
 */
export class Client {
  private readonly dispatcher: Dispatcher<WriteDaemonCaller>;
  readonly errors: unknown[] = [];

  constructor(
    binding: ApiBinding<WriteDaemonCaller>,
    private readonly token: string | null = 'dev-token',
  ) {
    this.dispatcher = new Dispatcher(binding, {
      validateResponses: true,
      bodyLimit: 1024 * 1024,
      onError: (error) => this.errors.push(error),
    });
  }

  /** The same server with another token; `null` sends no Authorization header. */
  withToken(token: string | null): Client {
    return new Client(this.dispatcher.binding, token);
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const [path = '', search = ''] = url.split('?');
    // Static routes (`/namespaces/changes`) before templated ones, as fastify matches them.
    const candidates = this.dispatcher.routes
      .filter((route) => route.method === method && templateMatches(route.path, path))
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length);
    const route = candidates[0];
    if (!route) throw new Error(`No route for ${method} ${path}`);
    const params: Record<string, string> = {};
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
    const values = pattern.exec(path)?.slice(1) ?? [];
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
      bytes = typeof body === 'string' ? encoder.encode(body) : encoder.encode(JSON.stringify(body));
      allHeaders['content-type'] ??= 'application/json';
    }
    const response = await this.dispatcher.dispatch(route, { params, query, headers: allHeaders, body: bytes });
    const text =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : new TextDecoder().decode(response.body);
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** A reference over `storage` (a fresh memory engine by default) and a client with the dev token. */
export async function startDaemon(options: Partial<WriteDaemonReferenceOptions> = {}) {
  const storage: StorageEngine = options.storage ?? new MemoryEngine();
  const reference = await createWriteDaemonReference({ quota: false, ...options, storage });
  return { storage, reference, client: new Client(reference.binding) };
}

/** Creates a namespace and, unless told otherwise, provisions it. */
export async function createNamespace(
  client: Client,
  id: number,
  fields: Record<string, unknown> = {},
  provision = true,
): Promise<void> {
  const created = await client.post('/v1/write/namespaces', {
    namespace_id: id,
    label: `ns-${id}`,
    tenant_id: 7,
    ...fields,
  });
  if (created.status !== 200) throw new Error(`create ${id}: ${created.text}`);
  if (!provision) return;
  const provisioned = await client.post(`/v1/write/namespaces/${id}/lifecycle`, {
    target_state: 'provisioned',
    reason: 'test',
  });
  if (provisioned.status !== 200) throw new Error(`provision ${id}: ${provisioned.text}`);
}
