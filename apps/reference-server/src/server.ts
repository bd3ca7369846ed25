import type { StorageEngine } from '@dbwire/storage';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { type EngineOptions, openEngine } from './engines.js';
import { buildTypeDBApp, type TypeDBAppOptions } from './typedb/app.js';

/** The APIs `dbwire serve` can run, each on its own conventional port. */
export const API_PORTS = { typedb: 8000 } as const;
export type ApiId = keyof typeof API_PORTS;

export interface ServeOptions extends Partial<EngineOptions> {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Port per API; `0` picks a free one. Defaults to the conventional ports. */
  ports?: Partial<Record<ApiId, number>>;
  logger?: FastifyServerOptions['logger'];
  validateResponses?: boolean;
  /** Use this engine instead of opening one (the caller closes it). */
  storage?: StorageEngine;
  typedb?: TypeDBAppOptions['typedb'];
}

export interface RunningServer {
  /** Base URL per API, e.g. `{ typedb: 'http://127.0.0.1:8000' }`. */
  urls: Record<ApiId, string>;
  apps: Record<ApiId, FastifyInstance>;
  storage: StorageEngine;
  close(): Promise<void>;
}

/** Starts every API of the reference server on one storage engine. */
export async function startReferenceServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const ownsStorage = options.storage === undefined;
  const storage = options.storage ?? (await openEngine({ engine: options.engine ?? 'memory', ...options }));
  const common = { storage, logger: options.logger, validateResponses: options.validateResponses };
  const apps: Record<ApiId, FastifyInstance> = {
    typedb: await buildTypeDBApp({ ...common, typedb: options.typedb }),
  };
  const urls = {} as Record<ApiId, string>;
  try {
    for (const [id, app] of Object.entries(apps) as Array<[ApiId, FastifyInstance]>) {
      await app.listen({ host, port: options.ports?.[id] ?? API_PORTS[id] });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : API_PORTS[id];
      urls[id] = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  } catch (error) {
    await Promise.all(Object.values(apps).map((app) => app.close()));
    if (ownsStorage) await storage.close();
    throw error;
  }
  return {
    urls,
    apps,
    storage,
    async close() {
      await Promise.all(Object.values(apps).map((app) => app.close()));
      if (ownsStorage) await storage.close();
    },
  };
}
