import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { StorageEngine } from '../src/index.js';
import { openPGliteEngine } from '../src/pglite.js';
import { openPostgresEngine } from '../src/postgres.js';
import { freshPGliteDataDir, freshPostgresSchema, testPostgresUrl } from '../src/testing.js';

const LOAD = fileURLToPath(new URL('./fixtures/write-load.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * Runs the write load in a child process, kills it with SIGKILL once `acks` commits were
 * acknowledged (with more in flight), and returns the acknowledged numbers.
 */
async function killMidLoad(args: string[], acks: number): Promise<Set<number>> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@dbwire/source', '--import', TSX, LOAD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged = new Set<number>();
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ack ')) acknowledged.add(Number(line.slice(4)));
      }
      if (acknowledged.size >= acks && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the write load exited early (code ${code}, signal ${signal})`));
    });
  });
  await new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve),
  );
  return acknowledged;
}

/** Every acknowledged pair is there in full, and no pair is there by half. */
async function expectAcknowledgedAndWhole(engine: StorageEngine, acknowledged: Set<number>): Promise<void> {
  const [a, b] = await engine.transact(async (tx) => [
    await tx.scan({ prefix: 'pairs/a/' }),
    await tx.scan({ prefix: 'pairs/b/' }),
  ]);
  const numbers = (entries: typeof a) => new Set(entries.map((entry) => Number(entry.key.slice('pairs/a/'.length))));
  const inA = numbers(a);
  const inB = numbers(b);
  for (const n of acknowledged) {
    expect(inA.has(n), `acknowledged write ${n} is missing`).toBe(true);
  }
  expect([...inA].sort()).toEqual([...inB].sort());
  expect(inA.size).toBeGreaterThanOrEqual(acknowledged.size);
}

describe('durability: acknowledged commits survive SIGKILL', () => {
  it('pglite', async () => {
    const { dataDir, dispose } = await freshPGliteDataDir();
    cleanups.push(dispose);
    const acknowledged = await killMidLoad(['pglite', dataDir], 200);
    // The killed process's lock file is stale: reopening takes it over.
    const engine = await openPGliteEngine({ dataDir });
    try {
      await expectAcknowledgedAndWhole(engine, acknowledged);
    } finally {
      await engine.close();
    }
  }, 60_000);

  const url = testPostgresUrl();
  it.runIf(url !== undefined)(
    'postgres',
    async () => {
      const { schema, dispose } = freshPostgresSchema(url as string);
      cleanups.push(dispose);
      const acknowledged = await killMidLoad(['postgres', url as string, schema], 300);
      const engine = await openPostgresEngine({ connectionString: url as string, schema });
      try {
        await expectAcknowledgedAndWhole(engine, acknowledged);
      } finally {
        await engine.close();
      }
    },
    60_000,
  );
});

describe('pglite data directory lock', () => {
  it('refuses a second engine on a data directory in use, and frees it on close', async () => {
    const { dataDir, dispose } = await freshPGliteDataDir();
    cleanups.push(dispose);
    const first = await openPGliteEngine({ dataDir });
    await expect(openPGliteEngine({ dataDir })).rejects.toThrow(/in use by process/);
    await first.close();
    const second = await openPGliteEngine({ dataDir });
    await second.close();
  }, 30_000);
});
