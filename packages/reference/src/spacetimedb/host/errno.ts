import { DatastoreError } from '../datastore/types.js';

/**
 * The errnos host calls return (`spacetimedb_primitives::errno`); 0 is success. Codes 13, 17..21
 * (schedules, procedure transactions, HTTP) are never returned by this host.
 */
export const Errno = {
  HOST_CALL_FAILURE: 1,
  NOT_IN_TRANSACTION: 2,
  BSATN_DECODE_ERROR: 3,
  NO_SUCH_TABLE: 4,
  NO_SUCH_INDEX: 5,
  NO_SUCH_ITER: 6,
  NO_SUCH_CONSOLE_TIMER: 7,
  NO_SUCH_BYTES: 8,
  NO_SPACE: 9,
  WRONG_INDEX_ALGO: 10,
  BUFFER_TOO_SMALL: 11,
  UNIQUE_ALREADY_EXISTS: 12,
  INDEX_NOT_UNIQUE: 14,
  NO_SUCH_ROW: 15,
  AUTO_INC_OVERFLOW: 16,
} as const;

/** A host call's failure the module is told about through an errno (no trap). */
export class HostCallError extends Error {
  override readonly name = 'HostCallError';
  constructor(
    readonly errno: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A misuse of the ABI that makes the real host trap (a NULL or out-of-bounds pointer, invalid
 * UTF-8 in a name, a column count that is not a u16). Thrown through the guest to `callReducer`,
 * which reports the call as trapped.
 */
export class AbiTrap extends Error {
  override readonly name = 'AbiTrap';
}

const DATASTORE_ERRNOS: Record<DatastoreError['code'], number> = {
  NO_SUCH_TABLE: Errno.NO_SUCH_TABLE,
  NO_SUCH_INDEX: Errno.NO_SUCH_INDEX,
  UNIQUE_ALREADY_EXISTS: Errno.UNIQUE_ALREADY_EXISTS,
  NO_SUCH_ROW: Errno.NO_SUCH_ROW,
  // The real host turns a sequence overflow into a trap (err_to_errno has no arm for it); the
  // errno exists in the ABI, and returning it lets the module report a clear error instead.
  AUTO_INC_OVERFLOW: Errno.AUTO_INC_OVERFLOW,
  INDEX_NOT_UNIQUE: Errno.INDEX_NOT_UNIQUE,
};

/**
 * Runs a host call's body and returns 0, or the errno of the failure it threw. Anything that is
 * not a known failure (an `AbiTrap`, a bug) propagates and traps the guest, as the real host's
 * internal errors do.
 */
export function errnoOf(body: () => void): number {
  try {
    body();
    return 0;
  } catch (error) {
    if (error instanceof HostCallError) return error.errno;
    if (error instanceof DatastoreError) return DATASTORE_ERRNOS[error.code];
    throw error;
  }
}
