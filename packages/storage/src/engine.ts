/**
 * The storage engine interface every API's reference logic runs on: an ordered key-value store
 * with optimistic transactions.
 *
 * - Keys are strings, ordered by Unicode code point (the same order as their UTF-8 bytes, so SQL
 *   engines can keep them in a `COLLATE "C"` text column).
 * - Keys must be well-formed Unicode (see `checkKey`).
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

/**
 * A key that is not well-formed Unicode (a lone UTF-16 surrogate) has no UTF-8 form, so SQL engines
 * could not store it distinctly; every engine refuses it with this error, so behaviour is the same
 * on all of them. Reference logic validates names before they become keys.
 */
export class InvalidKeyError extends TypeError {
  override readonly name = 'InvalidKeyError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws `InvalidKeyError` unless `key` is well-formed Unicode. */
export function checkKey(key: string): void {
  if (LONE_SURROGATE.test(key))
    throw new InvalidKeyError(`Storage key ${JSON.stringify(key)} is not well-formed Unicode.`);
}

/** Checks a scan's key bounds (`checkKey`) and limit. */
export function checkScan(options: ScanOptions): void {
  for (const bound of [options.prefix, options.start, options.end]) if (bound !== undefined) checkKey(bound);
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit >= 0)) {
    throw new RangeError(`Scan limit must be a non-negative integer, got ${options.limit}.`);
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
