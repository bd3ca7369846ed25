import {
  deletePrefix,
  type ReadTransaction,
  type StorageEngine,
  transactWithRetry,
  type WriteTransaction,
} from '@dbwire/storage';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { rowBytes, rowFromBytes } from './keys.js';
import { checkCompatible } from './schema.js';
import { CommittedTables, type PendingWrites, sequenceKey } from './tables.js';
import { Transaction } from './transaction.js';
import type { ChangeSet, MutTx, ReadView, TableSchema } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type CommitListener = (changes: ChangeSet, offset: number) => void;

/**
 * Thrown by `read`/`mutate`/`replace` of a `DatabaseTables` that no longer describes its database:
 * the database was deleted, or republished (here or by another process) with other tables.
 */
export class DatabaseDroppedError extends Error {
  override readonly name = 'DatabaseDroppedError';
}

/** The storage key prefix of a database's datastore: `spacetimedb/db/<identity hex>/`. */
export function databasePrefix(identityHex: string): string {
  return `spacetimedb/db/${identityHex}/`;
}

/** A state the storage engine held at some offset, not yet adopted as `DatabaseTables`' own. */
interface Snapshot {
  readonly committed: CommittedTables;
  readonly offset: number;
}

/**
 * The tables of one database in this process: the committed state in memory, persisted under
 * `spacetimedb/db/<identity>/` (`rows/<table>/<row hex>`, `sequences/<table>/<column>`, `offset`,
 * `schema`).
 *
 * Reads and writes of one database are serialised here. Other processes sharing the storage
 * engine are noticed through `offset`, the commit counter: every storage transaction reads it,
 * and when it differs from the offset of the state in memory, the state is reloaded first. A
 * state loaded inside a storage transaction is adopted only once that transaction commits, since
 * a transaction that loses a conflict may have read a mix of two states.
 *
 * The schemas are fixed for the object's life. A republish builds new `DatabaseTables` for the new
 * schemas and switches to them with `replace`; the storage keeps a fingerprint of the schemas in
 * use (`schema`), so an object whose schemas are no longer the database's (another process
 * republished, or a request still held the old object) refuses to load rows it would misread.
 */
export class DatabaseTables {
  private readonly tableSchemas: readonly TableSchema[];
  /** What `schema` holds in storage while these are the database's tables. */
  private readonly fingerprint: string;
  private state: Snapshot | undefined;
  /** Bumped by `drop` and `replace`: a state loaded before that is never adopted. */
  private generation = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<CommitListener>();
  private isDropped = false;

  constructor(
    readonly identityHex: string,
    schemas: readonly TableSchema[],
  ) {
    this.tableSchemas = schemas;
    this.fingerprint = schemaFingerprint(schemas);
  }

  get schemas(): readonly TableSchema[] {
    return this.tableSchemas;
  }

  /**
   * True once the database was deleted (`drop`), replaced by other tables (`replace`), or found
   * republished by another process: the HTTP layer must forget this object (its calls reject with
   * `DatabaseDroppedError`) and load the database anew.
   */
  get dropped(): boolean {
    return this.isDropped;
  }

  private get prefix(): string {
    return databasePrefix(this.identityHex);
  }

  /** Runs `work` on the committed state, refreshed first when another process committed. */
  read<T>(storage: StorageEngine, work: (view: ReadView) => T): Promise<T> {
    return this.serially(async () => {
      const generation = this.generation;
      const snapshot = await transactWithRetry(storage, (storageTx) => this.current(storageTx));
      this.adopt(snapshot, generation);
      return work(new Transaction(snapshot.committed));
    });
  }

  /**
   * Runs `work` in one storage transaction (see CONTRACT.md): its net changes, the sequences it
   * advanced and the bumped offset are written there, and applied in memory once that commits.
   * A thrown error rolls everything back and is rethrown; a storage conflict runs `work` again on
   * fresh state. A transaction that changed nothing writes nothing and notifies no listener.
   */
  mutate<T>(
    storage: StorageEngine,
    work: (tx: MutTx, storageTx: WriteTransaction) => Promise<T>,
  ): Promise<{ value: T; changes: ChangeSet }> {
    return this.serially(async () => {
      const generation = this.generation;
      const outcome = await transactWithRetry(storage, async (storageTx) => {
        const snapshot = await this.current(storageTx);
        const tx = new Transaction(snapshot.committed);
        const value = await work(tx, storageTx);
        const writes = tx.pendingWrites();
        const sequences = tx.pendingSequences();
        const wrote = writes.length > 0 || sequences.size > 0;
        if (wrote) {
          await this.persist(storageTx, snapshot.committed, writes, sequences);
          await writeOffset(storageTx, this.prefix, snapshot.offset + 1);
        }
        return { value, tx, snapshot, wrote };
      });
      const { value, tx, snapshot, wrote } = outcome;
      snapshot.committed.apply(tx.pendingWrites(), tx.pendingSequences());
      const offset = wrote ? snapshot.offset + 1 : snapshot.offset;
      this.adopt({ committed: snapshot.committed, offset }, generation);
      const changes = tx.changes();
      if (wrote) this.notify(changes, offset);
      return { value, changes };
    });
  }

