/**
 * Every storage key of the write daemon, in one place. All live under `write-daemon/`.
 *
 * Numbers in keys (namespace ids, world_seq, timestamps) are zero-padded to 16 digits (2^53-1 has
 * 16), so the engine's key order is their numeric order: lists scan in `namespace_id` order, the
 * change feed in (`updated_at_ms`, `namespace_id`) order, a log in `world_seq` order.
 *
 * | key | value |
 * |---|---|
 * | `write-daemon/page-token-secret` | the HMAC secret of page tokens (base64url) |
 * | `write-daemon/meta/<ns>` | `StoredNamespace`: the namespace's metadata |
 * | `write-daemon/changes/<updated_at_ms>/<ns>` | change-feed index (empty value), one per namespace |
 * | `write-daemon/children/<parent>/<child>` | forks of a namespace (empty value) |
 * | `write-daemon/ns/<ns>/head` | `LogHead`: world_seq, last commit |
 * | `write-daemon/ns/<ns>/log/<world_seq_end>` | `LogEntry`: one commit, with its before/after images |
 * | `write-daemon/ns/<ns>/commit/<commit_id>` | `CommitIndex`: where a commit is, its undo record, who reversed it |
 * | `write-daemon/ns/<ns>/idem/<scope>/<key>` | `IdempotencyRecord`: a stored 200 response |
 * | `write-daemon/ns/<ns>/s/…` | the namespace's state, one key per class, shape, container, stack, cell, instance (see state/keys) |
 */
const ROOT = 'write-daemon/';

export const pad = (n: number): string => String(n).padStart(16, '0');

export const keys = {
  pageTokenSecret: `${ROOT}page-token-secret`,
  metaPrefix: `${ROOT}meta/`,
  meta: (ns: number) => `${ROOT}meta/${pad(ns)}`,
  changesPrefix: `${ROOT}changes/`,
  change: (updatedAtMs: number, ns: number) => `${ROOT}changes/${pad(updatedAtMs)}/${pad(ns)}`,
  childrenPrefix: (parent: number) => `${ROOT}children/${pad(parent)}/`,
  child: (parent: number, child: number) => `${ROOT}children/${pad(parent)}/${pad(child)}`,
  head: (ns: number) => `${ROOT}ns/${pad(ns)}/head`,
  logPrefix: (ns: number) => `${ROOT}ns/${pad(ns)}/log/`,
  log: (ns: number, worldSeqEnd: number) => `${ROOT}ns/${pad(ns)}/log/${pad(worldSeqEnd)}`,
  commit: (ns: number, commitId: string) => `${ROOT}ns/${pad(ns)}/commit/${commitId}`,
  idempotency: (ns: number, scope: string, key: string) => `${ROOT}ns/${pad(ns)}/idem/${scope}/${key}`,
  statePrefix: (ns: number) => `${ROOT}ns/${pad(ns)}/s/`,
} as const;

/** The namespace id at the end of a `meta/` or `changes/` key. */
export function namespaceIdOfKey(key: string): number {
  return Number(key.slice(key.lastIndexOf('/') + 1));
}

/**
 * A namespace's state, relative to `keys.statePrefix(ns)`: one key per entity, so a commit reads
 * and writes only what its operations touch. External ids never contain `/` (the spec's pattern).
 *
 * | key | value |
 * |---|---|
 * | `class/<class_id>` | the class definition |
 * | `shape/<class_id>/<grid\|line\|rect>/<stack_key or ->` | a registered shape |
 * | `container/<container_id>` | the container's kind (defaults filled in) |
 * | `balance/<container_id>/<class_id>/<stack_key or ->` | a balance's scaled amount of one stack |
 * | `cell/<container_id>/<index>` | what fills one grid cell or slot: a fungible stack or (part of) an instance |
 * | `instance/<instance_id>` | an instance: class, stack key, location |
 * | `placed/<container_id>/<instance_id>` | an instance's extent in a continuous container |
 */
export const stateKeys = {
  class: (classId: string) => `class/${classId}`,
  shape: (classId: string, kind: 'grid' | 'line' | 'rect', stackKey: number | null) =>
    `shape/${classId}/${kind}/${stackKey ?? '-'}`,
  containerPrefix: 'container/',
  container: (containerId: string) => `container/${containerId}`,
  balancePrefix: (containerId: string) => `balance/${containerId}/`,
  balance: (containerId: string, classId: string, stackKey: number | null) =>
    `balance/${containerId}/${classId}/${stackKey ?? '-'}`,
  cellPrefix: (containerId: string) => `cell/${containerId}/`,
  cell: (containerId: string, index: number) => `cell/${containerId}/${String(index).padStart(8, '0')}`,
  instance: (instanceId: string) => `instance/${instanceId}`,
  placedPrefix: (containerId: string) => `placed/${containerId}/`,
  placed: (containerId: string, instanceId: string) => `placed/${containerId}/${instanceId}`,
} as const;
