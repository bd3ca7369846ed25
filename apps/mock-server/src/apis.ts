import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The APIs `dbwire mock` knows: each one's spec (as exported by `@dbwire/specs`) and the port its
 * mock listens on by default.
 *
 * TypeDB's mock keeps Prism's own default (4010), clear of `dbwire serve` on 8000. The write
 * daemon's listens on the daemon's conventional port (8400), so a frontend set up for a local
 * daemon talks to the mock unchanged.
 */
export const MOCK_APIS = {
  typedb: { spec: '@dbwire/specs/typedb.yaml', port: 4010 },
  'write-daemon': { spec: '@dbwire/specs/write-daemon.yaml', port: 8400 },
} as const;

export type MockApi = keyof typeof MOCK_APIS;

export function isMockApi(name: string): name is MockApi {
  return Object.hasOwn(MOCK_APIS, name);
}

/** The absolute path of an API's OpenAPI document. */
export function specPath(api: MockApi): string {
  return require.resolve(MOCK_APIS[api].spec);
}
