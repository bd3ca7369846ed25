/**
 * The child side of both benchmarks: a process of its own serves the targets, so that the load
 * generator in the parent never shares an event loop with what it measures.
 */
import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import type { ChildMessage, ParentMessage } from './protocol.js';

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
