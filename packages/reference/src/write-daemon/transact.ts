import { ConflictError, type StorageEngine, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';

/**
 * Attempts before a request gives up on a namespace under contention. In-process writers are
 * already serialised per namespace (./mutex.ts), so conflicts come from other processes sharing
 * the engine; each round has a winner, so this covers dozens of competing processes.
 */
const ATTEMPTS = 50;

/** One request's work in one storage transaction (`transactRequest`), with the daemon's patience. */
export async function transact<T>(storage: StorageEngine, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  try {
    return await transactRequest(storage, work, ATTEMPTS);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    throw new Error(`The request lost ${ATTEMPTS} times in a row to concurrent writers; nothing was applied.`);
  }
}
