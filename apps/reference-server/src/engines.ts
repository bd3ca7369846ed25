import { MemoryEngine, type StorageEngine } from '@dbwire/storage';

export const ENGINES = ['memory', 'pglite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Where `dbwire serve` keeps its data by default. */
export const DEFAULT_DATA_DIR = './.dbwire-data';

export interface EngineOptions {
  engine: EngineName;
  /** The pglite engine's data directory (default `./.dbwire-data`). */
  dataDir?: string;
  /** The postgres engine's connection string. */
  databaseUrl?: string;
  /** The Postgres schema holding the store (default `dbwire`). */
  databaseSchema?: string;
}

/**
 * Opens the chosen storage engine. The durable engines are imported only when chosen, so the
 * memory engine (tests, mocks) never loads PGlite's WebAssembly or `pg`.
 */
export async function openEngine(options: EngineOptions): Promise<StorageEngine> {
  switch (options.engine) {
    case 'memory':
      return new MemoryEngine();
    case 'pglite': {
      const { openPGliteEngine } = await import('@dbwire/storage/pglite');
      return openPGliteEngine({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR, schema: options.databaseSchema });
    }
    case 'postgres': {
      if (!options.databaseUrl) {
        throw new Error('The postgres engine needs a connection string: --database-url <url> or DATABASE_URL.');
      }
      const { openPostgresEngine } = await import('@dbwire/storage/postgres');
      return openPostgresEngine({ connectionString: options.databaseUrl, schema: options.databaseSchema });
    }
  }
}
