import { canonicalJson } from '@dbwire/json';
import { type ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { icebergErrorResponse } from '@dbwire/server-stubs/iceberg';
import type { StorageEngine, WriteTransaction } from '@dbwire/storage';
import { base64url, sha256 } from '../shared/crypto.js';
import { trackWrites } from '../shared/transact.js';
import { getLossless, putLossless } from './store.js';
import { type Outcome, transact } from './transact.js';

/** A mutation as idempotency sees it. */
export interface Mutation {
  /** The operation, the same for both path families (`createTable`, not `createTableWithPrefix`). */
  operation: string;
  /** What it acts on, catalog included (`catalog analytics, table accounting.paid`). */
  resource: string;
  /** What the body fingerprint covers: the body and the query parameters that change the effect. */
  request: unknown;
  /** The `Idempotency-Key` header (already checked to be a UUID by the dispatcher). */
  key: string | undefined;
}

interface IdempotencyRecord {
  operation: string;
  resource: string;
  fingerprint: string;
  response: { status: number; body?: unknown; headers?: Record<string, string> };
  storedAtMs: number;
}

const RECORDS = 'iceberg-idempotency/';
/** `<EXPIRY><storedAtMs, 16 digits>/<record key>`: records by age, for the sweep. */
const EXPIRY = 'iceberg-idempotency-expiry/';
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 100;

function pad(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(16, '0');
}

function expiryKey(storedAtMs: number, recordKey: string): string {
  return `${EXPIRY}${pad(storedAtMs)}/${recordKey}`;
}

/** Statuses that say something final about the request itself, so a retry must get them again. */
const TERMINAL = new Set([200, 201, 204, 400, 404, 406, 409, 422]);

/**
 * Runs the catalog's mutations, honouring `Idempotency-Key` (spec: "Idempotency", dbwire
 * decisions):
 * - the answer of a finalized request (2xx, deterministic 4xx) is stored in the SAME storage
 *   transaction as the change it reports, so a replay never disagrees with the state, on every
 *   server sharing the engine and across restarts; 5xx (and 401/403/503) are never stored;
 * - a key is bound to the operation, the resource and a fingerprint of the request: any other use
 *   answers 422 `UnprocessableEntityException` saying which part differs;
 * - a duplicate arriving while the first is still running in this process waits for it and then
 *   replays its answer. Across processes the engine serialises them: both read the record key, so
 *   only one commits and the other re-runs, finds the record and replays it;
 * - records expire after `lifetimeMs`: an expired one is treated as absent and overwritten, and a
 *   sweep after keyed requests (at most once a minute per process) deletes expired ones through a
 *   time index, so clients that send a new key with every mutation do not grow storage forever.
 */
export class Mutations {
  private readonly inFlight = new Map<string, Promise<void>>();
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly storage: StorageEngine,
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  /** The answer to `mutation`, running `work` in one storage transaction unless it is a replay. */
  async run(mutation: Mutation, work: (tx: WriteTransaction) => Promise<Outcome>): Promise<ApiResponse> {
    const { key } = mutation;
    if (key === undefined) return this.execute(mutation, undefined, work);
    const recordKey = `${RECORDS}${key.toLowerCase()}`;
    // Wait for a running duplicate; the check and the claim below happen without an await between them.
    for (let running = this.inFlight.get(recordKey); running; running = this.inFlight.get(recordKey)) {
      await running;
    }
    let finished!: () => void;
    this.inFlight.set(
      recordKey,
      new Promise<void>((resolve) => {
        finished = resolve;
      }),
    );
    try {
      return await this.execute(mutation, recordKey, work);
    } finally {
      this.inFlight.delete(recordKey);
      finished();
      await this.sweep();
    }
  }

  private async execute(
    mutation: Mutation,
    recordKey: string | undefined,
    work: (tx: WriteTransaction) => Promise<Outcome>,
  ): Promise<ApiResponse> {
    const fingerprint = recordKey ? base64url(await sha256(canonicalJson(mutation.request))) : '';
    const result: Outcome & { replayed: boolean } = await transact(this.storage, async (tx) => {
      if (recordKey) {
        const record = await getLossless<IdempotencyRecord>(tx, recordKey);
        if (record && this.now() - record.storedAtMs < this.lifetimeMs) {
          return { response: this.replay(record, mutation, fingerprint), replayed: true };
        }
      }
      const tracked = trackWrites(tx);
      let outcome: Outcome;
      try {
        outcome = await work(tracked.tx);
      } catch (error) {
        // A refusal decided before any write commits with its record (reads checked); after a write it rolls back.
        if (!(error instanceof HttpResponseError) || tracked.wrote()) throw error;
        outcome = { response: error.response };
      }
      if (recordKey && TERMINAL.has(outcome.response.status)) {
        const { status, body, headers } = outcome.response;
        const storedAtMs = this.now();
        await putLossless(tx, recordKey, {
          operation: mutation.operation,
          resource: mutation.resource,
          fingerprint,
          response: { status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) },
          storedAtMs,
        } satisfies IdempotencyRecord);
        await tx.put(expiryKey(storedAtMs, recordKey), new Uint8Array());
      }
      return { ...outcome, replayed: false };
    });
    if (!result.replayed && result.afterCommit) await result.afterCommit();
    if (result.response.status >= 400) throw new HttpResponseError(result.response);
    return result.response;
  }

  /**
   * Deletes up to `SWEEP_BATCH` expired records, oldest first. Best effort: a conflict or failure
   * leaves them for the next sweep (a stale record is ignored by `execute` anyway).
   */
  private async sweep(): Promise<void> {
    const now = this.now();
    if (now - this.lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.lastSweepMs = now;
    const cutoff = now - this.lifetimeMs;
    try {
      await this.storage.transact(async (tx) => {
        const expired = await tx.scan({ prefix: EXPIRY, end: `${EXPIRY}${pad(cutoff)}`, limit: SWEEP_BATCH });
        for (const { key } of expired) {
          const recordKey = key.slice(key.indexOf('/', EXPIRY.length) + 1);
          const record = await getLossless<IdempotencyRecord>(tx, recordKey);
          // A key reused after it expired has a newer record (and index entry): keep that one.
          if (record && record.storedAtMs < cutoff) await tx.delete(recordKey);
          await tx.delete(key);
        }
      });
    } catch {
      // Best effort; see above.
    }
  }

  /** The stored answer, or 422 when the key was first used for something else. */
  private replay(record: IdempotencyRecord, mutation: Mutation, fingerprint: string): ApiResponse {
    const problem =
      record.operation !== mutation.operation
        ? `operation ${record.operation}, not ${mutation.operation}`
        : record.resource !== mutation.resource
          ? `${record.resource}, not ${mutation.resource}`
          : record.fingerprint !== fingerprint
            ? 'a request with a different body (or query parameters)'
            : undefined;
    if (problem !== undefined) {
      return icebergErrorResponse(
        422,
        'UnprocessableEntityException',
        `Idempotency-Key ${mutation.key} was already used for ${problem}; use a new key for a new request.`,
      );
    }
    const { status, body, headers } = record.response;
    return {
      status,
      ...(body !== undefined ? { body, contentType: 'application/json' } : {}),
      ...(headers ? { headers } : {}),
    };
  }
}
