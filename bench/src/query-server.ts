/**
 * The child process of the queries benchmark: serves the reference server (memory engine, as
 * `dbwire serve` runs it), so the load generator in the parent never shares its event loop.
 * Sends `{type: 'ready', url, token}` once it answers; stops on `{type: 'stop'}`.
 */
import { serveChild, startSignedInReference } from './child.js';
import type { ServerReady } from './protocol.js';

serveChild<ServerReady>(async () => {
  const { server, url, token } = await startSignedInReference();
  return { ready: { url, token }, close: () => server.close() };
});
