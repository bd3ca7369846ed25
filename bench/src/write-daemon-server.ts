/**
 * The child process of the write-daemon benchmark: the reference server's write daemon on one
 * storage engine, so the load generator in the parent never shares its event loop. The engine comes
 * from the environment (set by the parent, which also makes and removes the PGlite directory or
 * Postgres schema): BENCH_CHILD_ENGINE (memory, pglite, postgres), BENCH_CHILD_DATA_DIR,
 * BENCH_CHILD_DATABASE_URL, BENCH_CHILD_DATABASE_SCHEMA. Quotas are off (a benchmark is not a
 * tenant to rate-limit); the development token `dev-token` is accepted.
 */
import { ENGINES, type EngineName, startReferenceServer } from '@dbwire/reference-server';
import { serveChild } from './child.js';
import type { WriteDaemonReady } from './protocol.js';

serveChild<WriteDaemonReady>(async () => {
  const engine = process.env.BENCH_CHILD_ENGINE ?? 'memory';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`unknown engine '${engine}'`);
  const server = await startReferenceServer({
    host: '127.0.0.1',
    ports: { typedb: 0, 'write-daemon': 0 },
    logger: false,
    engine: engine as EngineName,
    dataDir: process.env.BENCH_CHILD_DATA_DIR,
    databaseUrl: process.env.BENCH_CHILD_DATABASE_URL,
    databaseSchema: process.env.BENCH_CHILD_DATABASE_SCHEMA,
    writeDaemon: { quota: false },
  });
  return { ready: { url: server.urls['write-daemon'], engine }, close: () => server.close() };
});
