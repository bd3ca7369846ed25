import { getJson, putJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import { keys, stateKeys } from './keys.js';
import type { LifecycleState, LogHead, Namespace, NotWritableReason, Schemas, StoredNamespace } from './model.js';
import { problems } from './problems.js';

export async function readNamespace(tx: ReadTransaction, ns: number): Promise<StoredNamespace | undefined> {
  return getJson<StoredNamespace>(tx, keys.meta(ns));
}

export async function requireNamespace(tx: ReadTransaction, ns: number): Promise<StoredNamespace> {
  const stored = await readNamespace(tx, ns);
  if (!stored) throw problems.namespaceNotFound(ns);
  return stored;
}

export async function readHead(tx: ReadTransaction, ns: number): Promise<LogHead> {
  return (
    (await getJson<LogHead>(tx, keys.head(ns))) ?? {
      world_seq: 0,
      last_commit_id: null,
      last_commit_time_ms: null,
      base_world_seq: 0,
    }
  );
}

/** Stores the namespace and moves its change-feed entry to its new `updated_at_ms`. */
export async function writeNamespace(
  tx: WriteTransaction,
  stored: StoredNamespace,
  previous: Namespace | undefined,
): Promise<void> {
  const { namespace } = stored;
  if (previous) await tx.delete(keys.change(previous.updated_at_ms, previous.namespace_id));
  await putJson(tx, keys.meta(namespace.namespace_id), stored);
  await tx.put(keys.change(namespace.updated_at_ms, namespace.namespace_id), new Uint8Array());
}

/** Every reason the namespace refuses commits (empty when it accepts them). */
export function notWritableReasons(namespace: Namespace): NotWritableReason[] {
  const reasons: NotWritableReason[] = [];
  if (namespace.lifecycle !== 'provisioned') reasons.push(`lifecycle_${namespace.lifecycle}` as NotWritableReason);
  if (namespace.operational_state.write_mode === 'read_only') reasons.push('read_only');
  if (namespace.operational_state.draining) reasons.push('draining');
  if (namespace.operational_state.frozen) reasons.push('frozen');
  return reasons;
}

/** The lifecycle table of the spec: where each state may go (staying put is a no-op, handled before). */
const TRANSITIONS: Record<LifecycleState, readonly LifecycleState[]> = {
  created: ['provisioned', 'deleted'],
  provisioned: ['disabled'],
  disabled: ['provisioned', 'deleted'],
  deleted: [],
};

export function transitionAllowed(from: LifecycleState, to: LifecycleState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What keeps a namespace from being deleted: its containers and its live forks. */
export async function attachmentsOf(tx: ReadTransaction, ns: number): Promise<Schemas['Attachments']> {
  const containers = await tx.scan({ prefix: keys.statePrefix(ns) + stateKeys.containerPrefix });
  const children: number[] = [];
  for (const { key } of await tx.scan({ prefix: keys.childrenPrefix(ns) })) {
    const child = Number(key.slice(key.lastIndexOf('/') + 1));
    const stored = await readNamespace(tx, child);
    if (stored && stored.namespace.lifecycle !== 'deleted') children.push(child);
  }
  return { container_count: containers.length, child_namespace_ids: children };
}

/** A placement as stored and shown: absent members null, labels `{}`. */
export function normalisePlacement(input: Schemas['PlacementInput'] | undefined): Schemas['Placement'] {
  return {
    region: input?.region ?? null,
    cell: input?.cell ?? null,
    writer_node: input?.writer_node ?? null,
    labels: input?.labels ?? {},
  };
}
