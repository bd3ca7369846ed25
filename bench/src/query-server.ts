/**
 * The child process of the queries benchmark: serves the reference server (memory engine, as
 * `dbwire serve` runs it), so the load generator in the parent never shares its event loop.
 * Sends `{type: 'ready', url, token}` once it answers; stops on `{type: 'stop'}`.
 */
import { startReferenceServer } from '@dbwire/reference-server';
import type { QueryChildMessage, QueryParentMessage } from './queries-protocol.js';

const send = (message: QueryChildMessage) => process.send?.(message);

async function main(): Promise<void> {
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

  process.on('message', (message: QueryParentMessage) => {
    if (message.type !== 'stop') return;
    server.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', url, token });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
