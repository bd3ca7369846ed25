import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPGliteEngine } from './pglite.js';

/**
 * Helpers for tests that need a durable engine, in this package and the ones built on it.
 *
 * A new PGlite data directory takes seconds to initialise, an existing one well under one; so the
 * first call makes a template directory (shared by every test file of the run, and later runs) and
 * each call copies it.
 */
const TEMPLATE = join(tmpdir(), 'dbwire-pglite-template-v1');

/** A new, empty PGlite data directory (removed by `dispose`). */
export async function freshPGliteDataDir(): Promise<{ dataDir: string; dispose: () => Promise<void> }> {
  await ensureTemplate();
  const dataDir = await mkdtemp(join(tmpdir(), 'dbwire-pglite-'));
  await cp(TEMPLATE, dataDir, { recursive: true });
  return { dataDir, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

async function ensureTemplate(): Promise<void> {
  if (await exists(join(TEMPLATE, 'pglite', 'PG_VERSION'))) return;
  // Built aside and renamed into place, so concurrent test workers never see half a template.
  const building = await mkdtemp(join(tmpdir(), 'dbwire-pglite-template-building-'));
  const engine = await openPGliteEngine({ dataDir: building });
  await engine.close();
  try {
    await rename(building, TEMPLATE);
  } catch {
    // Another worker finished first.
    await rm(building, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The server the postgres-engine tests use: `DBWIRE_POSTGRES_URL` (see scripts/test-postgres.sh). */
export function testPostgresUrl(): string | undefined {
  const url = process.env.DBWIRE_POSTGRES_URL;
  if (!url && process.env.DBWIRE_REQUIRE_POSTGRES === '1') {
    throw new Error('DBWIRE_REQUIRE_POSTGRES=1 but DBWIRE_POSTGRES_URL is not set (run scripts/test-postgres.sh).');
  }
  return url || undefined;
}

/** A schema of its own on the test server, so test files never see each other's keys; dropped by `dispose`. */
export function freshPostgresSchema(connectionString: string): { schema: string; dispose: () => Promise<void> } {
  const schema = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
  return {
    schema,
    dispose: async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
