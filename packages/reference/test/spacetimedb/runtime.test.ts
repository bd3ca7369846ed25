import { MemoryEngine } from '@dbwire/storage';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { type Database, deleteDatabase, readMeta, writeMeta, writeModule } from '../../src/spacetimedb/databases.js';
import { DatabaseDroppedError } from '../../src/spacetimedb/datastore/index.js';
import { COMPILED_MODULES_KEPT, Runtime } from '../../src/spacetimedb/runtime.js';

/** The quickstart module's `person(name: String)` table. */
const PERSON = 4096;
const IDENTITY = 'c2'.repeat(32);
const OWNER = 'c2'.padEnd(64, '0');

/** A process: its own runtime over the shared storage. */
const process = (storage: MemoryEngine) => new Runtime(storage);

/** The same module with one more custom section: another hash, the same tables. */
function variant(bytes: Uint8Array, tag: number): Uint8Array {
  // Custom section (id 0) of 2 bytes: a name of length 1.
  return Uint8Array.of(...bytes, 0, 2, 1, tag);
}

/** Creates the database as publishing would: module, record and the first rows in one transaction. */
async function create(
  runtime: Runtime,
  storage: MemoryEngine,
  bytes: Uint8Array,
  names: string[],
  identity = IDENTITY,
): Promise<void> {
  const module = await runtime.compile(bytes);
  const live = runtime.prepare(identity, module);
  await live.tables.replace(storage, { previous: undefined, keepRows: false }, async (tx, storageTx) => {
    await writeModule(storageTx, identity, bytes);
    await writeMeta(storageTx, identity, { owner: OWNER, hash: module.hash, names: [] });
    for (const name of names) tx.insert(PERSON, [name]);
  });
  runtime.install(live);
}

async function resolve(storage: MemoryEngine, identity = IDENTITY): Promise<Database> {
  const meta = await storage.transact((tx) => readMeta(tx, identity));
  if (meta === undefined) throw new Error(`no database ${identity}`);
  return { identity, meta };
}

async function people(runtime: Runtime, storage: MemoryEngine, identity = IDENTITY): Promise<unknown[]> {
  const live = await runtime.database(await resolve(storage, identity));
  return live.tables.read(storage, (view) => [...view.scan(PERSON)].map((row) => row[0]));
}

describe('SpacetimeDB runtime caches', () => {
  it('gives concurrent first requests of a process one state per database', async () => {
    const storage = new MemoryEngine();
    await create(process(storage), storage, await loadTestModule('quickstart'), ['ada']);
    const runtime = process(storage);
    const database = await resolve(storage);
    const [first, second] = await Promise.all([runtime.database(database), runtime.database(database)]);
    expect(second).toBe(first);
    expect(await runtime.database(database)).toBe(first);
    const [one, two] = await Promise.all([runtime.instance(first), runtime.instance(first)]);
    expect(two).toBe(one);
  });

  it('serves the fresh state after another process deleted the database and created it anew', async () => {
    const storage = new MemoryEngine();
    const bytes = await loadTestModule('quickstart');
    const a = process(storage);
    const b = process(storage);
    await create(a, storage, bytes, ['old']);
    expect(await people(b, storage)).toEqual(['old']);
    const gone = await resolve(storage);
    await storage.transact((tx) => deleteDatabase(tx, gone));
    a.forget(IDENTITY);
    await create(a, storage, bytes, ['new']);
    expect(await people(b, storage)).toEqual(['new']);
  });

  it('forgets a database whose tables find it deleted, or whose record is gone when loading', async () => {
    const storage = new MemoryEngine();
    const bytes = await loadTestModule('quickstart');
    const a = process(storage);
    const b = process(storage);
    await create(a, storage, bytes, ['ada']);
    const database = await resolve(storage);
    const cached = await b.database(database);
    await cached.tables.read(storage, () => undefined);
    await storage.transact((tx) => deleteDatabase(tx, database));
    await expect(cached.tables.read(storage, () => undefined)).rejects.toBeInstanceOf(DatabaseDroppedError);
    // A request still holding the old record finds the database gone instead of a stale cache.
    await expect(b.database(database)).rejects.toBeInstanceOf(DatabaseDroppedError);
    await expect(process(storage).database(database)).rejects.toBeInstanceOf(DatabaseDroppedError);
  });

  it('builds a new state after forget', async () => {
    const storage = new MemoryEngine();
    const runtime = process(storage);
    await create(runtime, storage, await loadTestModule('quickstart'), ['ada']);
    const database = await resolve(storage);
    const before = await runtime.database(database);
    runtime.forget(IDENTITY);
    const after = await runtime.database(database);
    expect(after).not.toBe(before);
    expect(await after.tables.read(storage, (view) => view.rowCount(PERSON))).toBe(1);
  });

  it('keeps compiled modules only while a database runs them, and at most COMPILED_MODULES_KEPT', async () => {
    const storage = new MemoryEngine();
    const runtime = process(storage);
    const base = await loadTestModule('quickstart');
    // A module whose publish never completes is not kept.
    const rejected = variant(base, 0);
    expect(await runtime.compile(rejected)).not.toBe(await runtime.compile(rejected));

    const modules = Array.from({ length: COMPILED_MODULES_KEPT + 1 }, (_, i) => variant(base, i + 1));
    const identities = modules.map((_, i) => i.toString(16).padStart(64, 'c'));
    for (const [i, bytes] of modules.entries()) await create(runtime, storage, bytes, [], identities[i]);
    const running = await Promise.all(
      identities.map(async (identity) => runtime.database(await resolve(storage, identity))),
    );
    const last = running.at(-1);
    // The most recent are shared by hash; the oldest fell out of the cache.
    expect(await runtime.compile(modules.at(-1) as Uint8Array)).toBe(last?.module);
    expect(await runtime.compile(modules[0] as Uint8Array)).not.toBe(running[0]?.module);

    // Once nobody runs a module, it is dropped.
    runtime.forget(identities.at(-1) as string);
    expect(await runtime.compile(modules.at(-1) as Uint8Array)).not.toBe(last?.module);
  });
});
