import { parseJson, stringifyJson } from '@dbwire/json';
import { Dispatcher, templateMatches } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createIcebergReference,
  type IcebergCaller,
  type IcebergReferenceOptions,
  type MetadataFiles,
} from '../../src/iceberg/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the operation answers.
  body: any;
}

const encoder = new TextEncoder();

/**
 * Drives the catalog through the real dispatcher (authentication, validation, handlers, response
 * checks against the spec), the way the fastify and msw adapters do. Path segments are
 * percent-decoded once, as fastify decodes them; bodies are read with `parseJson`.
 */
export class Client {
  constructor(
    private readonly dispatcher: Dispatcher<IcebergCaller>,
    private readonly token: string | null = 'dev-token',
  ) {}

  withToken(token: string | null): Client {
    return new Client(this.dispatcher, token);
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const [path = '', search = ''] = url.split('?');
    // Literal segments before templated ones, as fastify matches them.
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
    if (this.token !== null && allHeaders.authorization === undefined)
      allHeaders.authorization = `Bearer ${this.token}`;
    let bytes: Uint8Array | undefined;
    if (body !== undefined) {
      bytes = encoder.encode(typeof body === 'string' ? body : stringifyJson(body));
      allHeaders['content-type'] ??= 'application/json';
    }
    const response = await this.dispatcher.dispatch(route, { params, query, headers: allHeaders, body: bytes });
    const text =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : new TextDecoder().decode(response.body);
    return { status: response.status, headers: response.headers, text, body: text ? parseJson(text) : undefined };
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
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
}

/** Metadata files in a map, for tests: every `mem:` and `file:` location is handled. */
export class MemoryFiles implements MetadataFiles {
  readonly files = new Map<string, string>();
  handles(location: string): boolean {
    return location.startsWith('file:') || location.startsWith('mem:');
  }
  async write(location: string, text: string): Promise<void> {
    this.files.set(location, text);
  }
  async read(location: string): Promise<string | undefined> {
    return this.files.get(location);
  }
  async exists(location: string): Promise<boolean> {
    return this.files.has(location);
  }
  async delete(location: string): Promise<void> {
    this.files.delete(location);
  }
  async deleteTree(location: string): Promise<void> {
    for (const file of [...this.files.keys()]) if (file.startsWith(`${location}/`)) this.files.delete(file);
  }
}

/** A catalog over `storage` (a fresh memory engine by default) and a client with the dev token. */
export async function startCatalog(options: Partial<IcebergReferenceOptions> = {}) {
  const storage: StorageEngine = options.storage ?? new MemoryEngine();
  const files = new MemoryFiles();
  const reference = await createIcebergReference({
    warehouse: 'file:///warehouse',
    metadataFiles: files,
    ...options,
    storage,
  });
  const client = new Client(new Dispatcher(reference.binding, { validateResponses: true }));
  return { storage, reference, client, files };
}

export const SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'data', type: 'string', required: false },
  ],
};

/** Creates the namespace levels given (parents first) and returns the path segment. */
export async function createNamespace(client: Client, levels: string[], prefix = ''): Promise<string> {
  for (let depth = 1; depth <= levels.length; depth++) {
    const reply = await client.post(`/v1${prefix}/namespaces`, { namespace: levels.slice(0, depth) });
    if (reply.status !== 200 && reply.status !== 409) throw new Error(`create namespace: ${reply.text}`);
  }
  return levels.map(encodeURIComponent).join('%1F');
}

export async function createTable(client: Client, ns: string, name: string, prefix = ''): Promise<Reply> {
  const reply = await client.post(`/v1${prefix}/namespaces/${ns}/tables`, { name, schema: SCHEMA });
  if (reply.status !== 200) throw new Error(`create table: ${reply.text}`);
  return reply;
}

/** An append as clients commit it: add a snapshot and move `main` to it, guarded by `main`'s current id. */
export function appendChange(base: bigint | number | null, snapshotId: bigint, sequenceNumber: number) {
  return {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': base }],
    updates: [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': snapshotId,
          ...(base === null ? {} : { 'parent-snapshot-id': base }),
          'sequence-number': sequenceNumber,
          'timestamp-ms': 1767229200000 + sequenceNumber,
          'manifest-list': `file:///warehouse/manifests/snap-${snapshotId}.avro`,
          summary: { operation: 'append' },
          'schema-id': 0,
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
    ],
  };
}
