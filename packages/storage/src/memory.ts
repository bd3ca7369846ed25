import {
  ConflictError,
  compareKeys,
  type Entry,
  inScan,
  type ScanOptions,
  type StorageEngine,
  type WriteTransaction,
} from './engine.js';

interface Versioned {
  /** `undefined` marks a deletion, kept so conflict checks see it. */
  value: Uint8Array | undefined;
  /** The commit sequence number that wrote this version. */
  version: number;
}

/**
 * An in-process engine: fast, for tests, mocks and browsers. Optimistic concurrency as the
 * interface describes; data lives as long as the engine object.
 */
export class MemoryEngine implements StorageEngine {
  readonly name = 'memory';
  /** Latest version of every key ever written, including deletions. */
  private readonly data = new Map<string, Versioned>();
  /** Keys in code point order, rebuilt lazily after inserts. */
  private sortedKeys: string[] = [];
  private sorted = true;
  private commitSequence = 0;

  async transact<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const tx = new MemoryTransaction(this, this.commitSequence);
    const result = await work(tx);
    this.commit(tx);
    return result;
  }

  async close(): Promise<void> {}

  /** The latest committed version of a key. */
  readCommitted(key: string): Versioned | undefined {
    return this.data.get(key);
  }

  keysInOrder(): string[] {
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
      for (const [key, current] of this.data) {
        if (current.version > tx.startVersion && tx.scans.some((scan) => inScan(key, scan))) {
          throw new ConflictError();
        }
      }
    }
    if (tx.writes.size === 0) return;
    const version = ++this.commitSequence;
    for (const [key, value] of tx.writes) {
      if (!this.data.has(key)) this.sorted = false;
      this.data.set(key, { value, version });
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
    if (this.writes.has(key)) return copy(this.writes.get(key));
    const current = this.engine.readCommitted(key);
    this.noteRead(key, current);
    return copy(current?.value);
  }

  async scan(options: ScanOptions): Promise<Entry[]> {
    this.scans.push({ ...options });
    const merged = new Map<string, Uint8Array | undefined>();
    for (const key of this.engine.keysInOrder()) {
      if (!inScan(key, options)) continue;
      const current = this.engine.readCommitted(key);
      this.noteRead(key, current);
      merged.set(key, current?.value);
    }
    for (const [key, value] of this.writes) if (inScan(key, options)) merged.set(key, value);
    const keys = [...merged.keys()].sort(compareKeys);
    if (options.reverse) keys.reverse();
    const entries: Entry[] = [];
    for (const key of keys) {
      const value = merged.get(key);
      if (value === undefined) continue;
      entries.push({ key, value: copy(value) as Uint8Array });
      if (options.limit !== undefined && entries.length >= options.limit) break;
    }
    return entries;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.writes.set(key, copy(value));
  }

  async delete(key: string): Promise<void> {
    this.writes.set(key, undefined);
  }

  private noteRead(key: string, current: Versioned | undefined): void {
    if (!this.readVersions.has(key)) this.readVersions.set(key, current?.version ?? 0);
  }
}

function copy(value: Uint8Array | undefined): Uint8Array | undefined {
  return value === undefined ? undefined : value.slice();
}
