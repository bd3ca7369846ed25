import { MemoryEngine } from '@dbwire/storage';
import { describe, expect, it } from 'vitest';
import {
  type ChangeSet,
  DatabaseDroppedError,
  DatabaseTables,
  type Row,
  type TableSchema,
  tableSchemas,
} from '../../../src/spacetimedb/datastore/index.js';
import { sampleModule } from './fixture.js';

const PERSON = 4096;
const NOTE = 4097;
const IDENTITY = 'c2'.repeat(32);
const byId = (a: Row, b: Row) => Number((a[0] as bigint) - (b[0] as bigint));

function database(schemas: readonly TableSchema[] = tableSchemas(sampleModule())): DatabaseTables {
  return new DatabaseTables(IDENTITY, schemas);
}

async function people(tables: DatabaseTables, storage: MemoryEngine): Promise<Row[]> {
  return tables.read(storage, (view) => [...view.scan(PERSON)].sort(byId));
}

async function insertPeople(tables: DatabaseTables, storage: MemoryEngine, ...names: string[]): Promise<Row[]> {
  const { value } = await tables.mutate(storage, async (tx) => names.map((name) => tx.insert(PERSON, [0n, name, 1n])));
  return value;
}

describe('DatabaseTables', () => {
  it('persists rows and sequences: a fresh instance reads the same rows and continues the sequence', async () => {
    const storage = new MemoryEngine();
    const first = database();
    await insertPeople(first, storage, 'ada', 'bob');
    await first.mutate(storage, async (tx) => tx.delete(PERSON, [1n, 'ada', 1n]));
    const second = database();
    expect(await people(second, storage)).toEqual([[2n, 'bob', 1n]]);
    expect(await insertPeople(second, storage, 'cy')).toEqual([[3n, 'cy', 1n]]);
    const keys = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${IDENTITY}/` }));
    expect(
      keys.map((entry) => entry.key.slice(`spacetimedb/db/${IDENTITY}/`.length).replace(/[0-9a-f]{8,}$/, '<hex>')),
    ).toEqual(['offset', 'rows/person/<hex>', 'rows/person/<hex>', 'sequences/person/id']);
  });

  it('reloads when another instance over the same storage committed', async () => {
    const storage = new MemoryEngine();
    const first = database();
    const second = database();
    expect(await people(second, storage)).toEqual([]);
    await insertPeople(first, storage, 'ada');
    expect(await people(second, storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await insertPeople(second, storage, 'bob')).toEqual([[2n, 'bob', 1n]]);
    expect(await people(first, storage)).toEqual([
      [1n, 'ada', 1n],
      [2n, 'bob', 1n],
    ]);
  });

  it('runs the work again on fresh state when a concurrent commit conflicts', async () => {
    const storage = new MemoryEngine();
    const first = database();
    const second = database();
    await people(first, storage);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: Row[][] = [];
    const slow = first.mutate(storage, async (tx) => {
      const seen = [...tx.scan(PERSON)];
      runs.push(seen);
      const row = tx.insert(PERSON, [0n, 'slow', 1n]);
      await held;
      return row;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await insertPeople(second, storage, 'fast');
    release();
    const { value } = await slow;
    expect(runs).toEqual([[], [[1n, 'fast', 1n]]]);
    expect(value).toEqual([2n, 'slow', 1n]);
    expect(await people(database(), storage)).toEqual([
      [1n, 'fast', 1n],
      [2n, 'slow', 1n],
    ]);
  });

  it('rolls back and rethrows when the work throws', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    await insertPeople(tables, storage, 'ada');
    const failure = new Error('reducer failed');
    await expect(
      tables.mutate(storage, async (tx, storageTx) => {
        tx.insert(PERSON, [0n, 'bob', 1n]);
        tx.clear(NOTE);
        await storageTx.put(`spacetimedb/db/${IDENTITY}/logs/x`, new Uint8Array([1]));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await people(tables, storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await people(database(), storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await storage.transact((tx) => tx.get(`spacetimedb/db/${IDENTITY}/logs/x`))).toBeUndefined();
    expect(await insertPeople(tables, storage, 'cy')).toEqual([[2n, 'cy', 1n]]);
  });

  it('tells commit listeners the net changes and the new offset, and nothing for an empty transaction', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    const seen: Array<[ChangeSet, number]> = [];
    const stop = tables.onCommit((changes, offset) => seen.push([changes, offset]));
    await insertPeople(tables, storage, 'ada');
    const { changes } = await tables.mutate(storage, async (tx) => tx.rowCount(PERSON));
    expect(changes.tables).toEqual([]);
    await tables.mutate(storage, async (tx) => tx.update(PERSON, 4096, [1n, 'ada', 2n]));
    stop();
    await insertPeople(tables, storage, 'bob');
    expect(seen.map(([set, offset]) => [set.tables.map((table) => [table.inserts, table.deletes]), offset])).toEqual([
      [[[[[1n, 'ada', 1n]], []]], 1],
      [[[[[1n, 'ada', 2n]], [[1n, 'ada', 1n]]]], 2],
    ]);
  });

  it('reset drops every row and sequence; migrate keeps them and adds new tables empty', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    const other = database();
    await insertPeople(tables, storage, 'ada');
    await people(other, storage);

    const def = sampleModule();
    const extra = structuredClone(def.tables[1]);
    if (extra === undefined) throw new Error('no table');
    extra.name = 'extra';
    def.tables.push(extra);
    const grown = tableSchemas(def);
    await storage.transact((tx) => tables.migrate(tx, grown));
    expect(await people(tables, storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await tables.read(storage, (view) => view.rowCount(4098))).toBe(0);

    await expect(storage.transact((tx) => tables.migrate(tx, grown.slice(1)))).rejects.toThrow(/person was removed/);

    await storage.transact((tx) => tables.reset(tx, grown));
    expect(await people(tables, storage)).toEqual([]);
    expect(await people(other, storage)).toEqual([]);
    expect(await insertPeople(tables, storage, 'bob')).toEqual([[1n, 'bob', 1n]]);
  });

  it('refuses reads and writes once dropped', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    await insertPeople(tables, storage, 'ada');
    await storage.transact((tx) => tables.drop(tx));
    expect(tables.dropped).toBe(true);
    await expect(people(tables, storage)).rejects.toBeInstanceOf(DatabaseDroppedError);
    expect(await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${IDENTITY}/` }))).toEqual([]);
  });
});
