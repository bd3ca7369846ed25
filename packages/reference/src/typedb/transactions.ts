import { errors } from './errors.js';
import { laterTimer, SchemaLock } from './schema-lock.js';
import type { TransactionState } from './typeql/api.js';

export type TransactionType = 'read' | 'write' | 'schema';

export interface TransactionOptions {
  transactionTimeoutMillis: number;
  schemaLockAcquireTimeoutMillis: number;
}

export const DEFAULT_TRANSACTION_OPTIONS: TransactionOptions = {
  transactionTimeoutMillis: 300_000,
  schemaLockAcquireTimeoutMillis: 10_000,
};

export interface OpenTransaction {
  readonly id: string;
  readonly owner: string;
  readonly database: string;
  readonly type: TransactionType;
  /** Absolute deadline (ms since epoch): the transaction's lifetime counts from open, not from its last use. */
  readonly deadline: number;
  /** The query engine's working state: the snapshot at open plus this transaction's writes. */
  readonly work: TransactionState;
  /** The version of the snapshot it began on, for isolation checks at commit. */
  readonly startVersion: number;
  /** Which incarnation of the database it began on (one deleted and created again is another). */
  readonly incarnation: string;
}

/** What a transaction starts from, taken once its lock is held (so it sees what the holder before it committed). */
export interface TransactionStart {
  work: TransactionState;
  startVersion: number;
  incarnation: string;
}

interface Entry extends OpenTransaction {
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The server's open transactions: ids, owners, lifetimes and the per-database schema lock. State
 * lives in memory, as in TypeDB, so a restart closes every transaction.
 */
export class TransactionRegistry {
  private readonly open = new Map<string, Entry>();
  /** Taken out of service but still committing: their snapshots still count as read. */
  private readonly finishing = new Set<Entry>();
  private readonly locks = new Map<string, SchemaLock>();

  constructor(private readonly now: () => number) {}

  async openTransaction(
    owner: string,
    database: string,
    type: TransactionType,
    options: TransactionOptions,
    begin: () => Promise<TransactionStart>,
  ): Promise<OpenTransaction> {
    if (type !== 'read') {
      await this.lockFor(database).acquire(type, options.schemaLockAcquireTimeoutMillis, () =>
        errors.schemaLockTimeout(),
      );
    }
    let start: TransactionStart;
    try {
      start = await begin();
    } catch (error) {
      if (type !== 'read') this.releaseLock(database, type);
      throw error;
    }
    const id = crypto.randomUUID();
    const lifetime = options.transactionTimeoutMillis;
    const entry: Entry = {
      id,
      owner,
      database,
      type,
      ...start,
      deadline: this.now() + lifetime,
      timer: undefined as unknown as ReturnType<typeof setTimeout>,
    };
    // At the deadline the transaction closes and its writes are discarded.
    this.armDeadline(entry);
    this.open.set(id, entry);
    return entry;
  }

  /**
   * The transaction a request names, checked for the caller: 404 `TSV12` when it is not open
   * (unknown, closed, committed or timed out), 403 `SRV2` when another user opened it.
   */
  use(id: string, caller: string): OpenTransaction {
    const entry = this.open.get(canonicalId(id));
    if (!entry || entry.deadline <= this.now()) {
      if (entry) this.close(id);
      throw errors.noOpenTransaction();
    }
    if (entry.owner !== caller) throw errors.notPermitted();
    return entry;
  }

  /** Closes and releases the lock. Unknown ids are fine: closing is idempotent. */
  close(id: string): void {
    this.take(id)();
  }

  /**
   * Takes the transaction out of service (later requests get 404 `TSV12`) and returns what
   * releases its lock. A commit holds the lock until its changes are published, so the next
   * writer in line begins on a snapshot that includes them.
   */
  take(id: string): () => void {
    const entry = this.open.get(canonicalId(id));
    if (!entry) return () => {};
    this.open.delete(entry.id);
    clearTimeout(entry.timer);
    this.finishing.add(entry);
    const type = entry.type;
    return () => {
      this.finishing.delete(entry);
      if (type !== 'read') this.releaseLock(entry.database, type);
    };
  }

  /**
   * The version of the oldest snapshot an open (or committing) transaction on `database` began
   * on: commits after it must stay at hand for its isolation check.
   */
  oldestOpenVersion(database: string): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const entry of [...this.open.values(), ...this.finishing]) {
      if (entry.database === database) oldest = Math.min(oldest, entry.startVersion);
    }
    return oldest;
  }

  /** The owner of a still-open transaction, if it is open. */
  ownerOf(id: string): string | undefined {
    return this.open.get(canonicalId(id))?.owner;
  }

  hasOpenTransactions(database: string): boolean {
    for (const entry of this.open.values()) if (entry.database === database) return true;
    return false;
  }

  closeAllOf(owner: string): void {
    for (const entry of [...this.open.values()]) if (entry.owner === owner) this.close(entry.id);
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  private armDeadline(entry: Entry): void {
    entry.timer = laterTimer(entry.deadline - this.now(), () => {
      if (this.open.get(entry.id) !== entry) return;
      if (entry.deadline <= this.now()) this.close(entry.id);
      else this.armDeadline(entry);
    });
  }

  private releaseLock(database: string, kind: 'write' | 'schema'): void {
    const lock = this.lockFor(database);
    lock.release(kind);
    if (lock.idle) this.locks.delete(database);
  }

  private lockFor(database: string): SchemaLock {
    let lock = this.locks.get(database);
    if (!lock) {
      lock = new SchemaLock();
      this.locks.set(database, lock);
    }
    return lock;
  }
}

/** UUIDs compare case-insensitively and may carry a `urn:uuid:` prefix; ids are issued lower-case. */
function canonicalId(id: string): string {
  return id.toLowerCase().replace(/^urn:uuid:/, '');
}
