import { decodeJson, getJson, putJson, type StorageEngine, scanJson } from '@dbwire/storage';
import type { LogEntry } from './commits.js';
import type { Idempotency, IdempotentRequest } from './idempotency.js';
import { keys } from './keys.js';
import type { LogHead, Namespace, Schemas } from './model.js';
import type { KeyedMutex } from './mutex.js';
import { normalisePlacement, readHead, readNamespace, requireNamespace, writeNamespace } from './namespaces.js';
import { problems } from './problems.js';
import type { RequestCall } from './request.js';
import { transact } from './transact.js';

type ForkRequest = Schemas['NamespaceForkFromSnapshotRequest'];
type ForkResponse = Schemas['NamespaceForkFromSnapshotResponse'];

/**
 * fork_from_snapshot: a new namespace holding the source's state as of a commit boundary. The
 * state at `world_seq` W is the source's current state with every commit after W undone, newest
 * first, from the before-images in its log; it is copied entity by entity, in the same storage
 * transaction that creates the target, so a fork is all there or not at all.
 */
export class Forks {
  constructor(
    private readonly storage: StorageEngine,
    private readonly writers: KeyedMutex,
    private readonly idempotency: Idempotency,
    private readonly now: () => number,
  ) {}

  async fork(
    body: ForkRequest,
    call: RequestCall,
    request: IdempotentRequest | undefined,
  ): Promise<{ body: ForkResponse; replayed: boolean }> {
    const source = body.source_namespace_id;
    const target = body.target_namespace_id;
    return this.idempotency.exclusive(request, () =>
      this.writers.run(String(target), () =>
        transact(this.storage, async (tx) => {
          const { namespace: parent } = await requireNamespace(tx, source);
          const replay = await this.idempotency.replay(tx, request);
          if (replay !== undefined) return { body: replay as ForkResponse, replayed: true };
          if (await readNamespace(tx, target)) throw problems.namespaceAlreadyExists(target);
          if (parent.lifecycle === 'deleted') {
            throw problems.snapshotInvalid('source_deleted', `Namespace ${source} is deleted.`);
          }
          const head = await readHead(tx, source);
          const point = body.snapshot.kind === 'latest' ? head.world_seq : body.snapshot.world_seq;
          if (point > head.world_seq) {
            throw problems.snapshotInvalid(
              'beyond_head',
              `world_seq ${point} is beyond the head (${head.world_seq}) of namespace ${source}.`,
            );
          }
          let parentCommit: string | null = null;
          if (point !== head.base_world_seq) {
            const entry = await getJson<LogEntry>(tx, keys.log(source, point));
            if (!entry || point < head.base_world_seq) {
              throw problems.snapshotInvalid(
                'not_commit_boundary',
                `world_seq ${point} of namespace ${source} is not a commit boundary.`,
              );
            }
            parentCommit = entry.commit_id;
          }

          // The source's state now, then rewound past every commit after the fork point.
          const sourcePrefix = keys.statePrefix(source);
          const state = new Map<string, unknown>();
          for (const { key, value } of await tx.scan({ prefix: sourcePrefix })) {
            state.set(key.slice(sourcePrefix.length), decodeJson(value));
          }
          const later = await scanJson<LogEntry>(tx, {
            prefix: keys.logPrefix(source),
            start: `${keys.log(source, point)}\u0000`,
            reverse: true,
          });
          for (const { value: entry } of later) {
            for (const change of entry.changes) {
              if (change.before === null) state.delete(change.key);
              else state.set(change.key, change.before);
            }
          }

          const now = this.now();
          const namespace: Namespace = {
            namespace_id: target,
            label: body.label,
            tenant_id: body.tenant_id ?? parent.tenant_id,
            owner_principal_id: body.owner_principal_id ?? call.principal,
            policy_class: body.policy_class ?? parent.policy_class,
            lifecycle: 'provisioned',
            operational_state: {
              write_mode: 'read_write',
              draining: false,
              frozen: false,
              reason: body.reason ?? null,
              changed_at_ms: now,
            },
            placement: body.placement ? normalisePlacement(body.placement) : parent.placement,
            lineage: {
              parent_namespace_id: source,
              parent_world_seq: point,
              parent_commit_id: parentCommit,
              forked_at_ms: now,
            },
            labels: body.labels ?? parent.labels,
            revision: 1,
            created_at_ms: now,
            updated_at_ms: now,
            deleted_at_ms: null,
          };
          const targetPrefix = keys.statePrefix(target);
          for (const [key, value] of state) await putJson(tx, targetPrefix + key, value);
          await writeNamespace(tx, { namespace, lifecycle_reason: body.reason ?? null }, undefined);
          await putJson(tx, keys.head(target), {
            world_seq: point,
            last_commit_id: null,
            last_commit_time_ms: null,
            base_world_seq: point,
          } satisfies LogHead);
          await tx.put(keys.child(source, target), new Uint8Array());
          const answer: ForkResponse = { created: true, namespace, world_seq: point };
          await this.idempotency.store(tx, request, answer);
          return { body: answer, replayed: false };
        }),
      ),
    );
  }
}
