import {
  ConflictError,
  deletePrefix,
  getJson,
  putJson,
  type ReadTransaction,
  type StorageEngine,
  scanJson,
  transactWithRetry,
  type WriteTransaction,
} from '@dbwire/storage';
import { errors } from './errors.js';
import type { ChangeSet, DatabaseSnapshot, TypeQLEngine } from './typeql/api.js';

/**
 * Storage keys of one database. Several server processes may share the storage engine, so
 * everything a commit decides on is here, not in a process's memory.
 */
const keys = {
  /** Schema and data records, by the engine's record path (`schema`, `thing/<iid>`, ...). */
  data: (database: string) => `typedb/data/${database}/`,
  /** The database's `Head`: which incarnation, how many commits, where the commit log starts. */
  head: (database: string) => `typedb/versions/${database}`,
  /** Each commit's `LogEntry`, by version, zero-padded so that key order is version order. */
  log: (database: string) => `typedb/commit-log/${database}/`,
  logEntry: (database: string, version: number) => `typedb/commit-log/${database}/${String(version).padStart(12, '0')}`,
};

/** The counter of id spaces handed to server processes (see `claimIdSpace`). */
const ID_SPACES = 'typedb/id-spaces';

/**
 * Log entries kept beyond what this process's open transactions need, so that transactions open
 * in other processes can still be checked at commit, and their snapshots caught up from the log
 * rather than reloaded. A transaction older than the log conflicts at commit.
 */
const KEEP_LOGGED_COMMITS = 100;

interface Head {
  /** Made when the database is created, so a database deleted and created again is another one. */
  incarnation: string;
  /** Commits so far: the version of the latest snapshot, the same in every process. */
  version: number;
  /** The oldest version still in the commit log (`version + 1` when the log is empty). */
  logStart: number;
}

/** A logged commit: what isolation checks need, and the records for processes catching up. */
interface LogEntry {
  schemaChanged: boolean;
  deleted: string[];
  relied: string[];
  exclusive: string[];
  /** Record path and value; `null` deletes. */
  records: Array<[string, unknown]>;
}

/** A commit's footprint, as isolation checks compare it. */
interface Footprint {
  schemaChanged: boolean;
  deleted: ReadonlySet<string>;
  relied: ReadonlySet<string>;
  exclusive: ReadonlySet<string>;
}

interface LoggedCommit extends Footprint {
  version: number;
  records: Array<[string, unknown]>;
}

/** Which committed state a transaction began on. */
export interface CommittedState {
  incarnation: string;
  snapshot: DatabaseSnapshot;
}

/** One database in this process: a cache of its latest committed snapshot. */
class DatabaseRuntime {
  /**
   * Footprints of commits already applied to `snapshot` (by this process or caught up from the
   * log), newer than the oldest open transaction's start, so isolation checks need not read them back.
   */
  readonly applied = new Map<number, Footprint>();
  /** This process's commits run one at a time (another process's may still interleave). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    public incarnation: string,
    public snapshot: DatabaseSnapshot,
  ) {}

  serialize<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }
}

export type ConflictKind = 'deletes-required' | 'requires-deleted' | 'exclusive-lock' | 'schema' | 'unchecked';

/**
 * The committed state of every database, on the storage engine and shared by every process using
 * it. Each database has a head (its commit counter) and a log of recent commits; a process caches
 * the latest snapshot and, whenever a transaction opens, reads the head and catches up on the
 * commits it missed. `commit` checks isolation against every commit since the transaction began
 * (TypeDB's snapshot isolation), wherever it ran, then writes the records, the log entry and the
 * new head in one storage transaction.
 */
export class DatabaseStates {
  private readonly runtimes = new Map<string, DatabaseRuntime>();

  constructor(
    private readonly storage: StorageEngine,
    private readonly engine: TypeQLEngine,
  ) {}

  /** Starts a new database's history, in the storage transaction that creates its catalog record. */
  async create(tx: WriteTransaction, database: string): Promise<void> {
    const head: Head = { incarnation: crypto.randomUUID(), version: 0, logStart: 1 };
    await putJson(tx, keys.head(database), head);
  }

  /** Removes a database's schema, data, log and head, in the storage transaction that deletes its catalog record. */
  async drop(tx: WriteTransaction, database: string): Promise<void> {
    for (const prefix of [keys.data(database), keys.log(database)]) await deletePrefix(tx, prefix);
    await tx.delete(keys.head(database));
    this.runtimes.delete(database);
  }

