import type * as ReferenceServer from '@dbwire/reference-server';
import type * as StorageTesting from '@dbwire/storage/testing';
import type { TestProject } from 'vitest/node';
import { startControlledClock } from './volumes/clock.js';
import { IN_PROCESS_TOKENS, parsePrincipal } from './volumes/credentials.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The in-process reference server's base URL per API (see ./in-process-target.ts). */
    dbwireInProcessUrls: Record<string, string> | undefined;
    /** The control URL of the in-process volumes server's clock (see ./volumes/clock.ts). */
    dbwireVolumesClock: string | undefined;
  }
}

type EngineName = 'memory' | 'pglite' | 'postgres';

/**
 * Starts our reference server in-process when no target was given, so `npm test` checks it by
 * default, on the storage engine the project names (`DBWIRE_ENGINE` in its env: the same suites
 * run once per engine). It serves every API with suites (TypeDB, the write daemon and the Iceberg
 * catalog, each on a port of its own); their URLs reach the project's workers through `provide`.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('dbwireInProcessUrls', undefined);
  project.provide('dbwireVolumesClock', undefined);
  if (process.env.DBWIRE_BASE_URL) return undefined;
  const engine = (project.config.env.DBWIRE_ENGINE ?? 'memory') as EngineName;
  const { startReferenceServer } = await load<typeof ReferenceServer>(project, '@dbwire/reference-server');
  const storage = await storageFor(project, engine);
  const clock = await startControlledClock();
  const server = await startReferenceServer({
    // Every API, each on a free port.
    ports: { typedb: 0, 'write-daemon': 0, iceberg: 0, volumes: 0, spacetimedb: 0 },
    validateResponses: true,
    ...storage.options,
    // Fast password hashing keeps sign-in cheap in a suite that signs in often.
    typedb: { passwordIterations: 1000 },
    // The volumes suites' principals, and a clock they can move (TTLs, URL expiry, leases).
    volumes: { tokens: volumesTokens(), now: clock.now },
  });
  project.provide('dbwireVolumesClock', clock.url);
  // The write daemon's and the Iceberg catalog's default token is `dev-token` (IN_PROCESS_DEFAULTS in ./target.ts).
  project.provide('dbwireInProcessUrls', { ...server.urls });
  return async () => {
    await server.close();
    await clock.close();
    await storage.dispose();
  };
}

/** The in-process volumes tokens (./volumes/credentials.ts) in the reference server's option form. */
function volumesTokens() {
  return Object.fromEntries(
    IN_PROCESS_TOKENS.map(parsePrincipal).map(({ token, org, workspace, permission, app }) => [
      token,
      {
        org_id: org,
        workspace_id: workspace,
        permissions: [`volumes:${permission}` as const],
        ...(app === undefined ? {} : { app_id: app }),
      },
    ]),
  );
}

/** A fresh store for one run of the suites: a copied PGlite directory, or a Postgres schema of its own. */
async function storageFor(project: TestProject, engine: EngineName) {
  const testing = await load<typeof StorageTesting>(project, '@dbwire/storage/testing');
  switch (engine) {
    case 'memory':
      return { options: { engine }, dispose: async () => {} };
    case 'pglite': {
      const { dataDir, dispose } = await testing.freshPGliteDataDir();
      return { options: { engine, dataDir }, dispose };
    }
    case 'postgres': {
      const databaseUrl = testing.testPostgresUrl();
      if (!databaseUrl) throw new Error('The postgres project needs DBWIRE_POSTGRES_URL.');
      const { schema, dispose } = testing.freshPostgresSchema(databaseUrl);
      return { options: { engine, databaseUrl, databaseSchema: schema }, dispose };
    }
  }
}

interface ModuleRunnerLike {
  import(id: string): Promise<unknown>;
}

/**
 * Global setup runs in vitest's own `__vitest__` environment, which does not resolve workspace
 * packages to their sources (`@dbwire/source` is only configured for `ssr`, where tests run). So
 * workspace modules are imported through the ssr environment's module runner, the one tests use; a
 * plain import is the fallback (a built package, or a runner without that environment).
 */
async function load<T>(project: TestProject, id: string): Promise<T> {
  const ssr = project.vite.environments.ssr as unknown as { runner?: ModuleRunnerLike } | undefined;
  const runner = ssr && 'runner' in ssr ? ssr.runner : undefined;
  if (runner) return (await runner.import(id)) as T;
  return (await import(id)) as T;
}
