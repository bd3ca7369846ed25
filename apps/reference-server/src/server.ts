import type { StorageEngine } from '@dbwire/storage';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { type EngineOptions, openEngine } from './engines.js';
import { buildIcebergApp, type IcebergAppOptions } from './iceberg/app.js';
import { buildSpacetimedbApp, type SpacetimedbAppOptions } from './spacetimedb/app.js';
import { buildTypeDBApp, type TypeDBAppOptions } from './typedb/app.js';
import { buildVolumesApp, type VolumesAppOptions } from './volumes/app.js';
import { buildWriteDaemonApp, type WriteDaemonAppOptions } from './write-daemon/app.js';

/** The APIs `dbwire serve` can run, each on its own conventional port. */
export const API_PORTS = {
  typedb: 8000,
  'write-daemon': 8400,
  iceberg: 8181,
  volumes: 8300,
  spacetimedb: 3000,
} as const;
export type ApiId = keyof typeof API_PORTS;

export interface ServeOptions extends Partial<EngineOptions> {
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Port per API; `0` picks a free one. Without `ports`, every API listens on its conventional
   * port (`API_PORTS`); with it, an API it leaves out gets a free port, so a caller that pins one
   * API's port (a test, the stateful mock) never collides on the others'.
   */
  ports?: Partial<Record<ApiId, number>>;
  logger?: FastifyServerOptions['logger'];
  validateResponses?: boolean;
  /** Use this engine instead of opening one (the caller closes it). */
  storage?: StorageEngine;
  typedb?: TypeDBAppOptions['typedb'];
  writeDaemon?: WriteDaemonAppOptions['writeDaemon'];
  iceberg?: IcebergAppOptions['iceberg'];
  volumes?: VolumesAppOptions['volumes'];
  spacetimedb?: SpacetimedbAppOptions['spacetimedb'];
}

export interface RunningServer {
  /** Base URL per API, e.g. `{ typedb: 'http://127.0.0.1:8000', 'write-daemon': 'http://127.0.0.1:8400', iceberg: ..., volumes: ..., spacetimedb: ... }`. */
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
  const apps = {} as Record<ApiId, FastifyInstance>;
  const urls = {} as Record<ApiId, string>;
  try {
    apps.typedb = await buildTypeDBApp({ ...common, typedb: options.typedb });
    apps['write-daemon'] = await buildWriteDaemonApp({ ...common, writeDaemon: options.writeDaemon });
    apps.iceberg = await buildIcebergApp({ ...common, iceberg: options.iceberg });
    apps.volumes = await buildVolumesApp({ ...common, volumes: options.volumes });
    apps.spacetimedb = await buildSpacetimedbApp({ ...common, spacetimedb: options.spacetimedb });
    for (const [id, app] of Object.entries(apps) as Array<[ApiId, FastifyInstance]>) {
      await app.listen({ host, port: options.ports === undefined ? API_PORTS[id] : (options.ports[id] ?? 0) });
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
