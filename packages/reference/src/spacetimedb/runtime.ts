import { identityFromHex } from '@dbwire/spacetimedb-sats';
import type { StorageEngine } from '@dbwire/storage';
import { type Database, readMeta, readModule } from './databases.js';
import { DatabaseDroppedError, DatabaseTables, type RetireReason, tableSchemas } from './datastore/index.js';
import type { TableSchema } from './datastore/types.js';
import { compileModule } from './host/index.js';
import type { CompiledModule, ModuleInstance, ModuleLogLine } from './host/types.js';

/** A database as this process runs it: its module, its in-memory tables and a live instance. */
export interface LiveDatabase {
  identity: string;
  module: CompiledModule;
  schemas: TableSchema[];
  tables: DatabaseTables;
  /** Lines the module logged that the call or publish running it has not yet written to the database's log. */
  pendingLogs: ModuleLogLine[];
  instance: ModuleInstance | undefined;
}

/**
 * How many compiled modules the runtime keeps for reuse by hash. A module is dropped as soon as
 * no database here runs it, so this only bounds how many running modules are shared between
 * databases; a database whose module fell out simply compiles its own copy.
 */
export const COMPILED_MODULES_KEPT = 16;

/**
 * The per-process caches of the host: compiled modules by hash, and per database its
 * `DatabaseTables` and module instance. Everything durable is on the storage engine; a database
 * another process published or republished is loaded from there (its module bytes) when its
 * record names a module this process does not run.
 *
 * Bounded: a database is forgotten when its tables turn out dropped (deleted or republished
 * elsewhere), when loading finds its record gone, or when the HTTP layer calls `forget` (it
 * answered 404 for it); a module nobody here runs any more is dropped, and at most
 * `COMPILED_MODULES_KEPT` are kept.
 */
export class Runtime {
  private readonly modules = new LruCache<string, CompiledModule>(COMPILED_MODULES_KEPT);
  private readonly live = new Map<string, LiveDatabase>();
  /** Loads in flight by identity, so concurrent first requests share one `LiveDatabase` (one queue, one set of listeners). */
  private readonly loading = new Map<string, Loading>();
  /** Instantiations in flight, so concurrent requests share one instance. */
  private readonly instantiating = new WeakMap<LiveDatabase, Promise<ModuleInstance>>();

  /** Told when a database's state here stops being its own (see `onRetire`). */
  private readonly retireListeners = new Set<(live: LiveDatabase, reason: RetireReason) => void>();

  constructor(private readonly storage: StorageEngine) {}

  /**
   * Calls `listener` when a cached database is forgotten (`deleted`: deleted, or found gone) or
   * replaced by a republish here (`replaced`); returns the unsubscribe function. The tables'
   * own `onRetire` covers what another process did, once a request notices it.
   */
  onRetire(listener: (live: LiveDatabase, reason: RetireReason) => void): () => void {
    this.retireListeners.add(listener);
    return () => {
      this.retireListeners.delete(listener);
    };
  }

  /**
   * Compiles a module (the one already running here when its hash is known); throws
   * `ModuleRejectedError` for one that cannot be published. Nothing is cached until `install`,
   * so modules whose publish fails leave nothing behind.
   */
  async compile(bytes: Uint8Array): Promise<CompiledModule> {
    const module = await compileModule(bytes);
    return this.modules.get(module.hash) ?? module;
  }

  /**
   * The database as this process runs it, loading its module when it is new here or was
   * republished. Tables found stale (`dropped`: the database was deleted, or republished with
   * other tables by another process) are replaced too, even when `database` names the same
   * module. Concurrent calls for one database share one load. Rejects with `DatabaseDroppedError`
   * (and forgets the database) when its record is gone by the time its module is read.
   */
  database(database: Database): Promise<LiveDatabase> {
    const { identity } = database;
    const { hash } = database.meta;
    const known = this.running(identity, hash);
    if (known !== undefined) return Promise.resolve(known);
    const pending = this.loading.get(identity);
    if (pending?.hash === hash && pending.promise !== undefined) return pending.promise;
    const entry: Loading = { hash, promise: undefined };
    this.loading.set(identity, entry);
    const promise = this.load(identity, entry);
    entry.promise = promise;
    const settle = () => {
      if (this.loading.get(identity) === entry) this.loading.delete(identity);
    };
    promise.then(settle, settle);
    return promise;
  }

