/**
 * The storage engine interface every API's reference logic runs on: an ordered key-value store
 * with optimistic transactions.
 *
 * - Keys are strings, ordered by Unicode code point (the same order as their UTF-8 bytes, so SQL
 *   engines can keep them in a `COLLATE "C"` text column).
 * - Values are bytes; `getJson`/`putJson` in ./json.ts cover the common case.
 * - A transaction sees committed data plus its own writes. At commit, if anything it read (a key or
 *   a scanned range) was changed by a transaction that committed after it started, the commit fails
 *   with `ConflictError` and nothing is written. Committed transactions are therefore serializable;
 *   a transaction that ends in a conflict may have read a mix of states, and its result is dropped.
 */
export interface ScanOptions {
  /** Only keys starting with this prefix. */
  prefix?: string;
  /** Inclusive lower bound. */
  start?: string;
  /** Exclusive upper bound. */
  end?: string;
  /** Newest-first (descending key order). */
  reverse?: boolean;
  /** At most this many entries. */
  limit?: number;
}

export interface Entry {
  key: string;
  value: Uint8Array;
}

export interface ReadTransaction {
  get(key: string): Promise<Uint8Array | undefined>;
  scan(options: ScanOptions): Promise<Entry[]>;
}

export interface WriteTransaction extends ReadTransaction {
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface StorageEngine {
  /** A short name for logs: `memory`, `pglite`, `postgres`. */
  readonly name: string;
  /**
   * Runs `work` in a transaction and commits it when `work` resolves. If `work` throws, nothing is
   * written and the error is rethrown. A conflicting concurrent commit makes this reject with
   * `ConflictError`; callers decide whether to retry.
   */
  transact<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T>;
  /** Releases the engine's resources. */
  close(): Promise<void>;
}

/** A commit lost against a concurrent transaction that changed what this one read. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(message = 'The transaction conflicts with a concurrent commit.') {
    super(message);
  }
}

/** Compares keys by Unicode code point, i.e. by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Whether `key` falls inside the scan's prefix and bounds. */
export function inScan(key: string, options: ScanOptions): boolean {
  if (options.prefix !== undefined && !key.startsWith(options.prefix)) return false;
  if (options.start !== undefined && compareKeys(key, options.start) < 0) return false;
  if (options.end !== undefined && compareKeys(key, options.end) >= 0) return false;
  return true;
}
