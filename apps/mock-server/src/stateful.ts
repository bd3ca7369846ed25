import { type ServeOptions, startReferenceServer } from '@dbwire/reference-server';
import { MOCK_APIS, type MockApi } from './apis.js';
import { httpUrl } from './ports.js';
import type { RunningMock } from './running.js';

export interface StatefulMockOptions {
  /** @default 'typedb' */
  api?: MockApi;
  host?: string;
  /** `0` picks a free port. @default the API's mock port (`MOCK_APIS[api].port`) */
  port?: number;
  logger?: ServeOptions['logger'];
}

/**
 * The stateful mock: the reference server on a fresh in-memory engine, with fast password
 * hashing (it is a mock, not a vault). State lives as long as the process. The reference server
 * runs every API; only `api` gets the requested port (the others take free ones, unannounced).
 */
export async function startStatefulMock(options: StatefulMockOptions = {}): Promise<RunningMock> {
  const api = options.api ?? 'typedb';
  const host = options.host ?? '127.0.0.1';
  const server = await startReferenceServer({
    host,
    ports: { [api]: options.port ?? MOCK_APIS[api].port },
    engine: 'memory',
    logger: options.logger ?? false,
    typedb: { passwordIterations: 1000 },
  });
  const address = server.apps[api].server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? MOCK_APIS[api].port);
  return {
    url: httpUrl(host, port),
    kind: 'stateful',
    exited: new Promise<number>(() => {}),
    close: () => server.close(),
  };
}
