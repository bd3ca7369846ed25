import {
  deletePrefix,
  type Entry,
  type ReadTransaction,
  type StorageEngine,
  transactWithRetry,
  type WriteTransaction,
} from '@dbwire/storage';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '../../shared/crypto.js';
import { rowBytesOfKey, rowFromBytes, rowStorageKey } from './keys.js';
import { checkCompatible } from './schema.js';
import { CommittedTables, type PendingWrites, sequenceKey } from './tables.js';
import { Transaction } from './transaction.js';
import type { ChangeSet, CommitEvent, CommitOrigin, MutTx, ReadView, TableSchema } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Called synchronously inside the database's queue after each commit that changed something, in
 * commit order. The event is a `ChangeSet` and the offset comes again as the second argument, so
 * listeners written as `(changes, offset)` keep working.
 */
export type CommitListener = (event: CommitEvent, offset: number) => void;

/** Why tables stopped being the database's: deleted, or replaced by a republish (here or elsewhere). */
export type RetireReason = 'deleted' | 'replaced';
export type RetireListener = (reason: RetireReason) => void;

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

/**
 * Where the database's history stands, as its `offset` key says: `<commit counter> <incarnation>`.
 * The incarnation is random, made when the database first commits and again by every `replace`
 * that drops the rows, so a database deleted and created anew (whose counter restarts) never
 * looks like the one a process has in memory. `incarnation` is undefined when there is no
 * `offset` key (nothing committed yet, or the database was deleted), and '' for a database
 * written before incarnations were kept (its next `replace` gives it one).
 */
interface Position {
  readonly offset: number;
  readonly incarnation: string | undefined;
}

/** A state the storage engine held at some position, not yet adopted as `DatabaseTables`' own. */
interface Snapshot extends Position {
  readonly committed: CommittedTables;
}

