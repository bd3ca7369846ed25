import { getJson, putJson, type StorageEngine, type WriteTransaction } from '@dbwire/storage';
import { randomBytes } from '../shared/crypto.js';
import type { Idempotency, IdempotentRequest } from './idempotency.js';
import { keys } from './keys.js';
import type { CommitResponse, LogHead, Operation, OperationName, Schemas } from './model.js';
import type { KeyedMutex } from './mutex.js';
import { notWritableReasons, readHead, requireNamespace } from './namespaces.js';
import { applyOperation, CoreFailure, IRREVERSIBLE } from './operations/index.js';
import { problems } from './problems.js';
import type { RequestCall } from './request.js';
import { type StateChange, StateView, writeChanges } from './state-view.js';
import { transact } from './transact.js';

/** One commit in a namespace's log, with the before- and after-images of everything it changed. */
export interface LogEntry {
  commit_id: string;
  kind: 'commit' | 'reverse';
  world_seq_start: number;
  world_seq_end: number;
  /** One per event. */
  ops: OperationName[];
  changes: StateChange[];
  actor_id: string;
  commit_time_ms: number;
  /** The commit a compensating commit reversed. */
  reverses?: string;
}

/** Where a commit sits in the log, until when it can be reversed, and by which commit it was. */
export interface CommitIndex {
  world_seq_end: number;
  undo_expires_at_ms: number;
  reversed_by: string | null;
}

/** The envelope members a commit echoes in its receipt. */
interface Envelope {
  actor_id?: string;
  idempotency_key?: string;
  metadata?: Record<string, unknown>;
  origin?: Schemas['Origin'];
}

const METADATA_LIMIT = 64 * 1024;

/**
 * Commits: append-only, per-namespace logs. A commit, in one storage transaction: reads the
 * namespace (so a concurrent lifecycle change conflicts with it) and its log head (so two
 * concurrent commits to one namespace conflict, and the loser re-runs on the new head), applies
 * its operations in order to a view of the state, and writes the changed entities, the log entry,
 * the commit index and the new head together. world_seq therefore has no gaps and no duplicates,
 * and every acknowledged commit is in the log exactly once.
 */
export class Commits {
  constructor(
    private readonly storage: StorageEngine,
    private readonly writers: KeyedMutex,
    private readonly idempotency: Idempotency,
    private readonly now: () => number,
    private readonly undoRetentionMs: number,
  ) {}

  /**
   * Applies `operations` all or nothing and answers `respond(receipt)`, which is also what a
   * replay of `request` answers.
   */
  async commit<Body extends object>(
    ns: number,
    operations: Operation[],
    envelope: Envelope,
    call: RequestCall,
    request: IdempotentRequest | undefined,
    respond: (receipt: CommitResponse) => Body,
  ): Promise<{ body: Body; replayed: boolean }> {
    checkEnvelope(envelope);
    return this.idempotency.exclusive(request, () =>
      this.writers.run(String(ns), () =>
        transact(this.storage, async (tx) => {
          const { namespace } = await requireNamespace(tx, ns);
          const replay = await this.idempotency.replay(tx, request);
          if (replay !== undefined) return { body: replay as Body, replayed: true };
          const reasons = notWritableReasons(namespace);
          if (reasons.length > 0) throw problems.notWritable(409, ns, reasons);
          const startTimeMs = this.now();
          const head = await readHead(tx, ns);
          const view = new StateView(tx, keys.statePrefix(ns));
          const minted: Schemas['MintedId'][] = [];
          for (const [index, operation] of operations.entries()) {
            try {
              const id = await applyOperation(view, operation, head.world_seq + index + 1);
              if (id !== undefined) minted.push({ op_index: index, instance_id: id });
            } catch (error) {
              if (error instanceof CoreFailure) throw problems.commitValidationFailed(index, operation.op, error.error);
              throw error;
            }
          }
          const entry = await this.append(tx, ns, head, {
            kind: 'commit',
            ops: operations.map((operation) => operation.op),
            changes: await view.changes(),
            actor_id: envelope.actor_id ?? call.principal,
          });
          const body = respond({
            ...receiptOf(ns, entry, startTimeMs, call, envelope),
            ...(minted.length > 0 ? { minted_ids: minted } : {}),
          });
          await this.idempotency.store(tx, request, body);
          return { body, replayed: false };
        }),
      ),
    );
  }

