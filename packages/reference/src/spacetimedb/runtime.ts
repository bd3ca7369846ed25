import { identityFromHex } from '@dbwire/spacetimedb-sats';
import type { StorageEngine } from '@dbwire/storage';
import { type Database, readModule } from './databases.js';
import { DatabaseTables, tableSchemas } from './datastore/index.js';
import type { TableSchema } from './datastore/types.js';
import { compileModule } from './host/index.js';
import type { CompiledModule, ModuleInstance, ModuleLogLine } from './host/types.js';
import type { ModuleLogs } from './logs.js';

/** A database as this process runs it: its module, its in-memory tables and a live instance. */
export interface LiveDatabase {
  identity: string;
  module: CompiledModule;
  schemas: TableSchema[];
  tables: DatabaseTables;
  /** Lines the module logged since the last `flushLogs`. */
  pendingLogs: ModuleLogLine[];
  instance: ModuleInstance | undefined;
}

/**
 * The per-process caches of the host: one `CompiledModule` per module hash, and per database its
 * `DatabaseTables` and module instance. Everything durable is on the storage engine; a database
 * another process published or republished is loaded from there (its module bytes) when its
 * record names a module this process does not run.
 */
export class Runtime {
  private readonly compiled = new Map<string, Promise<CompiledModule>>();
  private readonly live = new Map<string, LiveDatabase>();

  constructor(
    private readonly storage: StorageEngine,
    private readonly logs: ModuleLogs,
  ) {}

  /** Compiles (or finds) a module; throws `ModuleRejectedError` for one that cannot be published. */
  async compile(bytes: Uint8Array): Promise<CompiledModule> {
    const module = await compileModule(bytes);
    const known = this.compiled.get(module.hash);
    if (known !== undefined) return known;
    this.compiled.set(module.hash, Promise.resolve(module));
    return module;
  }

  /**
   * The database as this process runs it, loading its module when it is new here or was
   * republished. Tables found stale (`dropped`: the database was republished with other tables by
   * another process) are replaced too, even when `database` names the same module.
   */
  async database(database: Database): Promise<LiveDatabase> {
    const known = this.live.get(database.identity);
    if (known !== undefined && known.module.hash === database.meta.hash && !known.tables.dropped) return known;
    let compiling = this.compiled.get(database.meta.hash);
    if (compiling === undefined) {
      compiling = this.storage
        .transact((tx) => readModule(tx, database.identity))
        .then((bytes) => compileModule(bytes));
      this.compiled.set(database.meta.hash, compiling);
      compiling.catch(() => this.compiled.delete(database.meta.hash));
    }
    const live = this.prepare(database.identity, await compiling);
    this.live.set(database.identity, live);
    return live;
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
    this.live.set(live.identity, live);
  }

  /** Forgets a database (deleted, or replaced by another module). */
  drop(identity: string): void {
    this.live.delete(identity);
  }

  /** The database's module instance, made anew when there is none or the last one trapped. */
  async instance(live: LiveDatabase): Promise<ModuleInstance> {
    if (live.instance === undefined || live.instance.poisoned) {
      live.instance = await live.module.instantiate({
        databaseIdentity: identityFromHex(live.identity),
        log: (line) => live.pendingLogs.push(line),
      });
    }
    return live.instance;
  }

  /** Writes the lines logged so far to the database's log (in their own transaction). */
  async flushLogs(live: LiveDatabase): Promise<void> {
    const lines = live.pendingLogs.splice(0);
    await this.logs.append(live.identity, lines);
  }
}
