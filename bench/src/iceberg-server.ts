/**
 * The child process of the Iceberg benchmark: the reference server's Iceberg REST catalog on one
 * storage engine, so the load generator in the parent never shares its event loop. The engine comes
 * from the environment as for the write daemon (engines.ts); BENCH_CHILD_WAREHOUSE is where new
 * tables go (metadata files are written only when it is a `file:` location). The development token
 * `dev-token` is accepted.
 */
import { ENGINES, type EngineName, startReferenceServer } from '@dbwire/reference-server';
import { serveChild } from './child.js';
import type { IcebergReady } from './protocol.js';

serveChild<IcebergReady>(async () => {
  const engine = process.env.BENCH_CHILD_ENGINE ?? 'memory';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`unknown engine '${engine}'`);
  const server = await startReferenceServer({
    host: '127.0.0.1',
    ports: { iceberg: 0 },
    logger: false,
    engine: engine as EngineName,
    dataDir: process.env.BENCH_CHILD_DATA_DIR,
    databaseUrl: process.env.BENCH_CHILD_DATABASE_URL,
    databaseSchema: process.env.BENCH_CHILD_DATABASE_SCHEMA,
    iceberg: { warehouse: process.env.BENCH_CHILD_WAREHOUSE },
  });
  return { ready: { url: server.urls.iceberg, engine }, close: () => server.close() };
});
