import { freshPGliteDataDir } from '@dbwire/storage/testing';
import { describe, expect, it } from 'vitest';
import { FREE_PORTS, spawnServe, startServe, typedbSession, useCleanup } from './helpers/serve.js';

const { track, later } = useCleanup();

async function dataDir(): Promise<string> {
  const fresh = await freshPGliteDataDir();
  later(fresh.dispose);
  return fresh.dataDir;
}

/** The environment without DATABASE_URL, so the engine choice is only what the test passes. */
const envWithoutDatabase = () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DBWIRE_ENGINE;
  return env;
};

describe('dbwire serve', () => {
  it('serves TypeDB, logs structured JSON, and shuts down cleanly on SIGTERM', async () => {
    const serve = track(await startServe(['--engine', 'memory']));
    expect(serve.engine).toBe('memory');
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${serve.url}/health`);
    expect(health.status).toBe(204);

    const stopping = serve.waitForLog((line) => line.msg === 'dbwire serve: shutting down');
    serve.child.kill('SIGTERM');
    expect(await stopping).toMatchObject({ signal: 'SIGTERM' });
    expect(await serve.exited).toBe(0);
    await expect(fetch(`${serve.url}/health`)).rejects.toThrow();
  }, 40_000);

  it('persists to a data directory by default (pglite): data survives a restart', async () => {
    const dir = await dataDir();
    const first = track(await startServe(['--data-dir', dir], envWithoutDatabase()));
    expect(first.engine).toBe('pglite');
    const call = await typedbSession(first.url);
    expect((await call('POST', '/v1/databases/kept')).status).toBe(200);
    expect(
      (
        await call('POST', '/v1/query', {
          databaseName: 'kept',
          transactionType: 'schema',
          query: 'define entity note, owns text; attribute text, value string;',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/v1/query', {
          databaseName: 'kept',
          transactionType: 'write',
          query: 'insert $n isa note, has text "remember me";',
        })
      ).status,
    ).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = track(await startServe(['--data-dir', dir], envWithoutDatabase()));
    const again = await typedbSession(second.url);
    expect(await again('GET', '/v1/databases')).toMatchObject({ status: 200, body: { databases: [{ name: 'kept' }] } });
    const notes = await again('POST', '/v1/query', {
      databaseName: 'kept',
      transactionType: 'read',
      query: 'match $n isa note, has text $t; fetch { "text": $t };',
    });
    expect(notes).toMatchObject({ status: 200, body: { answers: [{ text: 'remember me' }] } });
  }, 60_000);

  it('refuses a data directory another server is using, and says so', async () => {
    const dir = await dataDir();
    const first = track(await startServe(['--data-dir', dir], envWithoutDatabase()));
    const second = track(spawnServe([...FREE_PORTS, '--data-dir', dir], envWithoutDatabase()));
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`is in use by process ${first.child.pid}`);
  }, 60_000);

  it('asks for a connection string when the postgres engine has none', async () => {
    const serve = track(spawnServe(['--engine', 'postgres'], envWithoutDatabase()));
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toContain('--database-url');
  }, 30_000);

  it('refuses an unknown engine with a usage message', async () => {
    const serve = track(spawnServe(['--engine', 'floppy']));
    expect(await serve.exited).toBe(2);
    expect(serve.stderr()).toContain("Unknown engine 'floppy'");
  }, 30_000);
});
