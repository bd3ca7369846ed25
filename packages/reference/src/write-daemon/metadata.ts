import { canonicalJson } from '@dbwire/json';
import type { StorageEngine } from '@dbwire/storage';
import { putJson, type WriteTransaction } from '@dbwire/storage';
import { keys } from './keys.js';
import type { LifecycleState, LogHead, Namespace, Schemas } from './model.js';
import type { KeyedMutex } from './mutex.js';
import {
  attachmentsOf,
  normalisePlacement,
  readNamespace,
  requireNamespace,
  transitionAllowed,
  writeNamespace,
} from './namespaces.js';
import { problems } from './problems.js';
import { transact } from './transact.js';

type MutationResponse = Schemas['NamespaceMutationResponse'];

/** One metadata change: what the namespace becomes, or `undefined` when the request changes nothing. */
interface MetadataChange {
  next(current: Namespace, now: number): Namespace | undefined;
  /** Unfreezing (operational state) and disabling are the changes a frozen namespace accepts. */
  allowedWhenFrozen: (next: Namespace) => boolean;
  /** Lifecycle and delete checks that need the next state (or the storage). */
  check?: (tx: WriteTransaction, current: Namespace, next: Namespace) => Promise<void>;
  /** Reason recorded with a lifecycle change. */
  lifecycleReason?: string | null;
}

/**
 * Namespace creation and the five metadata changes (PATCH, delete, lifecycle, operational state,
 * placement). Each change, in one transaction: 404, 412 `REVISION_MISMATCH`, then a request that
 * changes nothing answers 200 as is; otherwise 412 `NAMESPACE_DELETED`, `NAMESPACE_FROZEN`,
 * `LIFECYCLE_TRANSITION_NOT_ALLOWED`, `NAMESPACE_HAS_ATTACHMENTS`, and finally `revision` + 1.
 */
export class NamespaceControl {
  constructor(
    private readonly storage: StorageEngine,
    private readonly writers: KeyedMutex,
    private readonly now: () => number,
  ) {}

  async create(
    body: Schemas['NamespaceCreateRequest'],
    principal: string,
  ): Promise<Schemas['NamespaceCreateResponse']> {
    const ns = body.namespace_id;
    return this.writers.run(String(ns), () =>
      transact(this.storage, async (tx) => {
        const existing = await readNamespace(tx, ns);
        if (existing) return { created: false, namespace: existing.namespace };
        const now = this.now();
        const namespace: Namespace = {
          namespace_id: ns,
          label: body.label,
          tenant_id: body.tenant_id,
          owner_principal_id: body.owner_principal_id ?? principal,
          policy_class: body.policy_class ?? 'scratch',
          lifecycle: 'created',
          operational_state: {
            write_mode: 'read_write',
            draining: false,
            frozen: false,
            reason: null,
            changed_at_ms: now,
          },
          placement: normalisePlacement(body.placement),
          lineage: null,
          labels: body.labels ?? {},
          revision: 1,
          created_at_ms: now,
          updated_at_ms: now,
          deleted_at_ms: null,
        };
        await writeNamespace(tx, { namespace, lifecycle_reason: null }, undefined);
        await putJson(tx, keys.head(ns), {
          world_seq: 0,
          last_commit_id: null,
          last_commit_time_ms: null,
          base_world_seq: 0,
        } satisfies LogHead);
        return { created: true, namespace };
      }),
    );
  }

  update(ns: number, body: Schemas['NamespaceUpdateRequest']): Promise<MutationResponse> {
    return this.change(ns, body.expected_revision, {
      next(current) {
        const next: Namespace = {
          ...current,
          label: body.label ?? current.label,
          owner_principal_id: body.owner_principal_id ?? current.owner_principal_id,
          policy_class: body.policy_class ?? current.policy_class,
          labels: body.labels ?? current.labels,
        };
        return sameJson(next, current) ? undefined : next;
      },
      allowedWhenFrozen: () => false,
    });
  }

  delete(ns: number, expectedRevision: number | undefined, reason: string | undefined): Promise<MutationResponse> {
    return this.moveTo(ns, 'deleted', expectedRevision, reason ?? null);
  }

