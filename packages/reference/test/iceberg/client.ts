import { Dispatcher } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createIcebergReference,
  type IcebergCaller,
  type IcebergReferenceOptions,
  type MetadataFiles,
} from '../../src/iceberg/index.js';
import { DispatchClient, type Reply } from '../dispatch-client.js';

/** A client of the catalog through the real dispatcher (see `DispatchClient`). */
export type Client = DispatchClient<IcebergCaller>;

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
  const client: Client = new DispatchClient(new Dispatcher(reference.binding, { validateResponses: true }));
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

/**
 * The updates a client sends with `assert-create` to create a table it staged (`stage-create`):
 * the staged metadata's uuid and first schema, an empty spec and sort order, each made current
 * with -1 ("the one this commit added").
 */
export function stagedTableUpdates(metadata: { 'table-uuid': string; schemas: unknown[] }) {
  return [
    { action: 'assign-uuid', uuid: metadata['table-uuid'] },
    { action: 'upgrade-format-version', 'format-version': 2 },
    { action: 'add-schema', schema: metadata.schemas[0] },
    { action: 'set-current-schema', 'schema-id': -1 },
    { action: 'add-spec', spec: { 'spec-id': 0, fields: [] } },
    { action: 'set-default-spec', 'spec-id': -1 },
    { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
    { action: 'set-default-sort-order', 'sort-order-id': -1 },
  ];
}
