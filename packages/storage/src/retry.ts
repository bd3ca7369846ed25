import { ConflictError, type StorageEngine, type WriteTransaction } from './engine.js';

/** Attempts `transactWithRetry` makes by default. */
export const DEFAULT_ATTEMPTS = 20;

/**
 * Runs `work` in a transaction, running it again (from scratch) when it loses a conflict, after a
 * jittered exponential backoff (up to 50 ms) so that writers colliding on one key spread out
 * instead of colliding again. For operations whose outcome does not depend on which concurrent
 * writer wins first, such as "create if absent", "append" or a read-only snapshot. The last
 * attempt's `ConflictError` is rethrown.
 */
export async function transactWithRetry<T>(
  engine: StorageEngine,
  work: (tx: WriteTransaction) => Promise<T>,
  attempts = DEFAULT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await engine.transact(work);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}
