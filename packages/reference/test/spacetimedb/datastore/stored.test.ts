import { MemoryEngine } from '@dbwire/storage';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
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

/** The sample module with a third table, `extra` (a copy of `note`): compatible with it. */
function grownSchemas(): TableSchema[] {
  const def = sampleModule();
  const extra = structuredClone(def.tables[1]);
  if (extra === undefined) throw new Error('no table');
  extra.name = 'extra';
  def.tables.push(extra);
  return tableSchemas(def);
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
    const stop = tables.onCommit((event, offset) => seen.push([event.changes, offset]));
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

  it('replace keeping rows migrates them and adds new tables empty; stale holders of the old schemas refuse', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    const elsewhere = database();
    await insertPeople(tables, storage, 'ada');
    await people(elsewhere, storage);

    const grown = database(grownSchemas());
    await expect(
      database(grownSchemas().slice(1)).replace(storage, { previous: tables, keepRows: true }, async () => undefined),
    ).rejects.toThrow(/person was removed/);
    const { value } = await grown.replace(storage, { previous: tables, keepRows: true }, async (tx) => {
      tx.insert(4098, ['new', 1]);
      return [...tx.scan(PERSON)];
    });
    expect(value).toEqual([[1n, 'ada', 1n]]);
    expect(await people(grown, storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await insertPeople(grown, storage, 'bob')).toEqual([[2n, 'bob', 1n]]);
    expect(await grown.read(storage, (view) => [...view.scan(4098)])).toEqual([['new', 1]]);
    // The replaced object (this process) and one with the old schemas (another process) are stale now.
    expect(tables.dropped).toBe(true);
    await expect(people(tables, storage)).rejects.toBeInstanceOf(DatabaseDroppedError);
    await expect(people(elsewhere, storage)).rejects.toBeInstanceOf(DatabaseDroppedError);
    expect(elsewhere.dropped).toBe(true);
    // A fresh object with the new schemas reads the same state.
    expect(await people(database(grownSchemas()), storage)).toHaveLength(2);
  });

  it('replace without rows starts from empty tables and sequences, with the work’s rows in the same commit', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    await insertPeople(tables, storage, 'ada', 'bob');
    const seen: number[] = [];
    const next = database();
    next.onCommit((_event, offset) => seen.push(offset));
    const { value, changes } = await next.replace(storage, { previous: tables, keepRows: false }, async (tx) => {
      expect(tx.rowCount(PERSON)).toBe(0);
      return tx.insert(PERSON, [0n, 'cy', 1n]);
    });
    expect(value).toEqual([1n, 'cy', 1n]);
    expect(changes.tables.map((table) => table.inserts)).toEqual([[[1n, 'cy', 1n]]]);
    expect(seen).toEqual([2]);
    expect(await people(database(), storage)).toEqual([[1n, 'cy', 1n]]);
    expect(tables.dropped).toBe(true);
  });

  it('a replace whose work fails changes nothing: the previous tables stay the database’s', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    await insertPeople(tables, storage, 'ada');
    const snapshot = () => storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${IDENTITY}/` }));
    const before = await snapshot();
    const failure = new Error('init failed');
    for (const [schemas, keepRows] of [
      [tableSchemas(sampleModule()).slice(1), false],
      [grownSchemas(), true],
    ] as const) {
      await expect(
        database(schemas).replace(storage, { previous: tables, keepRows }, async (tx, storageTx) => {
          tx.insert(NOTE, ['x', 1]);
          await storageTx.put(`spacetimedb/db/${IDENTITY}/meta`, new Uint8Array([1]));
          throw failure;
        }),
      ).rejects.toBe(failure);
    }
    expect(await snapshot()).toEqual(before);
    expect(tables.dropped).toBe(false);
    expect(await people(tables, storage)).toEqual([[1n, 'ada', 1n]]);
    expect(await insertPeople(tables, storage, 'bob')).toEqual([[2n, 'bob', 1n]]);
  });

  it('one of two replaces of the same tables wins; the other, and one from stale tables, reject', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    const elsewhere = database();
    await insertPeople(tables, storage, 'ada');
    await people(elsewhere, storage);
    const outcomes = await Promise.allSettled(
      ['first', 'second'].map((name) =>
        database(grownSchemas()).replace(storage, { previous: tables, keepRows: true }, async (tx) =>
          tx.insert(4098, [name, 1]),
        ),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseDroppedError);
    // `elsewhere` (another process) still believes in the old schemas: its replace must not land.
    await expect(
      database().replace(storage, { previous: elsewhere, keepRows: false }, async () => undefined),
    ).rejects.toBeInstanceOf(DatabaseDroppedError);
    const fresh = database(grownSchemas());
    expect(await fresh.read(storage, (view) => [...view.scan(4098)])).toEqual([['first', 1]]);
    expect(await people(fresh, storage)).toEqual([[1n, 'ada', 1n]]);
  });

  it('keys stored rows by the SHA-256 of their BSATN, whatever their size', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    const long = 'x'.repeat(10_000);
    await insertPeople(tables, storage, 'ada', long);
    const rowKeys = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${IDENTITY}/rows/person/` }));
    expect(rowKeys.map((entry) => entry.key.split('/').at(-1))).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    expect(await people(database(), storage)).toEqual([
      [1n, 'ada', 1n],
      [2n, long, 1n],
    ]);
  });

  it('moves rows stored under the hex of their BSATN (the old layout) to digest keys when loading', async () => {
    const storage = new MemoryEngine();
    await insertPeople(database(), storage, 'ada', 'bob');
    const prefix = `spacetimedb/db/${IDENTITY}/rows/person/`;
    // Rewrite the rows the way the old layout stored them.
    await storage.transact(async (tx) => {
      for (const entry of await tx.scan({ prefix })) {
        await tx.delete(entry.key);
        await tx.put(prefix + bytesToHex(entry.value), entry.value);
      }
    });
    const tables = database();
    await tables.mutate(storage, async (tx) => tx.delete(PERSON, [1n, 'ada', 1n]));
    expect(await people(database(), storage)).toEqual([[2n, 'bob', 1n]]);
    const keys = await storage.transact((tx) => tx.scan({ prefix }));
    expect(keys).toHaveLength(1);
    expect(keys.map((entry) => entry.key.slice(prefix.length))).toEqual(
      keys.map((entry) => bytesToHex(sha256(entry.value))),
    );
  });

  it('a holder from before the database was deleted and created anew reloads, though the offset restarted', async () => {
    const storage = new MemoryEngine();
    const created = database();
    await created.replace(storage, { previous: undefined, keepRows: false }, async (tx) =>
      tx.insert(PERSON, [0n, 'old', 1n]),
    );
    const elsewhere = database();
    expect(await people(elsewhere, storage)).toEqual([[1n, 'old', 1n]]);
    await storage.transact((tx) => created.drop(tx));
    const recreated = database();
    await recreated.replace(storage, { previous: undefined, keepRows: false }, async (tx) =>
      tx.insert(PERSON, [0n, 'new', 1n]),
    );
    expect(await people(elsewhere, storage)).toEqual([[1n, 'new', 1n]]);
    expect(await insertPeople(elsewhere, storage, 'next')).toEqual([[2n, 'next', 1n]]);
    expect(await people(recreated, storage)).toEqual([
      [1n, 'new', 1n],
      [2n, 'next', 1n],
    ]);
  });

  it('a holder that finds its database deleted by another process is dropped and writes nothing', async () => {
    const storage = new MemoryEngine();
    const tables = database();
    await insertPeople(tables, storage, 'ada');
    const elsewhere = database();
    await people(elsewhere, storage);
    await storage.transact((tx) => tables.drop(tx));
    await expect(insertPeople(elsewhere, storage, 'bob')).rejects.toBeInstanceOf(DatabaseDroppedError);
    expect(elsewhere.dropped).toBe(true);
    expect(await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${IDENTITY}/` }))).toEqual([]);
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
