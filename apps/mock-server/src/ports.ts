import { createServer } from 'node:net';

/**
 * A port that is free on `host` right now: the OS picks one for a throwaway listener, which is
 * then closed. For programs (Prism) that cannot report the port they got from `--port 0`; another
 * process could take the port in between, which the caller notices as a failed start.
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('No port was assigned.'))));
    });
  });
}

/** Rejects with a clear message when something already listens on host:port. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use.`) : error);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** `http://host:port`, with brackets around IPv6 addresses. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
