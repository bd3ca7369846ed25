import pg from 'pg';
import type { StorageEngine } from './engine.js';
import { BEGIN_STATEMENTS, type SqlDriver, type SqlRow } from './sql/driver.js';
import { SqlEngine, type SqlEngineOptions } from './sql/engine.js';

export interface PostgresEngineOptions extends SqlEngineOptions {
  /** A libpq connection string, e.g. `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** The most connections this process opens (default 10). */
  maxConnections?: number;
  /** Called when an idle pooled connection fails (the pool replaces it); default: ignored. */
  onIdleError?: (error: Error) => void;
}

/**
 * The scale-out engine: an existing PostgreSQL server over `pg` (pure JavaScript), through the
 * same SQL adapter as PGlite. Any number of processes may share one database: commits are checked
 * and applied in SERIALIZABLE transactions (see ./sql/engine.ts).
 */
export async function openPostgresEngine(options: PostgresEngineOptions): Promise<StorageEngine> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // Without a listener, a connection dropped while idle would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const driver: SqlDriver = {
    query: async (text, params) => (await pool.query<SqlRow>(text, params as unknown[])).rows,
    transaction: async (mode, work) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(BEGIN_STATEMENTS[mode]);
        const result = await work(async (text, params) => (await client.query<SqlRow>(text, params as unknown[])).rows);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection that could not even roll back is closed rather than reused.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
  try {
    return await SqlEngine.open('postgres', driver, options);
  } catch (error) {
    await pool.end();
    throw error;
  }
}
