import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The APIs `dbwire mock` knows, each with its spec as exported by `@dbwire/specs`. */
export const MOCK_APIS = {
  typedb: { spec: '@dbwire/specs/typedb.yaml' },
} as const;

export type MockApi = keyof typeof MOCK_APIS;

export function isMockApi(name: string): name is MockApi {
  return Object.hasOwn(MOCK_APIS, name);
}

/** The absolute path of an API's OpenAPI document. */
export function specPath(api: MockApi): string {
  return require.resolve(MOCK_APIS[api].spec);
}
