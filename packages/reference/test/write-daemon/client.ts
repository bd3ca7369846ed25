import { Dispatcher } from '@dbwire/server-stubs';
import { MemoryEngine, type StorageEngine } from '@dbwire/storage';
import {
  createWriteDaemonReference,
  type WriteDaemonCaller,
  type WriteDaemonReferenceOptions,
} from '../../src/write-daemon/index.js';
import { DispatchClient } from '../dispatch-client.js';

/** A client of the write daemon through the real dispatcher (see `DispatchClient`). */
export type Client = DispatchClient<WriteDaemonCaller>;

/** A reference over `storage` (a fresh memory engine by default) and a client with the dev token. */
export async function startDaemon(options: Partial<WriteDaemonReferenceOptions> = {}) {
  const storage: StorageEngine = options.storage ?? new MemoryEngine();
  const reference = await createWriteDaemonReference({ quota: false, ...options, storage });
  const dispatcher = new Dispatcher(reference.binding, { validateResponses: true, bodyLimit: 1024 * 1024 });
  const client: Client = new DispatchClient(dispatcher);
  return { storage, reference, client };
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