  /**
   * Appends the compensating commit of `commitId` from its undo record, if everything it touched
   * is still as it left it. Checks in the spec's order: 404, 410, 422, 409 not writable, 409
   * already reversed, 409 precondition.
   */
  async reverse(
    ns: number,
    commitId: string,
    body: Schemas['ReverseCommitRequest'],
    call: RequestCall,
    request: IdempotentRequest | undefined,
  ): Promise<{ body: Schemas['ReverseCommitResponse']; replayed: boolean }> {
    checkEnvelope(body);
    return this.idempotency.exclusive(request, () =>
      this.writers.run(String(ns), () =>
        transact(this.storage, async (tx) => {
          const { namespace } = await requireNamespace(tx, ns);
          const replay = await this.idempotency.replay(tx, request);
          if (replay !== undefined) return { body: replay as Schemas['ReverseCommitResponse'], replayed: true };
          const index = await getJson<CommitIndex>(tx, keys.commit(ns, commitId));
          if (!index) throw problems.commitNotFound(ns, commitId);
          const startTimeMs = this.now();
          if (startTimeMs >= index.undo_expires_at_ms) throw problems.reverseNoLongerAvailable(commitId);
          const original = await getJson<LogEntry>(tx, keys.log(ns, index.world_seq_end));
          if (!original) throw problems.reverseNoLongerAvailable(commitId);
          const permanent = original.ops.findIndex((op) => IRREVERSIBLE.has(op));
          if (permanent >= 0)
            throw problems.commitNotReversible(commitId, permanent, original.ops[permanent] as OperationName);
          const reasons = notWritableReasons(namespace);
          if (reasons.length > 0) throw problems.notWritable(409, ns, reasons);
          if (index.reversed_by !== null) throw problems.commitAlreadyReversed(commitId, index.reversed_by);
          const prefix = keys.statePrefix(ns);
          for (const change of original.changes) {
            const current = await tx.get(prefix + change.key);
            const now = current === undefined ? 'null' : new TextDecoder().decode(current);
            if (now !== JSON.stringify(change.after)) {
              throw problems.reversePreconditionFailed(commitId, describeEntity(change.key));
            }
          }
          const head = await readHead(tx, ns);
          const entry = await this.append(tx, ns, head, {
            kind: 'reverse',
            ops: original.ops,
            changes: original.changes.map(({ key, before, after }) => ({ key, before: after, after: before })),
            actor_id: body.actor_id ?? call.principal,
            reverses: commitId,
          });
          await putJson(tx, keys.commit(ns, commitId), {
            ...index,
            reversed_by: entry.commit_id,
          } satisfies CommitIndex);
          const answer = { ...receiptOf(ns, entry, startTimeMs, call, body), reversed_commit_id: commitId };
          await this.idempotency.store(tx, request, answer);
          return { body: answer, replayed: false };
        }),
      ),
    );
  }

  /**
   * Evaluates the operations against the current state exactly as a commit would, in a view that
   * is never written: nothing is appended.
   */
  async preflight(
    ns: number,
    body: Schemas['CommitRequest'],
    call: RequestCall,
  ): Promise<Schemas['PreflightCommitResponse']> {
    checkEnvelope(body);
    return transact(this.storage, async (tx) => {
      const { namespace } = await requireNamespace(tx, ns);
      const reasons = notWritableReasons(namespace);
      if (namespace.lifecycle !== 'provisioned') throw problems.notWritable(422, ns, reasons);
      const head = await readHead(tx, ns);
      const view = new StateView(tx, keys.statePrefix(ns));
      const results: Schemas['PreflightOpResult'][] = [];
      let failed: number | null = null;
      for (const [index, operation] of body.operations.entries()) {
        if (failed !== null) {
          results.push({ index, op: operation.op, outcome: 'not_evaluated' });
          continue;
        }
        try {
          await applyOperation(view, operation, head.world_seq + index + 1);
          results.push({ index, op: operation.op, outcome: 'ok' });
        } catch (error) {
          if (!(error instanceof CoreFailure)) throw error;
          failed = index;
          results.push({ index, op: operation.op, outcome: 'failed', error: error.error });
        }
      }
      return {
        namespace: ns,
        valid: failed === null,
        validated_world_seq: head.world_seq,
        failed_op_index: failed,
        writable: reasons.length === 0,
        not_writable_reasons: reasons,
        op_results: results,
        server_correlation_id: call.serverCorrelationId,
        ...(call.clientCorrelationId !== undefined ? { client_correlation_id: call.clientCorrelationId } : {}),
      };
    });
  }

