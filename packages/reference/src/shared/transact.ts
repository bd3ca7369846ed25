import { HttpResponseError } from '@dbwire/server-stubs';
import { type StorageEngine, transactWithRetry, type WriteTransaction } from '@dbwire/storage';

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

/** A documented refusal carried out of the transaction, so the transaction commits (and checks its reads) first. */
class Refusal {
  constructor(readonly error: HttpResponseError) {}
}

/**
 * Runs a request's `work` in one storage transaction (its writes land together or not at all),
 * from scratch again when a concurrent commit conflicts with it (`transactWithRetry`).
 *
 * A documented refusal (`HttpResponseError`) thrown before `work` wrote anything still commits the
 * read-only transaction before it is answered: the engine then checks the reads, so a 404, 409 or
 * 422 is never decided on a mix of two states, and a conflict re-runs the work instead. When every
 * attempt loses, the last `ConflictError` is thrown: each API words that in its own way.
 */
export async function transactRequest<T>(
  storage: StorageEngine,
  work: (tx: WriteTransaction) => Promise<T>,
  attempts?: number,
): Promise<T> {
  const outcome = await transactWithRetry(
    storage,
    async (tx): Promise<T | Refusal> => {
      const tracked = trackWrites(tx);
      try {
        return await work(tracked.tx);
      } catch (error) {
        if (error instanceof HttpResponseError && !tracked.wrote()) return new Refusal(error);
        throw error;
      }
    },
    attempts,
  );
  if (outcome instanceof Refusal) throw outcome.error;
  return outcome;
}
