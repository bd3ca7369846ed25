import { type ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import { ConflictError, type StorageEngine, transactWithRetry, type WriteTransaction } from '@dbwire/storage';

/** What a unit of work decided: the answer, and what to do once its writes are committed. */
export interface Outcome {
  response: ApiResponse;
  /** Runs after the transaction committed, and only when the work ran (never on a replay). */
  afterCommit?: () => Promise<void>;
}

/** An answer decided inside a transaction that wrote nothing: committed (so its reads are checked) before it is given. */
export interface Refused {
  refused: ApiResponse;
}

/**
 * A write transaction that remembers whether anything was written, so that a refusal thrown
 * before the first write can still commit (its reads then get checked) while one thrown after a
 * write rolls everything back.
 */
export function trackWrites(tx: WriteTransaction): { tx: WriteTransaction; wrote: () => boolean } {
  let wrote = false;
  return {
    tx: {
      get: (key) => tx.get(key),
      scan: (options) => tx.scan(options),
      put: (key, value) => {
        wrote = true;
        return tx.put(key, value);
      },
      delete: (key) => {
        wrote = true;
        return tx.delete(key);
      },
    },
    wrote: () => wrote,
  };
}

/**
 * Runs `work` in one storage transaction, from scratch again when a concurrent commit conflicts
 * with it (`transactWithRetry`): every answer, a refusal included, is decided on one consistent
 * state. A commit re-run this way re-checks its requirements against the new state, which is the
 * spec's server-side retry. Losing every attempt answers 503 `SlowDownException`: nothing was
 * written, so the client may retry.
 */
export async function transact<T>(storage: StorageEngine, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  let result: T | Refused;
  try {
    result = await transactWithRetry(storage, async (tx) => {
      const tracked = trackWrites(tx);
      try {
        return await work(tracked.tx);
      } catch (error) {
        if (error instanceof HttpResponseError && !tracked.wrote()) return { refused: error.response } as Refused;
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof ConflictError) throw busy();
    throw error;
  }
  if (isRefused(result)) throw new HttpResponseError(result.refused);
  return result;
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

export function busy(): HttpResponseError {
  return icebergError(
    503,
    'SlowDownException',
    'The request lost every attempt to concurrent writers; nothing was applied. Retry later.',
    { 'retry-after': '1' },
  );
}
