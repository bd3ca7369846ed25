import {
  ConflictError,
  checkKey,
  checkScan,
  compareKeys,
  type Entry,
  inScan,
  type ScanOptions,
  type StorageEngine,
  type WriteTransaction,
} from './engine.js';

interface Versioned {
  value: Uint8Array;
  /** The commit sequence number that wrote this version. */
  version: number;
}

/** The keys one commit wrote (put or deleted), for checking scans of transactions it overlapped. */
interface CommitRecord {
  version: number;
  keys: string[];
}

/** Below this many new or removed keys, a commit patches the sorted key list instead of re-sorting it. */
const PATCH_LIMIT = 64;

/**
 * An in-process engine: fast, for tests, mocks and browsers. Optimistic concurrency as the
 * interface describes; data lives as long as the engine object.
 *
 * Reads validate by version: a key a transaction read must still have the version it saw (0 for
 * absent). Scans validate against the log of commits made since the transaction started, which is
 * pruned as soon as no running transaction is that old, so neither check walks the whole store.
 */
export class MemoryEngine implements StorageEngine {
  readonly name = 'memory';
  private readonly data = new Map<string, Versioned>();
  /** Live keys in code point order; rebuilt lazily after large commits. */
  private sortedKeys: string[] = [];
  private sorted = true;
  private commitSequence = 0;
  private commitLog: CommitRecord[] = [];
  /** Start versions of running transactions (version -> count), to prune the commit log. */
  private readonly running = new Map<number, number>();

  async transact<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const start = this.commitSequence;
    this.running.set(start, (this.running.get(start) ?? 0) + 1);
    try {
      const tx = new MemoryTransaction(this, start);
      const result = await work(tx);
      this.commit(tx);
      return result;
    } finally {
      const count = (this.running.get(start) ?? 1) - 1;
      if (count === 0) this.running.delete(start);
      else this.running.set(start, count);
      this.pruneLog();
    }
  }

  async close(): Promise<void> {}

  /** The latest committed version of a key. */
  readCommitted(key: string): Versioned | undefined {
    return this.data.get(key);
  }

  /** Live keys within the scan's bounds, in order (found by binary search, not a full walk). */
  keysInRange(options: ScanOptions): string[] {
    const keys = this.keysInOrder();
    const lower = [options.prefix, options.start]
      .filter((bound): bound is string => bound !== undefined)
      .reduce((a, b) => (compareKeys(a, b) >= 0 ? a : b), '');
    const found: string[] = [];
    for (let i = lowerBound(keys, lower); i < keys.length; i++) {
      const key = keys[i] as string;
      if (options.end !== undefined && compareKeys(key, options.end) >= 0) break;
      if (options.prefix !== undefined && !key.startsWith(options.prefix)) {
        if (compareKeys(key, options.prefix) > 0) break;
        continue;
      }
      found.push(key);
    }
    return found;
  }

  private keysInOrder(): string[] {
    if (!this.sorted) {
      this.sortedKeys = [...this.data.keys()].sort(compareKeys);
      this.sorted = true;
    }
    return this.sortedKeys;
  }

  private commit(tx: MemoryTransaction): void {
    // Validation and apply run without an await in between: atomic on the event loop.
    for (const [key, seenVersion] of tx.readVersions) {
      if ((this.data.get(key)?.version ?? 0) !== seenVersion) throw new ConflictError();
    }
    if (tx.scans.length > 0) {
      for (const commit of this.commitLog) {
        if (commit.version <= tx.startVersion) continue;
        if (commit.keys.some((key) => tx.scans.some((scan) => inScan(key, scan)))) throw new ConflictError();
      }
    }
    if (tx.writes.size === 0) return;
    const version = ++this.commitSequence;
    const added: string[] = [];
    const removed = new Set<string>();
    for (const [key, value] of tx.writes) {
      const existed = this.data.has(key);
      if (value === undefined) {
        if (existed) {
          this.data.delete(key);
          removed.add(key);
        }
      } else {
        this.data.set(key, { value, version });
        if (!existed) added.push(key);
      }
    }
    this.updateSortedKeys(added, removed);
    this.commitLog.push({ version, keys: [...tx.writes.keys()] });
  }

  private updateSortedKeys(added: string[], removed: Set<string>): void {
    if (!this.sorted) return;
    if (added.length + removed.size > PATCH_LIMIT) {
      this.sorted = false;
      return;
    }
    if (removed.size > 0) this.sortedKeys = this.sortedKeys.filter((key) => !removed.has(key));
    for (const key of added) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
  }

  /** Drops log entries no running transaction can still be checked against. */
  private pruneLog(): void {
    if (this.running.size === 0) {
      this.commitLog = [];
      return;
    }
    const oldest = Math.min(...this.running.keys());
    if (this.commitLog.length > 0 && (this.commitLog[0] as CommitRecord).version <= oldest) {
      this.commitLog = this.commitLog.filter((commit) => commit.version > oldest);
    }
  }
}

class MemoryTransaction implements WriteTransaction {
  readonly readVersions = new Map<string, number>();
  readonly scans: ScanOptions[] = [];
  readonly writes = new Map<string, Uint8Array | undefined>();

  constructor(
    private readonly engine: MemoryEngine,
    readonly startVersion: number,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    if (this.writes.has(key)) return copy(this.writes.get(key));
    const current = this.engine.readCommitted(key);
    this.noteRead(key, current);
    return copy(current?.value);
  }

  async scan(options: ScanOptions): Promise<Entry[]> {
    checkScan(options);
    this.scans.push({ ...options });
    const merged = new Map<string, Uint8Array | undefined>();
    for (const key of this.engine.keysInRange(options)) {
      const current = this.engine.readCommitted(key);
      this.noteRead(key, current);
      merged.set(key, current?.value);
    }
    for (const [key, value] of this.writes) if (inScan(key, options)) merged.set(key, value);
    const keys = [...merged.keys()].sort(compareKeys);
    if (options.reverse) keys.reverse();
    const entries: Entry[] = [];
    for (const key of keys) {
      if (options.limit !== undefined && entries.length >= options.limit) break;
      const value = merged.get(key);
      if (value !== undefined) entries.push({ key, value: copy(value) as Uint8Array });
    }
    return entries;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    this.writes.set(key, copy(value));
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.writes.set(key, undefined);
  }

  private noteRead(key: string, current: Versioned | undefined): void {
    if (!this.readVersions.has(key)) this.readVersions.set(key, current?.version ?? 0);
  }
}

/** The index of the first key not below `key`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(keys[middle] as string, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function copy(value: Uint8Array | undefined): Uint8Array | undefined {
  return value === undefined ? undefined : value.slice();
}
