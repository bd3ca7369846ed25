/**
 * Which server the suites check. Set by the `dbwire conformance` CLI or by environment variables;
 * when no base URL is given, the global setup starts our reference server in-process, with every
 * API it serves, and each API's suites check that API's URL.
 *
 * | env                | flag            | meaning                                                  |
 * |--------------------|-----------------|----------------------------------------------------------|
 * | DBWIRE_API         | --api           | the API the base URL and credentials are for (`typedb`)  |
 * | DBWIRE_BASE_URL    | --base-url      | the server's base URL                                    |
 * | DBWIRE_USERNAME    | --username      | an admin user (TypeDB; default `admin`)                  |
 * | DBWIRE_PASSWORD    | --password      | its password (default `password`)                        |
 * | DBWIRE_TOKEN       | --token         | a bearer token, for APIs that take one                   |
 */
export interface Target {
  api: ApiName;
  baseUrl: string;
  username: string;
  password: string;
  token: string | undefined;
  /** True when the suite started our own reference server (some checks need its known defaults). */
  inProcess: boolean;
}

/** The APIs with conformance suites (`suites/<api>/`). */
export const APIS = ['typedb', 'write-daemon', 'iceberg', 'volumes', 'spacetimedb'] as const;
export type ApiName = (typeof APIS)[number];

/** What the in-process reference server is started with, per API (its defaults, known to the suites). */
export const IN_PROCESS_DEFAULTS: Readonly<Record<ApiName, { token?: string }>> = {
  typedb: {},
  // The write-daemon reference's default token (principal `dev`).
  'write-daemon': { token: 'dev-token' },
  // The Iceberg reference catalog's default token.
  iceberg: { token: 'dev-token' },
  // The volumes token of org `dev-org`, workspace `dev-workspace` (with the suite's other tokens: src/volumes/credentials.ts).
  volumes: { token: 'dev-token' },
  // None: credentials are optional on a SpacetimeDB host; the suites mint their identities (POST /v1/identity).
  spacetimedb: {},
};

/** The env var the in-process setup sets: a JSON object of base URLs by API. */
export const IN_PROCESS_URLS_ENV = 'DBWIRE_IN_PROCESS_URLS';

/** The API `DBWIRE_API` names (default `typedb`): the one `DBWIRE_BASE_URL` and the credentials are for. */
export function apiUnderTest(env: NodeJS.ProcessEnv = process.env): string {
  return env.DBWIRE_API || 'typedb';
}

/** The in-process server's base URLs by API, as the setup left them in the environment. */
export function inProcessUrls(env: NodeJS.ProcessEnv = process.env): Partial<Record<ApiName, string>> {
  const text = env[IN_PROCESS_URLS_ENV];
  if (!text) return {};
  return JSON.parse(text) as Partial<Record<ApiName, string>>;
}

/**
 * The server to check for `api` (default: the API under test). A given base URL (`DBWIRE_BASE_URL`)
 * serves the API under test only, and the credentials are for it; without one, each API's suites
 * check the in-process reference server's URL for that API.
 */
export function getTarget(api: ApiName = apiUnderTest() as ApiName, env: NodeJS.ProcessEnv = process.env): Target {
  const external = env.DBWIRE_BASE_URL;
  const underTest = apiUnderTest(env);
  let baseUrl: string | undefined;
  if (external) {
    if (api !== underTest) {
      throw new Error(
        `DBWIRE_BASE_URL is a ${underTest} server (DBWIRE_API=${underTest}); the ${api} suites need DBWIRE_API=${api} and that API's base URL.`,
      );
    }
    baseUrl = external;
  } else {
    baseUrl = inProcessUrls(env)[api];
  }
  if (!baseUrl) {
    throw new Error(
      `No ${api} target: set DBWIRE_BASE_URL (and DBWIRE_API=${api}), or run through the suite config, which starts the reference server.`,
    );
  }
  const ownCredentials = api === underTest;
  const inProcess = !external;
  return {
    api,
    baseUrl: baseUrl.replace(/\/$/, ''),
    username: (ownCredentials && env.DBWIRE_USERNAME) || 'admin',
    password: (ownCredentials && env.DBWIRE_PASSWORD) || 'password',
    token: (ownCredentials && env.DBWIRE_TOKEN) || (inProcess ? IN_PROCESS_DEFAULTS[api].token : undefined),
    inProcess,
  };
}

/** A name unique to this run, so suites never collide with each other or with existing data. */
export function runScopedName(stem: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${stem}-${runId()}-${random}`;
}

/** This run's id (one per worker process, shared through the environment). */
export function runId(): string {
  const run = process.env.DBWIRE_RUN_ID ?? Date.now().toString(36);
  process.env.DBWIRE_RUN_ID = run;
  return run;
}
