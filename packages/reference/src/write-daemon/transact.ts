import { HttpResponseError } from '@dbwire/server-stubs';
import { ConflictError, type StorageEngine, type WriteTransaction } from '@dbwire/storage';

/**
 * Attempts before a request gives up on a namespace under contention. In-process writers are
 * already serialised per namespace (./mutex.ts), so conflicts come from other processes sharing
 * the engine; each round has a winner, so this covers dozens of competing processes.
 */
const ATTEMPTS = 50;
const BASE_BACKOFF_MS = 1;
const MAX_BACKOFF_MS = 25;

/** The answer decided inside a transaction, carried out of it so that the reads are checked first. */
class Refusal {
  constructor(readonly error: HttpResponseError) {}
}

/**
 * Runs `work` in one storage transaction (so a request's writes land together or not at all),
 * again from scratch with a short jittered backoff when a concurrent commit conflicts with it.
 *
 * A documented refusal (`HttpResponseError`) thrown before `work` wrote anything still commits the
 * (read-only) transaction before it is answered: the engine then checks the reads, so a 404, 409
 * or 422 is never decided on a mix of two states; a conflict re-runs the work instead.
 */
export async function transact<T>(storage: StorageEngine, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await storage.transact(async (tx) => {
        let wrote = false;
        const tracked: WriteTransaction = {
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
        };
        try {
          return await work(tracked);
        } catch (error) {
          if (error instanceof HttpResponseError && !wrote) return new Refusal(error);
          throw error;
        }
      });
      if (outcome instanceof Refusal) throw outcome.error;
      return outcome;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new Error(`The request lost ${ATTEMPTS} times in a row to concurrent writers; nothing was applied.`);
      }
      const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempt, 5));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
