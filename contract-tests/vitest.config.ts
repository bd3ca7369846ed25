import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { dbwireProject } from '../vitest.shared.js';

/**
 * The storage engines the conformance suites run our in-process reference server on: the same
 * behaviour and SDK suites once per engine (the generic checks probe the spec's shapes, which do
 * not depend on the engine, so they run on the main project only): memory, then PGlite, or
 * Postgres instead when a test server is configured (CI starts one; it must be there when
 * DBWIRE_REQUIRE_POSTGRES=1). Against an external server (DBWIRE_BASE_URL) there is no
 * engine to choose, so only the main project runs.
 */
function extraEngines(): string[] {
  if (process.env.DBWIRE_BASE_URL) return [];
  // PGlite and Postgres share one SQL adapter, and PGlite has its own runs elsewhere (the storage
  // conformance suite, the reference server's app and crash tests), so with a Postgres the suites
  // run on it alone: the CI budget cannot carry a third pass over every suite.
  if (process.env.DBWIRE_POSTGRES_URL) return ['postgres'];
  if (process.env.DBWIRE_REQUIRE_POSTGRES === '1') {
    throw new Error('DBWIRE_REQUIRE_POSTGRES=1 but DBWIRE_POSTGRES_URL is not set (run scripts/test-postgres.sh).');
  }
  return ['pglite'];
}

/**
 * The suites to run: every API's against the in-process reference server (which serves them all);
 * against an external server only the suites of the API it serves (`DBWIRE_API`, default typedb).
 */
const suites = process.env.DBWIRE_BASE_URL
  ? `suites/${process.env.DBWIRE_API || 'typedb'}/**/*.test.ts`
  : 'suites/**/*.test.ts';

const SCHEMATHESIS = 'test/schemathesis.test.ts';

const shared = {
  // Set, so the projects also work from the repository root's config, which lists them.
  root: fileURLToPath(new URL('.', import.meta.url)),
  globalSetup: ['./src/global-setup.ts'],
  setupFiles: ['./src/in-process-target.ts'],
};

// `test/` holds the suite's own tests (against faulty servers, the CLI); `suites/` is the
// conformance suite itself, which `dbwire conformance` runs against any server (main project only).
export const contractTestProjects = [
  dbwireProject('contract-tests', {
    ...shared,
    include: ['test/**/*.test.ts', suites],
    exclude: [SCHEMATHESIS],
    env: { DBWIRE_ENGINE: 'memory' },
  }),
  // Schemathesis is a CPU-heavy fuzzer with a wall-clock budget per run: it goes last, on its own,
  // so that the other files (which share the cores) cannot starve it into a timeout.
  dbwireProject('contract-tests:schemathesis', {
    ...shared,
    include: [SCHEMATHESIS],
    env: { DBWIRE_ENGINE: 'memory' },
    sequence: { groupOrder: 1 },
  }),
  ...extraEngines().map((engine) =>
    dbwireProject(`contract-tests:${engine}`, {
      ...shared,
      include: [suites],
      exclude: ['suites/*/generic.test.ts'],
      env: { DBWIRE_ENGINE: engine },
    }),
  ),
];

// Every core: vitest's default leaves one free, which on 2 cores runs one file at a time.
export default defineConfig({ test: { maxWorkers: availableParallelism(), projects: contractTestProjects } });