  /**
   * The latest committed state of `database`, caught up with every commit made so far by any
   * process; `undefined` when the database does not exist (any more).
   */
  async current(database: string): Promise<CommittedState | undefined> {
    for (;;) {
      const runtime = this.runtimes.get(database);
      const cached = runtime && { incarnation: runtime.incarnation, version: runtime.snapshot.version };
      const read = await transactWithRetry(this.storage, async (tx) => {
        const head = await getJson<Head>(tx, keys.head(database));
        if (!head) return undefined;
        if (cached?.incarnation === head.incarnation) {
          if (cached.version >= head.version) return { head };
          if (cached.version + 1 >= head.logStart) {
            return { head, missed: await readLog(tx, database, cached.version + 1, head.version) };
          }
        }
        const prefix = keys.data(database);
        const records = await scanJson<unknown>(tx, { prefix });
        return { head, records: records.map(({ key, value }) => [key.slice(prefix.length), value] as const) };
      });
      if (!read) {
        this.runtimes.delete(database);
        return undefined;
      }
      const { head } = read;
      if (read.records) {
        // Loaded from scratch: the first use, a database created again, or the log moved past the cache.
        const snapshot = this.engine.loadDatabase(read.records, head.version);
        const latest = this.runtimes.get(database);
        if (latest?.incarnation === head.incarnation && latest.snapshot.version >= head.version) return stateOf(latest);
        if (latest) {
          latest.incarnation = head.incarnation;
          latest.snapshot = snapshot;
          latest.applied.clear();
        } else {
          this.runtimes.set(database, new DatabaseRuntime(head.incarnation, snapshot));
        }
        return { incarnation: head.incarnation, snapshot };
      }
      // The cache moved on to another incarnation meanwhile (another call reloaded it): read again.
      if (this.runtimes.get(database) !== runtime || runtime?.incarnation !== head.incarnation) continue;
      this.advance(runtime, read.missed ?? []);
      return stateOf(runtime);
    }
  }

  /**
   * Commits `changes`, made by a transaction that began on `start`. Throws the TypeDB isolation
   * conflict (400 `STC2`) when a commit since then, in any process, deleted what this one relies
   * on, relies on what this one deletes, took one of its exclusive locks, or when either changed
   * the schema (within one process the schema lock rules that out; across processes the commit
   * is refused instead).
   */
  async commit(
    database: string,
    start: { incarnation: string; startVersion: number },
    changes: ChangeSet,
    oldestOpenVersion: () => number,
  ): Promise<void> {
    if (changes.empty) return;
    const runtime = this.runtimes.get(database);
    // The cache only leaves its incarnation (or goes) once the database was deleted.
    if (runtime?.incarnation !== start.incarnation) throw errors.isolationConflict(database, 'requires-deleted');
    const encoded = encodeCommit(changes);
    await runtime.serialize(async () => {
      const outcome = await this.retryOnConflict(database, async (tx) => {
        const head = await getJson<Head>(tx, keys.head(database));
        if (head?.incarnation !== start.incarnation) return { conflict: 'requires-deleted' as const };
        const checked = await this.checkIsolation(tx, database, runtime, start.startVersion, head, changes);
        if ('conflict' in checked) return checked;
        const version = await this.write(tx, database, head, encoded, oldestOpenVersion());
        return { version, missed: checked.logged };
      });
      // Refused only now that the storage engine has confirmed the reads the refusal rests on.
      if ('conflict' in outcome) throw errors.isolationConflict(database, outcome.conflict);
      // Publish: first the other processes' commits this one came after, then this one.
      const { version, missed } = outcome;
      this.advance(runtime, missed);
      if (runtime.incarnation === start.incarnation && runtime.snapshot.version === version - 1) {
        runtime.snapshot = this.engine.apply(runtime.snapshot, changes);
        runtime.applied.set(version, footprintOf(changes));
      }
      const oldest = Math.min(oldestOpenVersion(), runtime.snapshot.version);
      for (const applied of runtime.applied.keys()) if (applied <= oldest) runtime.applied.delete(applied);
    });
  }

  /**
   * Checks `changes` against every commit after `startVersion` up to `head`: from the cache when
   * this process applied it, else from the log. Returns the conflict, or the logged commits it read.
   */
  private async checkIsolation(
    tx: ReadTransaction,
    database: string,
    runtime: DatabaseRuntime,
    startVersion: number,
    head: Head,
    changes: ChangeSet,
  ): Promise<{ conflict: ConflictKind } | { logged: LoggedCommit[] }> {
    if (head.version === startVersion) return { logged: [] };
    // A schema commit must come right after the state it was made on; in one process the schema
    // lock guarantees that, across processes any commit in between is a conflict.
    if (changes.schemaChanged) return { conflict: 'schema' };
    // The commits since the start are no longer all logged: they cannot be checked.
    if (startVersion + 1 < head.logStart) return { conflict: 'unchecked' };
    // Taken before reading the log: a reload of the cache meanwhile would clear `applied`.
    const cached = [...runtime.applied].filter(([version]) => version > startVersion).map(([, footprint]) => footprint);
    let firstUncached = startVersion + 1;
    while (firstUncached <= head.version && runtime.applied.has(firstUncached)) firstUncached++;
    const logged = firstUncached <= head.version ? await readLog(tx, database, firstUncached, head.version) : [];
    for (const commit of [...cached, ...logged]) {
      const conflict = conflictBetween(changes, commit);
      if (conflict) return { conflict };
    }
    return { logged };
  }

