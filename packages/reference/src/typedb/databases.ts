import { type StorageEngine, scanJson } from '@dbwire/storage';
import { errors } from './errors.js';
import type { ChangeSet, DatabaseSnapshot, TypeQLEngine } from './typeql/api.js';

/** Where a database's schema and data records live on the storage engine. */
const dataPrefix = (database: string) => `typedb/data/${database}/`;

interface CommitRecord {
  version: number;
  deleted: ReadonlySet<string>;
  relied: ReadonlySet<string>;
  exclusive: ReadonlySet<string>;
}

/** One database in memory: its latest committed snapshot and the recent commits to check against. */
class DatabaseRuntime {
  snapshot: DatabaseSnapshot;
  /** Commits newer than the oldest open transaction's snapshot, for isolation checks. */
  recentCommits: CommitRecord[] = [];
  /** Commits run one at a time: check, persist, publish. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(snapshot: DatabaseSnapshot) {
    this.snapshot = snapshot;
  }

  serialize<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }
}

export type ConflictKind = 'deletes-required' | 'requires-deleted' | 'exclusive-lock';

/**
 * The committed state of every database: loaded from storage on first use, kept in memory, and
 * changed only by `commit`, which checks isolation against concurrent commits (TypeDB's snapshot
 * isolation), writes the change set's records in one storage transaction, then publishes the new
 * snapshot.
 */
export class DatabaseStates {
  private readonly runtimes = new Map<string, Promise<DatabaseRuntime>>();

  constructor(
    private readonly storage: StorageEngine,
    private readonly engine: TypeQLEngine,
  ) {}

  async snapshot(database: string): Promise<DatabaseSnapshot> {
    return (await this.runtime(database)).snapshot;
  }

  /**
   * Commits `changes`, made by a transaction that began at `startVersion`. Throws the TypeDB
   * isolation-conflict error (400 `STC2`) when a commit since then deleted what this one relies
   * on, relies on what this one deletes, or took one of its exclusive locks.
   */
  async commit(
    database: string,
    startVersion: number,
    changes: ChangeSet,
    oldestOpenVersion: () => number,
  ): Promise<void> {
    if (changes.empty) return;
    const runtime = await this.runtime(database);
    await runtime.serialize(async () => {
      for (const commit of runtime.recentCommits) {
        if (commit.version <= startVersion) continue;
        const conflict = conflictBetween(changes, commit);
        if (conflict) throw errors.isolationConflict(database, conflict);
      }
      await this.storage.transact(async (tx) => {
        const prefix = dataPrefix(database);
        for (const [key, value] of changes.records) {
          if (value === undefined) await tx.delete(prefix + key);
          else await tx.put(prefix + key, new TextEncoder().encode(JSON.stringify(value)));
        }
      });
      runtime.snapshot = this.engine.apply(runtime.snapshot, changes);
      const oldest = Math.min(oldestOpenVersion(), runtime.snapshot.version);
      runtime.recentCommits = runtime.recentCommits.filter((commit) => commit.version > oldest);
      runtime.recentCommits.push({
        version: runtime.snapshot.version,
        deleted: changes.deleted,
        relied: changes.relied,
        exclusive: changes.exclusive,
      });
    });
  }

  /** Removes a deleted database's schema and data. */
  async drop(database: string): Promise<void> {
    this.runtimes.delete(database);
    await this.storage.transact(async (tx) => {
      for (const entry of await tx.scan({ prefix: dataPrefix(database) })) await tx.delete(entry.key);
    });
  }

  private runtime(database: string): Promise<DatabaseRuntime> {
    let runtime = this.runtimes.get(database);
    if (!runtime) {
      runtime = this.load(database);
      this.runtimes.set(database, runtime);
      runtime.catch(() => this.runtimes.delete(database));
    }
    return runtime;
  }

  private async load(database: string): Promise<DatabaseRuntime> {
    const prefix = dataPrefix(database);
    const records = await this.storage.transact((tx) => scanJson<unknown>(tx, { prefix }));
    const snapshot =
      records.length === 0
        ? this.engine.emptyDatabase()
        : this.engine.loadDatabase(
            records.map(({ key, value }) => [key.slice(prefix.length), value] as const),
            0,
          );
    return new DatabaseRuntime(snapshot);
  }
}

function conflictBetween(changes: ChangeSet, commit: CommitRecord): ConflictKind | undefined {
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
