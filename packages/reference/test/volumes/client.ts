import { Dispatcher, serializedBodyBytes, templateMatches } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createVolumesReference,
  type VolumesCaller,
  type VolumesReferenceOptions,
  type VolumesToken,
} from '../../src/volumes/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the operation answers.
  body: any;
}

const encoder = new TextEncoder();

/**
 * Drives the volumes store through the real dispatcher (authentication, validation, handlers,
 * response checks against the spec), routing as the fastify adapter does: literal templates
 * first, and the entry routes whose `{path}` spans slashes through `matchWildcard`.
 */
export class VolumesClient {
  constructor(
    private readonly dispatcher: Dispatcher<VolumesCaller>,
    readonly token: string | null = 'dev-token',
  ) {}

  withToken(token: string | null): VolumesClient {
    return new VolumesClient(this.dispatcher, token);
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const [path = '', search = ''] = url.split('?');
    let route = this.dispatcher.segmentRoutes
      .filter((candidate) => candidate.method === method && templateMatches(candidate.path, path))
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length)[0];
    let params: Record<string, string> = {};
    if (route) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
      const values = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(path)?.slice(1) ?? [];
      params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] as string)]));
    } else {
      const match = this.dispatcher.matchWildcard(method, path);
      if (!match || 'allow' in match) throw new Error(`No route for ${method} ${path}`);
      route = match.route;
      params = match.params;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(search)) query[name] = value;
    const all: Record<string, string | undefined> = { host: 'volumes.test', ...headers };
    if (this.token !== null && all.authorization === undefined) all.authorization = `Bearer ${this.token}`;
    let bytes: Uint8Array | undefined;
    if (body instanceof FormData) {
      const encoded = new Response(body);
      bytes = new Uint8Array(await encoded.arrayBuffer());
      all['content-type'] = encoded.headers.get('content-type') ?? undefined;
    } else if (body instanceof Uint8Array) {
      bytes = body;
    } else if (body !== undefined) {
      bytes = encoder.encode(typeof body === 'string' ? body : JSON.stringify(body));
      all['content-type'] ??= 'application/json';
    }
    const response = await this.dispatcher.dispatch(route, { params, query, headers: all, body: bytes });
    const raw = await serializedBodyBytes(response);
    const type = response.headers['content-type'] ?? '';
    const text = new TextDecoder().decode(raw);
    return {
      status: response.status,
      headers: response.headers,
      bytes: raw,
      body: type.startsWith('application/json') && text !== '' ? JSON.parse(text) : text,
    };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  put(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, body, headers);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 1)) {}
  readonly now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** The dev tenant's volumes URL. */
export const BASE = '/v1/orgs/dev-org/workspaces/dev-workspace/volumes';

/** Tokens for tests: the dev token plus narrower ones and app tokens in the same tenant, and one in another org. */
export const TOKENS: Record<string, VolumesToken> = {
  'dev-token': { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:admin'], principal: 'dev' },
  reader: { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:read'] },
  writer: { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:write'] },
  'app-bot': { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:write'], app_id: 'bot' },
  'app-etl': { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:write'], app_id: 'etl' },
  'other-org': { org_id: 'other-org', workspace_id: 'dev-workspace', permissions: ['volumes:admin'] },
};

/** A store on `storage` (a fresh memory engine by default), a client with the dev token and a hand-moved clock. */
export async function startVolumes(options: Partial<VolumesReferenceOptions> = {}) {
  const storage: StorageEngine = options.storage ?? new MemoryEngine();
  const clock = new TestClock();
  const reference = await createVolumesReference({ tokens: TOKENS, now: clock.now, ...options, storage });
  const dispatcher = new Dispatcher(reference.binding, { validateResponses: true, bodyLimit: reference.bodyLimit });
  const client = new VolumesClient(dispatcher);
  return { storage, reference, client, clock, dispatcher };
}

/** Creates a volume and answers its id and its URL. */
export async function createVolume(client: VolumesClient, name = 'kb', extra: Record<string, unknown> = {}) {
  const reply = await client.post(BASE, { name, environment_id: 'env_dev', ...extra });
  if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  const id = reply.body.volume.volume_id as string;
  return { id, url: `${BASE}/${id}` };
}
