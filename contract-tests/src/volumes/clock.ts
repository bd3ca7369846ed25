import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The server's clock, for the checks of expiry (entry TTLs, presigned URLs, lock leases) that would
 * otherwise wait minutes of real time. Only the in-process reference server offers one: the global
 * setup starts it with `now` from a {@link ControlledClock} and a control listener on 127.0.0.1
 * (test code of this suite, never part of the server), whose URL reaches the workers through
 * vitest's `provide` (functions cannot cross into worker processes). The `clock` capability is on
 * only then; against any other server the checks that need it are skipped.
 *
 * The clock is real time plus an offset that only grows, and it is shared by every test of the
 * run: a test that does not move it must not rely on anything expiring or not expiring within a
 * few minutes (use the longest TTLs there).
 */
export interface ControlledClock {
  now(): number;
  /** The control listener's URL (`POST /advance?ms=<n>`). */
  url: string;
  close(): Promise<void>;
}

/** The env var the workers read the control URL from (set by src/in-process-target.ts). */
export const CLOCK_URL_ENV = 'DBWIRE_VOLUMES_CLOCK_URL';

export async function startControlledClock(): Promise<ControlledClock> {
  let offset = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const ms = Number(url.searchParams.get('ms'));
    if (request.method !== 'POST' || url.pathname !== '/advance' || !Number.isInteger(ms) || ms < 0) {
      response.writeHead(400).end();
      return;
    }
    offset += ms;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ now: Date.now() + offset }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    now: () => Date.now() + offset,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Moves the server's clock `seconds` ahead (the `clock` capability must be on). */
export async function advanceServerClock(seconds: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const url = env[CLOCK_URL_ENV];
  if (!url) throw new Error('No server clock to move: the clock capability needs the in-process reference server.');
  const response = await fetch(`${url}/advance?ms=${Math.round(seconds * 1000)}`, { method: 'POST' });
  if (!response.ok) throw new Error(`The clock control answered ${response.status}.`);
}
