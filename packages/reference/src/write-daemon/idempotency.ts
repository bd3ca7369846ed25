import { canonicalJson } from '@dbwire/json';
import { getJson, putJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import { base64url, sha256 } from '../shared/crypto.js';
import { keys } from './keys.js';
import { problems } from './problems.js';

interface IdempotencyRecord {
  fingerprint: string;
  /** The 200 body as first answered. */
  body: unknown;
  stored_at_ms: number;
}

/** A keyed request, identified for idempotency. */
export interface IdempotentRequest {
  /** Storage key of its record (namespace, operation scope, key). */
  recordKey: string;
  key: string;
  fingerprint: string;
}

export const IDEMPOTENCY_HEADER = 'x-asset-idempotency';

/**
 * Idempotency keys, per namespace and operation (per target namespace for fork). A 200 response is
 * stored with the request's fingerprint in the same storage transaction as the change it reports,
 * so the two exist together or not at all, on every server sharing the engine and across restarts.
 * Keys still being applied in this process are remembered, to answer 409 `IN_PROGRESS`.
 */
export class Idempotency {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  /** The request's identity, or `undefined` when it carries no key. */
  async identify(
    ns: number,
    scope: string,
    path: string,
    body: { idempotency_key?: string },
  ): Promise<IdempotentRequest | undefined> {
    const key = body.idempotency_key;
    if (key === undefined) return undefined;
    const { idempotency_key: _, ...rest } = body;
    const fingerprint = base64url(await sha256(`${path}\n${canonicalJson(rest)}`));
    return { recordKey: keys.idempotency(ns, scope, key), key, fingerprint };
  }

  /** Runs `work` unless the same key is already running here (409 `IDEMPOTENCY_KEY_IN_PROGRESS`). */
  async exclusive<T>(request: IdempotentRequest | undefined, work: () => Promise<T>): Promise<T> {
    if (!request) return work();
    if (this.inFlight.has(request.recordKey)) throw problems.idempotencyKeyInProgress(request.key);
    this.inFlight.add(request.recordKey);
    try {
      return await work();
    } finally {
      this.inFlight.delete(request.recordKey);
    }
  }

  /** The stored body to replay, `undefined` to execute, or 409 `IDEMPOTENCY_KEY_REUSED`. */
  async replay(tx: ReadTransaction, request: IdempotentRequest | undefined): Promise<unknown | undefined> {
    if (!request) return undefined;
    const record = await getJson<IdempotencyRecord>(tx, request.recordKey);
    if (!record || this.now() - record.stored_at_ms >= this.retentionMs) return undefined;
    if (record.fingerprint !== request.fingerprint) throw problems.idempotencyKeyReused(request.key);
    return record.body;
  }

  async store(tx: WriteTransaction, request: IdempotentRequest | undefined, body: unknown): Promise<void> {
    if (!request) return;
    await putJson(tx, request.recordKey, {
      fingerprint: request.fingerprint,
      body,
      stored_at_ms: this.now(),
    } satisfies IdempotencyRecord);
  }
}

/** The answer to a keyed (or unkeyed) write: `miss` when executed now, `hit` when replayed. */
export function idempotentAnswer<Body>(
  request: IdempotentRequest | undefined,
  outcome: { body: Body; replayed: boolean },
): { status: 200; body: Body; headers?: Record<string, string> } {
  if (!request) return { status: 200, body: outcome.body };
  return { status: 200, body: outcome.body, headers: { [IDEMPOTENCY_HEADER]: outcome.replayed ? 'hit' : 'miss' } };
}