/**
 * The tables of one database in this process: the committed state in memory, persisted under
 * `spacetimedb/db/<identity>/` (`rows/<table>/<SHA-256 of the row>`, `sequences/<table>/<column>`,
 * `offset`, `schema`).
 *
 * Reads and writes of one database are serialised here. Other processes sharing the storage
 * engine are noticed through `offset`, the commit counter and incarnation (`Position`): every
 * storage transaction reads it, and when it differs from the position of the state in memory,
 * the state is reloaded first. A state loaded inside a storage transaction is adopted only once
 * that transaction commits, since a transaction that loses a conflict may have read a mix of two
 * states. Once the object has seen its database, finding no `offset` means the database was
 * deleted: the object becomes `dropped` rather than write rows nobody would ever find.
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
  /** The incarnation of the database this object last adopted a state of (see `Position`). */
  private incarnation: string | undefined;
  /** Bumped by `drop` and `replace`: a state loaded before that is never adopted. */
  private generation = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<CommitListener>();
  private readonly retireListeners = new Set<RetireListener>();
  private isDropped = false;
  /** Why the object was retired, once it was (the first reason given). */
  private retireReason: RetireReason | undefined;

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

  /** Why this object stopped describing the database (`deleted` or `replaced`); undefined while it does. */
  get retiredAs(): RetireReason | undefined {
    return this.retireReason;
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
   * Runs `work` in one storage transaction (see the package README): its net changes, the sequences it
   * advanced and the bumped offset are written there, and applied in memory once that commits.
   * A thrown error rolls everything back and is rethrown; a storage conflict runs `work` again on
   * fresh state. A transaction that changed nothing writes nothing and notifies no listener.
   * `origin` (who caused the commit) is handed to the commit listeners as it is.
   */
  mutate<T>(
    storage: StorageEngine,
    work: (tx: MutTx, storageTx: WriteTransaction) => Promise<T>,
    origin?: CommitOrigin,
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
        let position: Position = snapshot;
        if (wrote) {
          await this.persist(storageTx, snapshot.committed, writes, sequences);
          // The first commit of a database made without `replace` starts its incarnation.
          position = { offset: snapshot.offset + 1, incarnation: snapshot.incarnation ?? newIncarnation() };
          await writePosition(storageTx, this.prefix, position);
        }
        return { value, tx, snapshot, position, wrote };
      });
      const { value, tx, snapshot, position, wrote } = outcome;
      snapshot.committed.apply(tx.pendingWrites(), tx.pendingSequences());
      this.adopt({ committed: snapshot.committed, ...position }, generation);
      const changes = tx.changes();
      if (wrote) this.notify(changes, position.offset, snapshot.committed, origin);
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
   * Calls `listener` once when these tables stop being the database's (deleted, or replaced by a
   * republish); returns the unsubscribe function. Subscribers close their clients then.
   */
  onRetire(listener: RetireListener): () => void {
    this.retireListeners.add(listener);
    return () => {
      this.retireListeners.delete(listener);
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
   * The offset is bumped (with a new incarnation unless `keepRows`) and the schema fingerprint
   * written, so every other holder of the database reloads, and one holding other schemas
   * becomes `dropped`. After the commit
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
          const stored = await readPosition(storageTx, this.prefix);
          const fingerprint = await readFingerprint(storageTx, this.prefix);
          if (previous !== undefined && fingerprint !== undefined && fingerprint !== previous.fingerprint) {
            throw new DatabaseDroppedError(`database ${this.identityHex} was republished meanwhile`);
          }
          if (previous?.incarnation !== undefined && stored.incarnation === undefined) {
            throw new DatabaseDroppedError(`database ${this.identityHex} was deleted meanwhile`);
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
          // A new position makes every other holder of this database (in any process) reload.
          const position: Position = {
            offset: stored.offset + 1,
            incarnation: keepRows ? (stored.incarnation ?? newIncarnation()) : newIncarnation(),
          };
          await writePosition(storageTx, this.prefix, position);
          await storageTx.put(`${this.prefix}schema`, encoder.encode(this.fingerprint));
          return { value, tx, committed, position };
        });
        const { value, tx, committed, position } = outcome;
        committed.apply(tx.pendingWrites(), tx.pendingSequences());
        this.adopt({ committed, ...position }, generation);
        previous?.retire('replaced');
        const changes = tx.changes();
        if (changes.tables.length > 0) this.notify(changes, position.offset, committed, undefined);
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
    this.retire('deleted');
  }

  /** This object no longer describes the database: later `read`/`mutate`/`replace` calls reject. */
  private retire(reason: RetireReason): void {
    const first = !this.isDropped;
    this.isDropped = true;
    this.retireReason ??= reason;
    this.generation++;
    this.state = undefined;
    if (!first) return;
    const listeners = [...this.retireListeners];
    this.retireListeners.clear();
    for (const listener of listeners) {
      try {
        listener(reason);
      } catch (error) {
        console.error('spacetimedb datastore: a retire listener failed', error);
      }
    }
  }

  /** The state as of the storage transaction: the one in memory when its position is current, else a fresh load. */
  private async current(storageTx: WriteTransaction): Promise<Snapshot> {
    const position = await readPosition(storageTx, this.prefix);
    if (this.incarnation !== undefined && position.incarnation === undefined) {
      // Only a committed delete removes `offset`; a re-created database gets a new incarnation.
      this.retire('deleted');
      throw new DatabaseDroppedError(`database ${this.identityHex} was deleted`);
    }
    const state = this.state;
    if (state !== undefined && state.offset === position.offset && state.incarnation === position.incarnation) {
      return state;
    }
    // Every schema switch changes the position, so the fingerprint needs a look only when reloading.
    const stored = await readFingerprint(storageTx, this.prefix);
    if (stored !== undefined && stored !== this.fingerprint) {
      // Only a committed republish writes another fingerprint: these schemas are gone for good.
      this.retire('replaced');
      throw new DatabaseDroppedError(`database ${this.identityHex} was republished with other tables`);
    }
    return { committed: await this.load(storageTx), ...position };
  }

  /** Reads every row and sequence; moves rows stored under the old layout (see `migrateRow`). */
  private async load(storageTx: WriteTransaction): Promise<CommittedTables> {
    const committed = new CommittedTables(this.tableSchemas);
    for (const table of this.tableSchemas) {
      const rowsPrefix = `${this.prefix}rows/${table.name}/`;
      const rows = committed.rowsOf(table.id);
      for (const entry of await storageTx.scan({ prefix: rowsPrefix })) {
        const key = bytesToHex(entry.value);
        if (entry.key.length - rowsPrefix.length === key.length && entry.key.endsWith(key)) {
          await migrateRow(storageTx, rowsPrefix, entry);
        }
        rows.insert(key, rowFromBytes(table, entry.value));
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
      for (const key of deleted.keys()) await storageTx.delete(rowsPrefix + rowStorageKey(key));
      for (const key of inserted.keys()) await storageTx.put(rowsPrefix + rowStorageKey(key), rowBytesOfKey(key));
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
    if (generation !== this.generation || this.isDropped) return;
    this.state = snapshot;
    if (snapshot.incarnation !== undefined) this.incarnation = snapshot.incarnation;
  }

  private notify(
    changes: ChangeSet,
    offset: number,
    committed: CommittedTables,
    origin: CommitOrigin | undefined,
  ): void {
    if (this.listeners.size === 0) return;
    const event: CommitEvent = { changes, offset, after: new Transaction(committed), origin };
    for (const listener of this.listeners) {
      try {
        listener(event, offset);
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

async function readPosition(storageTx: ReadTransaction, prefix: string): Promise<Position> {
  const bytes = await storageTx.get(`${prefix}offset`);
  if (bytes === undefined) return { offset: 0, incarnation: undefined };
  const [offset = '0', incarnation = ''] = decoder.decode(bytes).split(' ');
  return { offset: Number(offset), incarnation };
}

function writePosition(storageTx: WriteTransaction, prefix: string, position: Position): Promise<void> {
  const text = position.incarnation ? `${position.offset} ${position.incarnation}` : String(position.offset);
  return storageTx.put(`${prefix}offset`, encoder.encode(text));
}

/** A fresh incarnation: 128 random bits as hex. */
function newIncarnation(): string {
  return bytesToHex(randomBytes(16));
}

/**
 * Rows written before rows were keyed by digest sit under the hex of their BSATN (the key
 * `load` recognises as the hex of the value); this moves one to its digest key, in the loading
 * transaction, so deletes find it. The content is unchanged, so the position stays as it is.
 */
async function migrateRow(storageTx: WriteTransaction, rowsPrefix: string, entry: Entry): Promise<void> {
  await storageTx.delete(entry.key);
  await storageTx.put(rowsPrefix + rowStorageKey(entry.key.slice(rowsPrefix.length)), entry.value);
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
