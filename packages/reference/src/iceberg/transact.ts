import type { ApiResponse, HttpResponseError } from '@dbwire/server-stubs';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import { ConflictError, type StorageEngine, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';

/** What a unit of work decided: the answer, and what to do once its writes are committed. */
export interface Outcome {
  response: ApiResponse;
  /** Runs after the transaction committed, and only when the work ran (never on a replay). */
  afterCommit?: () => Promise<void>;
}

/**
 * Runs `work` in one storage transaction, from scratch again when a concurrent commit conflicts
 * with it (`transactRequest`): every answer, a refusal included, is decided on one consistent
 * state. A commit re-run this way re-checks its requirements against the new state, which is the
 * spec's server-side retry. Losing every attempt answers 503 `SlowDownException`: nothing was
 * written, so the client may retry.
 */
export async function transact<T>(storage: StorageEngine, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  try {
    return await transactRequest(storage, work);
  } catch (error) {
    if (error instanceof ConflictError) throw busy();
    throw error;
  }
}

export function busy(): HttpResponseError {
  return icebergError(
    503,
    'SlowDownException',
    'The request lost every attempt to concurrent writers; nothing was applied. Retry later.',
    { 'retry-after': '1' },
  );
}
