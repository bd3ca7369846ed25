/**
 * The child side of the benchmarks: a process of its own serves the targets, so that the load
 * generator in the parent never shares an event loop with what it measures.
 */
import {
  type ApiId,
  ENGINES,
  type EngineName,
  type EngineOptions,
  type RunningServer,
  type ServeOptions,
  startReferenceServer,
} from '@dbwire/reference-server';
import type { ChildMessage, EngineServerReady, ParentMessage } from './protocol.js';

/** The reference server as `dbwire serve` runs it (memory engine) on 127.0.0.1, and an admin token. */
export async function startSignedInReference(): Promise<{ server: RunningServer; url: string; token: string }> {
  const server = await startReferenceServer({
    host: '127.0.0.1',
    ports: { typedb: 0 },
    logger: false,
    typedb: { passwordIterations: 1000 },
  });
  const url = server.urls.typedb;
  const signin = await fetch(`${url}/v1/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'password' }),
  });
  if (!signin.ok) throw new Error(`sign-in failed: ${signin.status} ${await signin.text()}`);
  const { token } = (await signin.json()) as { token: string };
  return { server, url, token };
}

/**
 * Runs this process as a benchmark's child: `start` serves the targets and returns what to send in
 * `{type: 'ready', ...}` and how to close them. Stops on `{type: 'stop'}`; a failure to start is
 * sent as `{type: 'failed', message}` and exits with 1.
 */
export function serveChild<Ready>(start: () => Promise<{ ready: Ready; close: () => Promise<unknown> }>): void {
  const send = (message: ChildMessage<Ready>) => process.send?.(message);
  start()
    .then(({ ready, close }) => {
      process.on('message', (message: ParentMessage) => {
        if (message.type !== 'stop') return;
        close().finally(() => process.exit(0));
      });
      send({ type: 'ready', ...ready });
    })
    .catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
}

/**
 * Runs this process as the child of a bench on a storage engine (write daemon, Iceberg, volumes):
 * the reference server on the engine and fresh store the parent chose (engines.ts puts them in the
 * environment: BENCH_CHILD_ENGINE, BENCH_CHILD_DATA_DIR, BENCH_CHILD_DATABASE_URL,
 * BENCH_CHILD_DATABASE_SCHEMA), every API on a free port of 127.0.0.1, with `options` for the APIs.
 * Ready with the base URL of `api`, the one measured.
 */
export function serveEngineChild(
  api: ApiId,
  options: Omit<ServeOptions, 'host' | 'ports' | 'logger' | keyof EngineOptions> = {},
): void {
  serveChild<EngineServerReady>(async () => {
    const engine = process.env.BENCH_CHILD_ENGINE ?? 'memory';
    if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`unknown engine '${engine}'`);
    const server = await startReferenceServer({
      ...options,
      host: '127.0.0.1',
      ports: { [api]: 0 },
      logger: false,
      engine: engine as EngineName,
      dataDir: process.env.BENCH_CHILD_DATA_DIR,
      databaseUrl: process.env.BENCH_CHILD_DATABASE_URL,
      databaseSchema: process.env.BENCH_CHILD_DATABASE_SCHEMA,
    });
    return { ready: { url: server.urls[api], engine }, close: () => server.close() };
  });
}
