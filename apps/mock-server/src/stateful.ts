import { type ServeOptions, startReferenceServer } from '@dbwire/reference-server';
import { httpUrl } from './ports.js';
import type { RunningMock } from './running.js';

export interface StatefulMockOptions {
  host?: string;
  /** `0` picks a free port. */
  port?: number;
  logger?: ServeOptions['logger'];
}

/**
 * The stateful mock: the reference server on a fresh in-memory engine, with fast password
 * hashing (it is a mock, not a vault). State lives as long as the process.
 */
export async function startStatefulMock(options: StatefulMockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const server = await startReferenceServer({
    host,
    ports: { typedb: options.port ?? 4010 },
    engine: 'memory',
    logger: options.logger ?? false,
    typedb: { passwordIterations: 1000 },
  });
  const address = server.apps.typedb.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4010);
  return {
    url: httpUrl(host, port),
    kind: 'stateful',
    exited: new Promise<number>(() => {}),
    close: () => server.close(),
  };
}