  /** Calls `listener` after every commit that changed something; returns the unsubscribe function. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Makes these tables the database's, with `work` as their first transaction: creating the
   * database (`previous` undefined) or republishing it over `previous`, the tables it ran until
   * now. One storage transaction holds the switch and `work`'s changes (the HTTP layer writes the
   * module and its record there too through `storageTx`), so either all of it lands or nothing:
   * - `keepRows: false` (create, or republish with `clear=true`): every row and sequence is
   *   deleted and `work` starts from empty tables;
   * - `keepRows: true`: rows and sequences stay and `work` sees them under the new schemas (new
   *   tables empty). Throws when the schemas are not compatible with `previous`'s
   *   (`checkCompatible`); the caller checks that first to answer.
   *
   * The offset is bumped and the schema fingerprint written, so every other holder of the
   * database reloads, and one holding other schemas becomes `dropped`. After the commit
   * `previous` is `dropped`; if anything fails, `previous` stays the database's tables, in
   * storage and in memory, and these tables are to be discarded. Rejects with
   * `DatabaseDroppedError` when `previous` is no longer the database's tables (deleted, or
   * republished meanwhile, here or elsewhere).
   */
  async replace<T>(
    storage: StorageEngine,
    options: { previous: DatabaseTables | undefined; keepRows: boolean },
    work: (tx: MutTx, storageTx: WriteTransaction) => Promise<T>,
  ): Promise<{ value: T; changes: ChangeSet }> {
    const { previous, keepRows } = options;
    if (previous === this) throw new Error('DatabaseTables.replace: previous must be another object');
    if (keepRows && previous !== undefined) {
      const reason = checkCompatible(previous.schemas, this.tableSchemas);
      if (reason !== undefined) throw new Error(`Cannot keep the data of database ${this.identityHex}: ${reason}`);
    }
    const run = () =>
      this.serially(async () => {
        const generation = this.generation;
        const outcome = await transactWithRetry(storage, async (storageTx) => {
          const offset = await readOffset(storageTx, this.prefix);
          const stored = await readFingerprint(storageTx, this.prefix);
          if (previous !== undefined && stored !== undefined && stored !== previous.fingerprint) {
            throw new DatabaseDroppedError(`database ${this.identityHex} was republished meanwhile`);
          }
          let committed: CommittedTables;
          if (keepRows) committed = await this.load(storageTx);
          else {
            await deletePrefix(storageTx, `${this.prefix}rows/`);
            await deletePrefix(storageTx, `${this.prefix}sequences/`);
            committed = new CommittedTables(this.tableSchemas);
          }
          const tx = new Transaction(committed);
          const value = await work(tx, storageTx);
          await this.persist(storageTx, committed, tx.pendingWrites(), tx.pendingSequences());
          // Bumping the offset makes every other holder of this database (in any process) reload.
          await writeOffset(storageTx, this.prefix, offset + 1);
          await storageTx.put(`${this.prefix}schema`, encoder.encode(this.fingerprint));
          return { value, tx, committed, offset: offset + 1 };
        });
        const { value, tx, committed, offset } = outcome;
        committed.apply(tx.pendingWrites(), tx.pendingSequences());
        this.adopt({ committed, offset }, generation);
        previous?.retire();
        const changes = tx.changes();
        if (changes.tables.length > 0) this.notify(changes, offset);
        return { value, changes };
      });
    // Inside `previous`'s queue: its reads and writes in flight finish first, later ones reject.
    return previous === undefined ? run() : previous.serially(run);
  }

  /**
   * The database is deleted: removes its datastore keys in `storageTx` (the HTTP layer removes its
   * own) and marks this object dropped, so later `read`/`mutate` calls reject.
   */
  async drop(storageTx: WriteTransaction): Promise<void> {
    for (const part of ['rows/', 'sequences/', 'offset', 'schema']) {
      await deletePrefix(storageTx, this.prefix + part);
    }
    this.retire();
  }

