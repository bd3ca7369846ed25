import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { StorageEngine } from './engine.js';
import { lockDirectory } from './lock-file.js';
import type { SqlDriver, SqlRow } from './sql/driver.js';
import { SqlEngine, type SqlEngineOptions } from './sql/engine.js';

export interface PGliteEngineOptions extends SqlEngineOptions {
  /**
   * The data directory (created if absent). The database lives in its `pglite/` folder; a lock
   * file keeps a second process from opening it at the same time. Omit for an in-memory database.
   */
  dataDir?: string;
}

/**
 * The embedded durable engine: PGlite (Postgres compiled to WebAssembly, no native code) behind
 * the same SQL adapter as the `postgres` engine. One process owns a data directory at a time.
 */
export async function openPGliteEngine(options: PGliteEngineOptions = {}): Promise<StorageEngine> {
  const unlock = options.dataDir === undefined ? async () => {} : await lockDirectory(options.dataDir);
  try {
    let pgDataDir: string | undefined;
    if (options.dataDir !== undefined) {
      pgDataDir = join(options.dataDir, 'pglite');
      await mkdir(pgDataDir, { recursive: true });
    }
    const db = await PGlite.create(pgDataDir === undefined ? {} : { dataDir: pgDataDir });
    const driver: SqlDriver = {
      query: async (text, params) => (await db.query<SqlRow>(text, params as unknown[])).rows,
      // PGlite runs one transaction at a time, so a plain transaction is already serializable.
      transaction: (_mode, work) =>
        db.transaction((tx) => work(async (text, params) => (await tx.query<SqlRow>(text, params as unknown[])).rows)),
      close: async () => {
        try {
          await db.close();
        } finally {
          await unlock();
        }
      },
    };
    return await SqlEngine.open('pglite', driver, options);
  } catch (error) {
    await unlock();
    throw error;
  }
}
