import { type ReadTransaction, type StorageEngine, scanJson } from '@dbwire/storage';
import { keys, namespaceIdOfKey } from './keys.js';
import type { Namespace, Schemas, StoredNamespace } from './model.js';
import { notWritableReasons, readHead, readNamespace, requireNamespace } from './namespaces.js';
import type { PageTokens } from './page-tokens.js';
import { transact } from './transact.js';

const DEFAULT_LIMIT = 20;

/** The list filters of the spec; each present one must match (AND). */
export interface NamespaceFilters {
  tenant_id?: number;
  owner_principal_id?: string;
  policy_class?: Schemas['PolicyClass'];
  lifecycle?: Schemas['LifecycleState'];
  write_mode?: Schemas['NamespaceWriteMode'];
  draining?: boolean;
  frozen?: boolean;
  include_deleted?: boolean;
}

/** The filters a token is bound to: the ones given, with `include_deleted` spelt out so absent and false agree. */
function boundFilters(filters: NamespaceFilters, extra: object = {}): object {
  return {
    tenant_id: filters.tenant_id,
    owner_principal_id: filters.owner_principal_id,
    policy_class: filters.policy_class,
    lifecycle: filters.lifecycle,
    write_mode: filters.write_mode,
    draining: filters.draining,
    frozen: filters.frozen,
    include_deleted: filters.include_deleted ?? false,
    ...extra,
  };
}

function matches(namespace: Namespace, filters: NamespaceFilters): boolean {
  if (namespace.lifecycle === 'deleted' && !filters.include_deleted) return false;
  const state = namespace.operational_state;
  return (
    (filters.tenant_id === undefined || namespace.tenant_id === filters.tenant_id) &&
    (filters.owner_principal_id === undefined || namespace.owner_principal_id === filters.owner_principal_id) &&
    (filters.policy_class === undefined || namespace.policy_class === filters.policy_class) &&
    (filters.lifecycle === undefined || namespace.lifecycle === filters.lifecycle) &&
    (filters.write_mode === undefined || state.write_mode === filters.write_mode) &&
    (filters.draining === undefined || state.draining === filters.draining) &&
    (filters.frozen === undefined || state.frozen === filters.frozen)
  );
}

interface Page<Item> {
  items: Item[];
  /** Whether more items follow the page. */
  more: boolean;
}

/**
 * Walks `meta/` in `namespace_id` order after `after`, keeping what `keep` accepts, until a page
 * and one more item are found (so the page knows whether it is the last).
 */