  /** A fresh runtime state for `module` on the database (before creating or replacing it); `install` keeps it. */
  prepare(identity: string, module: CompiledModule): LiveDatabase {
    const schemas = tableSchemas(module.def);
    return {
      identity,
      module,
      schemas,
      tables: new DatabaseTables(identity, schemas),
      pendingLogs: [],
      instance: undefined,
    };
  }

  /** Caches `live` as the database's state here; call it once its tables are the database's (`replace` committed). */
  install(live: LiveDatabase): void {
    const before = this.live.get(live.identity);
    this.live.set(live.identity, live);
    this.modules.set(live.module.hash, live.module);
    if (before !== undefined && before !== live) {
      this.release(before.module);
      this.retired(before, 'replaced');
    }
  }

  /**
   * Forgets a database: deleted (here or, as a 404 showed, by another process), or replaced by
   * another module. A load in flight for it serves its request but caches nothing.
   */
  forget(identity: string): void {
    const known = this.live.get(identity);
    this.live.delete(identity);
    this.loading.delete(identity);
    if (known !== undefined) {
      this.release(known.module);
      this.retired(known, 'deleted');
    }
  }

  private retired(live: LiveDatabase, reason: RetireReason): void {
    for (const listener of this.retireListeners) listener(live, reason);
  }

  /** The database's module instance, made anew when there is none or the last one trapped. */
  instance(live: LiveDatabase): Promise<ModuleInstance> {
    if (live.instance !== undefined && !live.instance.poisoned) return Promise.resolve(live.instance);
    let pending = this.instantiating.get(live);
    if (pending === undefined) {
      pending = live.module
        .instantiate({
          databaseIdentity: identityFromHex(live.identity),
          log: (line) => live.pendingLogs.push(line),
        })
        .then((instance) => {
          live.instance = instance;
          return instance;
        })
        .finally(() => this.instantiating.delete(live));
      this.instantiating.set(live, pending);
    }
    return pending;
  }

  /** The cached state of the database when it runs `hash` and is still the database's; forgets dropped tables. */
  private running(identity: string, hash: string): LiveDatabase | undefined {
    const known = this.live.get(identity);
    if (known?.tables.dropped) {
      this.forget(identity);
      return undefined;
    }
    return known?.module.hash === hash ? known : undefined;
  }

  private async load(identity: string, entry: Loading): Promise<LiveDatabase> {
    const module = await this.moduleOf(identity, entry.hash);
    // A publish here may have installed the database meanwhile.
    const installed = this.running(identity, module.hash);
    if (installed !== undefined) return installed;
    const live = this.prepare(identity, module);
    // Cache it only while this load is still the database's (not forgotten nor superseded meanwhile).
    if (this.loading.get(identity) === entry) this.install(live);
    return live;
  }

  /**
   * The module `hash` (reused when running here), else the one stored for the database, read with
   * its record: that may be a newer module when it was republished since the caller looked.
   */
  private async moduleOf(identity: string, hash: string): Promise<CompiledModule> {
    const known = this.modules.get(hash);
    if (known !== undefined) return known;
    const bytes = await this.storage.transact(async (tx) =>
      (await readMeta(tx, identity)) === undefined ? undefined : readModule(tx, identity),
    );
    if (bytes === undefined) {
      this.forget(identity);
      throw new DatabaseDroppedError(`database ${identity} was deleted`);
    }
    const module = await compileModule(bytes);
    return this.modules.get(module.hash) ?? module;
  }

  /** Drops `module` from the cache unless a database here still runs it. */
  private release(module: CompiledModule): void {
    for (const live of this.live.values()) if (live.module.hash === module.hash) return;
    this.modules.delete(module.hash);
  }
}

/** A load of a database's state in flight; `promise` is set as soon as the load starts. */
interface Loading {
  readonly hash: string;
  promise: Promise<LiveDatabase> | undefined;
}

/** A map keeping its `capacity` most recently used entries. */
class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Maps iterate in insertion order: moving the entry to the end marks it most recent.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
