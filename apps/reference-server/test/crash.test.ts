import { freshPGliteDataDir, freshPostgresSchema, testPostgresUrl } from '@dbwire/storage/testing';
import { describe, expect, it } from 'vitest';
import { type ServeProcess, startServe, typedbSession, useCleanup } from './helpers/serve.js';

const { track, later } = useCleanup();

const DATABASE = 'crash';

/**
 * Runs a write load against `dbwire serve` and kills the server with SIGKILL mid-load. Each write
 * is one TypeDB write transaction inserting a pair of items (`a-<n>`, `b-<n>`), committed by the
 * one-shot query endpoint. Returns the numbers whose commit was acknowledged (answered 200).
 */
async function writeUntilKilled(serve: ServeProcess & { url: string }, acknowledgements: number): Promise<Set<number>> {
  const call = await typedbSession(serve.url);
  expect((await call('POST', `/v1/databases/${DATABASE}`)).status).toBe(200);
  const schema = await call('POST', '/v1/query', {
    databaseName: DATABASE,
    transactionType: 'schema',
    query: 'define entity item, owns code @key; attribute code, value string;',
  });
  expect(schema.status).toBe(200);

  const acknowledged = new Set<number>();
  let next = 0;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const n = next++;
      const result = await call('POST', '/v1/query', {
        databaseName: DATABASE,
        transactionType: 'write',
        query: `insert $a isa item, has code "a-${n}"; $b isa item, has code "b-${n}";`,
      }).catch(() => undefined); // the server died under this request: not acknowledged
      if (result?.status === 200) acknowledged.add(n);
      else if (result && !killed) throw new Error(`write ${n} failed: ${result.status} ${JSON.stringify(result.body)}`);
      if (acknowledged.size >= acknowledgements && !killed) {
        killed = true;
        serve.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  await serve.exited;
  return acknowledged;
}

/** After the restart: every acknowledged pair is there, and no pair is there by half. */
async function expectAcknowledgedAndWhole(url: string, acknowledged: Set<number>): Promise<void> {
  const call = await typedbSession(url);
  const result = await call('POST', '/v1/query', {
    databaseName: DATABASE,
    transactionType: 'read',
    query: 'match $i isa item, has code $c; fetch { "code": $c };',
  });
  expect(result.status).toBe(200);
  const codes = new Set((result.body as { answers: Array<{ code: string }> }).answers.map((answer) => answer.code));
  for (const n of acknowledged) {
    expect(codes.has(`a-${n}`) && codes.has(`b-${n}`), `acknowledged write ${n} is missing`).toBe(true);
  }
  for (const code of codes) {
    const [half, n] = code.split('-') as [string, string];
    expect(codes.has(`${half === 'a' ? 'b' : 'a'}-${n}`), `write ${n} is only half there`).toBe(true);
  }
}

const postgresUrl = testPostgresUrl();

/** `dbwire serve` arguments for a fresh store on each durable engine. */
const engines: Array<{ engine: string; args: () => Promise<string[]> }> = [
  {
    engine: 'pglite',
    args: async () => {
      const { dataDir, dispose } = await freshPGliteDataDir();
      later(dispose);
      return ['--engine', 'pglite', '--data-dir', dataDir];
    },
  },
  ...(postgresUrl === undefined
    ? []
    : [
        {
          engine: 'postgres',
          args: async () => {
            const { schema, dispose } = freshPostgresSchema(postgresUrl);
            later(dispose);
            return ['--engine', 'postgres', '--database-url', postgresUrl, '--database-schema', schema];
          },
        },
      ]),
];

describe('crash: SIGKILL under write load loses no acknowledged write and half-applies none', () => {
  it.each(engines)(
    '$engine',
    async ({ args }) => {
      const serveArgs = await args();
      const first = track(await startServe(serveArgs));
      const acknowledged = await writeUntilKilled(first, 60);
      const second = track(await startServe(serveArgs));
      await expectAcknowledgedAndWhole(second.url, acknowledged);
    },
    90_000,
  );
});
