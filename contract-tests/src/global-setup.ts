import type * as ReferenceServer from '@dbwire/reference-server';
import type { TestProject } from 'vitest/node';
import { IN_PROCESS_URL_ENV } from './target.js';

/**
 * Starts our reference server in-process when no target was given, so `npm test` checks it by
 * default. Workers inherit the URL through the environment: vitest forks them after global setup
 * has run (checked: `process.env` in a test sees it), and `getTarget()` reads it from there.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DBWIRE_BASE_URL) return undefined;
  const { startReferenceServer } = await loadReferenceServer(project);
  const server = await startReferenceServer({
    ports: { typedb: 0 },
    validateResponses: true,
    // Fast password hashing keeps sign-in cheap in a suite that signs in often.
    typedb: { passwordIterations: 1000 },
  });
  process.env[IN_PROCESS_URL_ENV] = server.urls.typedb;
  return () => server.close();
}

interface ModuleRunnerLike {
  import(id: string): Promise<unknown>;
}

/**
 * Global setup runs in vitest's own `__vitest__` environment, which does not resolve workspace
 * packages to their sources (`@dbwire/source` is only configured for `ssr`, where tests run). So the
 * server is imported through the ssr environment's module runner, the one tests use; a plain import
 * is the fallback (a built package, or a runner without that environment).
 */
async function loadReferenceServer(project: TestProject): Promise<typeof ReferenceServer> {
  const ssr = project.vite.environments.ssr as unknown as { runner?: ModuleRunnerLike } | undefined;
  const runner = ssr && 'runner' in ssr ? ssr.runner : undefined;
  if (runner) return (await runner.import('@dbwire/reference-server')) as typeof ReferenceServer;
  return import('@dbwire/reference-server');
}