  lifecycle(ns: number, body: Schemas['NamespaceLifecycleRequest']): Promise<MutationResponse> {
    return this.moveTo(ns, body.target_state, body.expected_revision, body.reason);
  }

  operationalState(ns: number, body: Schemas['NamespaceOperationalStateRequest']): Promise<MutationResponse> {
    if (body.write_mode === undefined && body.draining === undefined && body.frozen === undefined) {
      throw problems.invalidRequest('/', 'At least one of write_mode, draining and frozen must be present.');
    }
    return this.change(ns, body.expected_revision, {
      next(current, now) {
        const state = current.operational_state;
        const flags = {
          write_mode: body.write_mode ?? state.write_mode,
          draining: body.draining ?? state.draining,
          frozen: body.frozen ?? state.frozen,
          reason: body.reason,
        };
        const unchanged =
          flags.write_mode === state.write_mode &&
          flags.draining === state.draining &&
          flags.frozen === state.frozen &&
          flags.reason === state.reason;
        return unchanged ? undefined : { ...current, operational_state: { ...flags, changed_at_ms: now } };
      },
      allowedWhenFrozen: () => true,
    });
  }

  placement(ns: number, body: Schemas['NamespacePlacementRequest']): Promise<MutationResponse> {
    return this.change(ns, body.expected_revision, {
      next(current) {
        const placement = normalisePlacement(body.placement);
        return sameJson(placement, current.placement) ? undefined : { ...current, placement };
      },
      allowedWhenFrozen: () => false,
    });
  }

  /** Lifecycle changes, deletion included (DELETE is the lifecycle move to `deleted`). */
  private moveTo(
    ns: number,
    target: LifecycleState,
    expectedRevision: number | undefined,
    reason: string | null,
  ): Promise<MutationResponse> {
    return this.change(ns, expectedRevision, {
      next(current, now) {
        if (current.lifecycle === target) return undefined;
        return { ...current, lifecycle: target, deleted_at_ms: target === 'deleted' ? now : current.deleted_at_ms };
      },
      allowedWhenFrozen: (next) => next.lifecycle === 'disabled',
      lifecycleReason: reason,
      async check(tx, current, next) {
        if (!transitionAllowed(current.lifecycle, next.lifecycle)) {
          const hint =
            current.lifecycle === 'provisioned' && next.lifecycle === 'deleted'
              ? 'Move the namespace to disabled first.'
              : undefined;
          throw problems.transitionNotAllowed(ns, current.lifecycle, next.lifecycle, hint);
        }
        if (next.lifecycle === 'deleted') {
          const attachments = await attachmentsOf(tx, ns);
          if (attachments.container_count > 0 || attachments.child_namespace_ids.length > 0) {
            throw problems.hasAttachments(ns, attachments);
          }
        }
      },
    });
  }

  private change(ns: number, expectedRevision: number | undefined, change: MetadataChange): Promise<MutationResponse> {
    return this.writers.run(String(ns), () =>
      transact(this.storage, async (tx) => {
        const stored = await requireNamespace(tx, ns);
        const current = stored.namespace;
        if (expectedRevision !== undefined && expectedRevision !== current.revision) {
          throw problems.revisionMismatch(ns, expectedRevision, current.revision);
        }
        const now = this.now();
        const next = change.next(current, now);
        if (next === undefined) return { namespace: current, previous_revision: current.revision };
        if (current.lifecycle === 'deleted') throw problems.namespaceDeleted(ns);
        if (current.operational_state.frozen && !change.allowedWhenFrozen(next)) throw problems.namespaceFrozen(ns);
        await change.check?.(tx, current, next);
        const updated: Namespace = { ...next, revision: current.revision + 1, updated_at_ms: now };
        const lifecycleReason = change.lifecycleReason !== undefined ? change.lifecycleReason : stored.lifecycle_reason;
        await writeNamespace(tx, { namespace: updated, lifecycle_reason: lifecycleReason }, current);
        return { namespace: updated, previous_revision: current.revision };
      }),
    );
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