  /** This object no longer describes the database: later `read`/`mutate`/`replace` calls reject. */
  private retire(): void {
    this.isDropped = true;
    this.generation++;
    this.state = undefined;
  }

  /** The state as of the storage transaction: the one in memory when its offset is current, else a fresh load. */
  private async current(storageTx: ReadTransaction): Promise<Snapshot> {
    const offset = await readOffset(storageTx, this.prefix);
    if (this.state !== undefined && this.state.offset === offset) return this.state;
    // Every schema switch bumps the offset, so the fingerprint needs a look only when reloading.
    const stored = await readFingerprint(storageTx, this.prefix);
    if (stored !== undefined && stored !== this.fingerprint) {
      // Only a committed republish writes another fingerprint: these schemas are gone for good.
      this.retire();
      throw new DatabaseDroppedError(`database ${this.identityHex} was republished with other tables`);
    }
    return { committed: await this.load(storageTx), offset };
  }

  private async load(storageTx: ReadTransaction): Promise<CommittedTables> {
    const committed = new CommittedTables(this.tableSchemas);
    for (const table of this.tableSchemas) {
      const rowsPrefix = `${this.prefix}rows/${table.name}/`;
      const rows = committed.rowsOf(table.id);
      for (const entry of await storageTx.scan({ prefix: rowsPrefix })) {
        rows.insert(entry.key.slice(rowsPrefix.length), rowFromBytes(table, entry.value));
      }
      for (const sequence of table.sequences) {
        const column = table.columns[sequence.column];
        if (column === undefined) continue;
        const next = await storageTx.get(`${this.prefix}sequences/${table.name}/${column.name}`);
        if (next !== undefined)
          committed.sequences.set(sequenceKey(table.id, sequence.column), BigInt(decoder.decode(next)));
      }
    }
    return committed;
  }

  private async persist(
    storageTx: WriteTransaction,
    committed: CommittedTables,
    writes: readonly PendingWrites[],
    sequences: ReadonlyMap<string, bigint>,
  ): Promise<void> {
    for (const { tableId, inserted, deleted } of writes) {
      const table = committed.rowsOf(tableId).schema;
      const rowsPrefix = `${this.prefix}rows/${table.name}/`;
      for (const key of deleted.keys()) await storageTx.delete(rowsPrefix + key);
      for (const [key, row] of inserted) await storageTx.put(rowsPrefix + key, rowBytes(table, row));
    }
    for (const table of committed.tables) {
      for (const sequence of table.sequences) {
        const next = sequences.get(sequenceKey(table.id, sequence.column));
        const column = table.columns[sequence.column];
        if (next === undefined || column === undefined) continue;
        await storageTx.put(`${this.prefix}sequences/${table.name}/${column.name}`, encoder.encode(next.toString()));
      }
    }
  }

  private adopt(snapshot: Snapshot, generation: number): void {
    // A `replace` or `drop` since the work began makes its state obsolete.
    if (generation === this.generation && !this.isDropped) this.state = snapshot;
  }

  private notify(changes: ChangeSet, offset: number): void {
    for (const listener of this.listeners) {
      try {
        listener(changes, offset);
      } catch (error) {
        // A failing subscriber must not undo or fail a commit that is already durable.
        console.error('spacetimedb datastore: a commit listener failed', error);
      }
    }
  }

  /** Runs `work` after every earlier read and write of this database in this process. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.isDropped) throw new DatabaseDroppedError(`database ${this.identityHex} was deleted`);
      return work();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function readOffset(storageTx: ReadTransaction, prefix: string): Promise<number> {
  const bytes = await storageTx.get(`${prefix}offset`);
  return bytes === undefined ? 0 : Number(decoder.decode(bytes));
}

async function readFingerprint(storageTx: ReadTransaction, prefix: string): Promise<string | undefined> {
  const bytes = await storageTx.get(`${prefix}schema`);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

/**
 * SHA-256 (hex) of the schemas as JSON: equal schemas give equal fingerprints in every process.
 * A database created before fingerprints were kept has none; it is written by the next switch.
 */
function schemaFingerprint(schemas: readonly TableSchema[]): string {
  const json = JSON.stringify(schemas, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
  return bytesToHex(sha256(encoder.encode(json)));
}

function writeOffset(storageTx: WriteTransaction, prefix: string, offset: number): Promise<void> {
  return storageTx.put(`${prefix}offset`, encoder.encode(String(offset)));
}
