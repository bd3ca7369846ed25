import { ConflictError, type StorageEngine, type WriteTransaction } from './engine.js';

/**
 * Runs `work` in a transaction, running it again (from scratch) when it loses a conflict. For
 * operations whose outcome does not depend on which concurrent writer wins first, such as
 * "create if absent" or "append".
 */
export async function transactWithRetry<T>(
  engine: StorageEngine,
  work: (tx: WriteTransaction) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await engine.transact(work);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
