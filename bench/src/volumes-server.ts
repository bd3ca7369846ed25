/**
 * The child process of the volumes benchmark: the reference server's volumes store on one storage
 * engine, so the load generator in the parent never shares its event loop. The engine comes from
 * the environment as for the write daemon and Iceberg (engines.ts). The store runs with its
 * defaults: the development token `dev-token` (organization `dev-org`, workspace `dev-workspace`)
 * and the built-in hashing embedder.
 */
import { ENGINES, type EngineName, startReferenceServer } from '@dbwire/reference-server';
import { serveChild } from './child.js';
import type { VolumesReady } from './protocol.js';

serveChild<VolumesReady>(async () => {
  const engine = process.env.BENCH_CHILD_ENGINE ?? 'memory';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`unknown engine '${engine}'`);
  const server = await startReferenceServer({
    host: '127.0.0.1',
    ports: { volumes: 0 },
    logger: false,
    engine: engine as EngineName,
    dataDir: process.env.BENCH_CHILD_DATA_DIR,
    databaseUrl: process.env.BENCH_CHILD_DATABASE_URL,
    databaseSchema: process.env.BENCH_CHILD_DATABASE_SCHEMA,
  });
  return { ready: { url: server.urls.volumes, engine }, close: () => server.close() };
});
