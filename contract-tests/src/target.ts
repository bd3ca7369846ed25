/**
 * Which server the suites check. Set by the `dbwire conformance` CLI or by environment variables;
 * when no base URL is given, the global setup starts our reference server in-process.
 *
 * | env                | flag            | meaning                                   |
 * |--------------------|-----------------|-------------------------------------------|
 * | DBWIRE_API         | --api           | which API's suites run (`typedb`)         |
 * | DBWIRE_BASE_URL    | --base-url      | the server's base URL                     |
 * | DBWIRE_USERNAME    | --username      | an admin user (TypeDB; default `admin`)   |
 * | DBWIRE_PASSWORD    | --password      | its password (default `password`)         |
 * | DBWIRE_TOKEN       | --token         | a bearer token, for APIs that take one    |
 */
export interface Target {
  api: string;
  baseUrl: string;
  username: string;
  password: string;
  token: string | undefined;
  /** True when the suite started our own reference server (some checks need its known defaults). */
  inProcess: boolean;
}

/** The env var the global setup sets once it has started the in-process server. */
export const IN_PROCESS_URL_ENV = 'DBWIRE_IN_PROCESS_URL';

export function getTarget(): Target {
  const env = process.env;
  const inProcessUrl = env[IN_PROCESS_URL_ENV];
  const baseUrl = (env.DBWIRE_BASE_URL || inProcessUrl || '').replace(/\/$/, '');
  if (!baseUrl) throw new Error('No target: set DBWIRE_BASE_URL (or run through the suite config, which starts one).');
  return {
    api: env.DBWIRE_API || 'typedb',
    baseUrl,
    username: env.DBWIRE_USERNAME || 'admin',
    password: env.DBWIRE_PASSWORD || 'password',
    token: env.DBWIRE_TOKEN || undefined,
    inProcess: !env.DBWIRE_BASE_URL && Boolean(inProcessUrl),
  };
}

/** A name unique to this run, so suites never collide with each other or with existing data. */
export function runScopedName(stem: string): string {
  const run = process.env.DBWIRE_RUN_ID ?? Date.now().toString(36);
  process.env.DBWIRE_RUN_ID = run;
  const random = Math.random().toString(36).slice(2, 8);
  return `${stem}-${run}-${random}`;
}