  /** Writes the records, the log entry and the new head; prunes the log. Returns the new version. */
  private async write(
    tx: WriteTransaction,
    database: string,
    head: Head,
    encoded: EncodedCommit,
    oldestOpen: number,
  ): Promise<number> {
    const prefix = keys.data(database);
    for (const [key, value] of encoded.records) {
      if (value === undefined) await tx.delete(prefix + key);
      else await tx.put(prefix + key, value);
    }
    const version = head.version + 1;
    await tx.put(keys.logEntry(database, version), encoded.logEntry);
    // Keep what this process's open transactions will be checked against, and a margin for others'.
    const horizon = Math.min(oldestOpen, version - KEEP_LOGGED_COMMITS);
    for (let old = head.logStart; old <= horizon; old++) await tx.delete(keys.logEntry(database, old));
    const next: Head = { incarnation: head.incarnation, version, logStart: Math.max(head.logStart, horizon + 1) };
    await putJson(tx, keys.head(database), next);
    return version;
  }

  /**
   * Runs a commit's storage transaction, again from the start while it loses a race against
   * another process's commit to the same database (both wrote the head): the next attempt checks
   * isolation against that commit too. Persistent losing is reported as an isolation conflict.
   */
  private async retryOnConflict<T>(database: string, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    try {
      return await transactWithRetry(this.storage, work);
    } catch (error) {
      if (error instanceof ConflictError) throw errors.isolationConflict(database, 'exclusive-lock');
      throw error;
    }
  }

  /** Applies logged commits that follow the cached snapshot, in order; older ones are already in. */
  private advance(runtime: DatabaseRuntime, commits: readonly LoggedCommit[]): void {
    for (const commit of commits) {
      if (commit.version !== runtime.snapshot.version + 1) continue;
      runtime.snapshot = this.engine.applyRecords(runtime.snapshot, commit.records);
      runtime.applied.set(commit.version, footprintOf(commit));
    }
  }
}

/**
 * Hands this server process an id space of its own (see the TypeQL engine's `idSpace`), so that
 * processes sharing the storage engine never mint the same instance iid.
 */
export async function claimIdSpace(storage: StorageEngine): Promise<number> {
  const claimed = await transactWithRetry(storage, async (tx) => {
    const count = (await getJson<number>(tx, ID_SPACES)) ?? 0;
    await putJson(tx, ID_SPACES, count + 1);
    return count;
  });
  return claimed % 0x10000;
}

/** A change set as the bytes to store: each record's, and the log entry's. */
interface EncodedCommit {
  records: Array<[string, Uint8Array | undefined]>;
  logEntry: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Encodes a change set once (not per storage attempt). The log entry repeats every record, so it
 * is assembled from the records' JSON texts rather than by serialising them a second time.
 */
function encodeCommit(changes: ChangeSet): EncodedCommit {
  const records: EncodedCommit['records'] = [];
  const logged: string[] = [];
  for (const [key, value] of changes.records) {
    const json = value === undefined ? 'null' : JSON.stringify(value);
    records.push([key, value === undefined ? undefined : encoder.encode(json)]);
    logged.push(`[${JSON.stringify(key)},${json}]`);
  }
  const footprint: Omit<LogEntry, 'records'> = {
    schemaChanged: changes.schemaChanged,
    deleted: [...changes.deleted],
    relied: [...changes.relied],
    exclusive: [...changes.exclusive],
  };
  // `{...footprint,"records":[...]}`: a LogEntry.
  const logEntry = `${JSON.stringify(footprint).slice(0, -1)},"records":[${logged.join(',')}]}`;
  return { records, logEntry: encoder.encode(logEntry) };
}

/** Only what isolation checks need (not the records, which the snapshot now holds). */
function footprintOf({ schemaChanged, deleted, relied, exclusive }: Footprint): Footprint {
  return { schemaChanged, deleted, relied, exclusive };
}

function stateOf(runtime: DatabaseRuntime): CommittedState {
  return { incarnation: runtime.incarnation, snapshot: runtime.snapshot };
}

/** The logged commits `from` to `to` (inclusive), in order. */
async function readLog(tx: ReadTransaction, database: string, from: number, to: number): Promise<LoggedCommit[]> {
  const entries = await scanJson<LogEntry>(tx, {
    start: keys.logEntry(database, from),
    end: keys.logEntry(database, to + 1),
  });
  return entries.map(({ key, value }) => ({
    version: Number(key.slice(keys.log(database).length)),
    schemaChanged: value.schemaChanged,
    deleted: new Set(value.deleted),
    relied: new Set(value.relied),
    exclusive: new Set(value.exclusive),
    records: value.records,
  }));
}

function conflictBetween(changes: ChangeSet, commit: Footprint): ConflictKind | undefined {
  if (commit.schemaChanged) return 'schema';
  if (intersects(changes.deleted, commit.relied)) return 'deletes-required';
  if (intersects(changes.relied, commit.deleted)) return 'requires-deleted';
  if (intersects(changes.exclusive, commit.exclusive)) return 'exclusive-lock';
  return undefined;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) return true;
  return false;
}