async function scanNamespaces(
  tx: ReadTransaction,
  after: number | undefined,
  limit: number,
  keep: (namespace: Namespace) => boolean,
): Promise<Page<Namespace>> {
  const items: Namespace[] = [];
  let start = after === undefined ? keys.metaPrefix : `${keys.meta(after)}\u0000`;
  const batch = Math.max(limit + 1, 64);
  for (;;) {
    const entries = await scanJson<StoredNamespace>(tx, { prefix: keys.metaPrefix, start, limit: batch });
    for (const { value } of entries) {
      if (!keep(value.namespace)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(value.namespace);
    }
    const last = entries.at(-1);
    if (entries.length < batch || !last) return { items, more: false };
    start = `${last.key}\u0000`;
  }
}

export function statusOf(
  namespace: Namespace,
  head: Awaited<ReturnType<typeof readHead>>,
): Schemas['NamespaceStatusResponse'] {
  const reasons = notWritableReasons(namespace);
  return {
    namespace_id: namespace.namespace_id,
    tenant_id: namespace.tenant_id,
    lifecycle: namespace.lifecycle,
    operational_state: namespace.operational_state,
    writable: reasons.length === 0,
    not_writable_reasons: reasons,
    world_seq: head.world_seq,
    last_commit_id: head.last_commit_id,
    last_commit_time_ms: head.last_commit_time_ms,
    revision: namespace.revision,
    updated_at_ms: namespace.updated_at_ms,
  };
}

/** The read side of the control plane: get, status, the two lists and the change feed. */
export class NamespaceReader {
  constructor(
    private readonly storage: StorageEngine,
    private readonly tokens: PageTokens,
  ) {}

  async get(ns: number): Promise<Namespace> {
    return (await transact(this.storage, (tx) => requireNamespace(tx, ns))).namespace;
  }

  async status(ns: number): Promise<Schemas['NamespaceStatusResponse']> {
    return transact(this.storage, async (tx) => {
      const { namespace } = await requireNamespace(tx, ns);
      return statusOf(namespace, await readHead(tx, ns));
    });
  }

  /** The tenant of a namespace, if it exists (for quotas). */
  async tenantOf(ns: number): Promise<number | undefined> {
    return (await transact(this.storage, (tx) => readNamespace(tx, ns)))?.namespace.tenant_id;
  }

  async list(
    query: NamespaceFilters & { limit?: number; page_token?: string },
  ): Promise<Schemas['NamespaceListResponse']> {
    const operation = 'list_namespaces';
    const filters = boundFilters(query);
    const after = query.page_token ? await this.tokens.open<number>(query.page_token, operation, filters) : undefined;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = await transact(this.storage, (tx) =>
      scanNamespaces(tx, after, limit, (namespace) => matches(namespace, query)),
    );
    const last = page.items.at(-1);
    return {
      namespaces: page.items,
      next_page_token: page.more && last ? await this.tokens.issue(operation, filters, last.namespace_id) : null,
    };
  }

  async statusList(query: { limit?: number; page_token?: string }): Promise<Schemas['NamespaceStatusListResponse']> {
    const operation = 'namespace_status_list';
    const after = query.page_token ? await this.tokens.open<number>(query.page_token, operation, {}) : undefined;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { statuses, more } = await transact(this.storage, async (tx) => {
      const page = await scanNamespaces(tx, after, limit, (namespace) => namespace.lifecycle !== 'deleted');
      const statuses = [];
      for (const namespace of page.items)
        statuses.push(statusOf(namespace, await readHead(tx, namespace.namespace_id)));
      return { statuses, more: page.more };
    });
    const last = statuses.at(-1);
    return {
      statuses,
      next_page_token: more && last ? await this.tokens.issue(operation, {}, last.namespace_id) : null,
    };
  }

  /**
   * The change feed: `changes/<updated_at_ms>/<ns>` holds one entry per namespace at its current
   * `updated_at_ms`, so a scan from `since` yields each changed namespace once, in
   * (`updated_at_ms`, `namespace_id`) order, with its current snapshot.
   */
  async changes(
    query: NamespaceFilters & { since_updated_at_ms: number; limit?: number; page_token?: string },
  ): Promise<Schemas['NamespaceChangeListResponse']> {
    const operation = 'list_namespace_changes';
    const filters = boundFilters(query, { since_updated_at_ms: query.since_updated_at_ms });
    const after = query.page_token
      ? await this.tokens.open<[number, number]>(query.page_token, operation, filters)
      : undefined;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { changes, more } = await transact(this.storage, async (tx) => {
      const changes: Schemas['NamespaceChange'][] = [];
      let start = after ? `${keys.change(after[0], after[1])}\u0000` : keys.change(query.since_updated_at_ms, 0);
      const batch = Math.max(limit + 1, 64);
      for (;;) {
        const entries = await tx.scan({ prefix: keys.changesPrefix, start, limit: batch });
        for (const { key } of entries) {
          const stored = await readNamespace(tx, namespaceIdOfKey(key));
          if (!stored || !matches(stored.namespace, query)) continue;
          if (changes.length === limit) return { changes, more: true };
          const namespace = stored.namespace;
          changes.push({
            change_kind:
              namespace.lifecycle === 'deleted' ? 'deleted' : namespace.revision === 1 ? 'created' : 'updated',
            namespace_id: namespace.namespace_id,
            revision: namespace.revision,
            updated_at_ms: namespace.updated_at_ms,
            namespace,
          });
        }
        const last = entries.at(-1);
        if (entries.length < batch || !last) return { changes, more: false };
        start = `${last.key}\u0000`;
      }
    });
    const last = changes.at(-1);
    return {
      changes,
      next_page_token:
        more && last ? await this.tokens.issue(operation, filters, [last.updated_at_ms, last.namespace_id]) : null,
      watermark_ms: last ? last.updated_at_ms : query.since_updated_at_ms,
    };
  }
}
