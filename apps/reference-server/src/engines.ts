import { MemoryEngine, type StorageEngine } from '@dbwire/storage';

export const ENGINES = ['memory', 'pglite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface EngineOptions {
  engine: EngineName;
  dataDir?: string;
  databaseUrl?: string;
}

/** Opens the chosen storage engine. */
export async function openEngine(options: EngineOptions): Promise<StorageEngine> {
  switch (options.engine) {
    case 'memory':
      return new MemoryEngine();
    case 'pglite':
    case 'postgres':
      throw new Error(
        `The ${options.engine} engine is not available yet; use --engine memory. (Durable engines are planned in @dbwire/storage.)`,
      );
  }
}