  /** Writes the changes, the log entry, the commit index and the new head. */
  private async append(
    tx: WriteTransaction,
    ns: number,
    head: LogHead,
    draft: Pick<LogEntry, 'kind' | 'ops' | 'changes' | 'actor_id' | 'reverses'>,
  ): Promise<LogEntry> {
    const commitTimeMs = this.now();
    const entry: LogEntry = {
      commit_id: randomHex(16),
      ...draft,
      world_seq_start: head.world_seq + 1,
      world_seq_end: head.world_seq + draft.ops.length,
      commit_time_ms: commitTimeMs,
    };
    await writeChanges(tx, keys.statePrefix(ns), entry.changes);
    await putJson(tx, keys.log(ns, entry.world_seq_end), entry);
    await putJson(tx, keys.commit(ns, entry.commit_id), {
      world_seq_end: entry.world_seq_end,
      undo_expires_at_ms: commitTimeMs + this.undoRetentionMs,
      reversed_by: null,
    } satisfies CommitIndex);
    await putJson(tx, keys.head(ns), {
      world_seq: entry.world_seq_end,
      last_commit_id: entry.commit_id,
      last_commit_time_ms: commitTimeMs,
      base_world_seq: head.base_world_seq,
    } satisfies LogHead);
    return entry;
  }
}

function receiptOf(
  ns: number,
  entry: LogEntry,
  startTimeMs: number,
  call: RequestCall,
  envelope: Envelope,
): CommitResponse {
  return {
    namespace: ns,
    commit_id: entry.commit_id,
    outcome: 'Committed',
    world_seq_start: entry.world_seq_start,
    world_seq_end: entry.world_seq_end,
    event_count: entry.ops.length,
    start_time_ms: startTimeMs,
    commit_time_ms: entry.commit_time_ms,
    server_correlation_id: call.serverCorrelationId,
    ...(call.clientCorrelationId !== undefined ? { client_correlation_id: call.clientCorrelationId } : {}),
    ...(envelope.idempotency_key !== undefined ? { idempotency_key: envelope.idempotency_key } : {}),
    ...(envelope.metadata !== undefined ? { metadata: envelope.metadata } : {}),
    ...(envelope.origin !== undefined ? { origin: envelope.origin } : {}),
  };
}

/** The spec's 64 KiB bound on `metadata`, which JSON Schema cannot express. */
function checkEnvelope(envelope: Envelope): void {
  if (
    envelope.metadata !== undefined &&
    new TextEncoder().encode(JSON.stringify(envelope.metadata)).length > METADATA_LIMIT
  ) {
    throw problems.invalidRequest('/metadata', 'metadata must be at most 64 KiB as serialised JSON.');
  }
}

/** "Container vault-001" from `container/vault-001`, for reverse's precondition message. */
function describeEntity(key: string): string {
  const [kind = '', id = '', ...rest] = key.split('/');
  const names: Record<string, string> = {
    class: 'Class',
    shape: 'The shape of class',
    container: 'Container',
    balance: 'The balance of container',
    cell: 'A cell of container',
    instance: 'Instance',
    placed: 'The space of container',
  };
  return `${names[kind] ?? kind} ${id}${kind === 'balance' && rest[0] ? ` (${rest[0]})` : ''}`;
}

function randomHex(bytes: number): string {
  return Array.from(randomBytes(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
