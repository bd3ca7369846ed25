import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The APIs `dbwire mock` knows: each one's spec (as exported by `@dbwire/specs`) and the port its
 * mock listens on by default.
 *
 * Mocks listen from Prism's own default (4010) up, one port per API, clear of the ports
 * `dbwire serve` uses (8000, 8400, 8181, 8300, 3000), so a mock and the reference server can run side by side.
 */
export const MOCK_APIS = {
  typedb: { spec: '@dbwire/specs/typedb.yaml', port: 4010 },
  'write-daemon': { spec: '@dbwire/specs/write-daemon.yaml', port: 4011 },
  iceberg: { spec: '@dbwire/specs/iceberg.yaml', port: 4012 },
  volumes: { spec: '@dbwire/specs/volumes.yaml', port: 4013 },
  spacetimedb: { spec: '@dbwire/specs/spacetimedb.yaml', port: 4014 },
} as const;

export type MockApi = keyof typeof MOCK_APIS;

export function isMockApi(name: string): name is MockApi {
  return Object.hasOwn(MOCK_APIS, name);
}

/** The absolute path of an API's OpenAPI document. */
export function specPath(api: MockApi): string {
  return require.resolve(MOCK_APIS[api].spec);
}
