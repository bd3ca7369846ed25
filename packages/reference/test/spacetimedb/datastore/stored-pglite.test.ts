import type { StorageEngine } from '@dbwire/storage';
import { openPGliteEngine } from '@dbwire/storage/pglite';
import { freshPGliteDataDir } from '@dbwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseTables, type Row, tableSchemas } from '../../../src/spacetimedb/datastore/index.js';
import { sampleModule } from './fixture.js';

const PERSON = 4096;
const IDENTITY = 'c2'.repeat(32);

/** Rows on a SQL engine: storage keys are indexed there, so they must stay short whatever the row. */
describe('DatabaseTables on pglite', () => {
  let storage: StorageEngine;
  let dispose: () => Promise<void> = async () => {};
  // One engine for the file, in a copy of the shared template directory (a new one takes seconds).
  beforeAll(async () => {
    const fresh = await freshPGliteDataDir();
    dispose = fresh.dispose;
    storage = await openPGliteEngine({ dataDir: fresh.dataDir });
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    await dispose();
  });

  const database = () => new DatabaseTables(IDENTITY, tableSchemas(sampleModule()));
  const people = (tables: DatabaseTables): Promise<Row[]> => tables.read(storage, (view) => [...view.scan(PERSON)]);

  it('stores, reloads and deletes a 10 KB row', async () => {
    // Random text: Postgres compresses index entries, so a repetitive row would slip under its limit.
    const long = Array.from(crypto.getRandomValues(new Uint8Array(10_000)), (byte) =>
      String.fromCharCode(33 + (byte % 94)),
    ).join('');
    const tables = database();
    await tables.replace(storage, { previous: undefined, keepRows: false }, async (tx) =>
      tx.insert(PERSON, [0n, long, 1n]),
    );
    const reloaded = database();
    expect(await people(reloaded)).toEqual([[1n, long, 1n]]);
    await reloaded.mutate(storage, async (tx) => tx.delete(PERSON, [1n, long, 1n]));
    expect(await people(database())).toEqual([]);
    expect(await people(tables)).toEqual([]);
  });
});
