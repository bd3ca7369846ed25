/**
 * The storage engines a benchmark's server child can run on (`--engine` / `--engines`, or
 * BENCH_ENGINES), the fresh store each gets: a new PGlite data directory or Postgres schema,
 * removed when the run ends, handed to the child through its environment (BENCH_CHILD_ENGINE,
 * BENCH_CHILD_DATA_DIR, BENCH_CHILD_DATABASE_URL, BENCH_CHILD_DATABASE_SCHEMA), and the children.
 */
import { parseArgs } from 'node:util';
import { freshPGliteDataDir, freshPostgresSchema } from '@dbwire/storage/testing';
import { type IntegerOption, type OutOption, readOptions, redactUrl } from './config.js';
import { type Cleanups, startChild, stopChild } from './harness.js';
import { Http } from './http.js';
import type { EngineServerReady } from './protocol.js';

export const ENGINE_IDS = ['memory', 'pglite', 'postgres'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** `--engine <e>` / `--engines <e,e,...>` in a usage text. */
export const ENGINES_USAGE = `  --engine <e>          Storage engine: memory, pglite or postgres (BENCH_ENGINES, default memory);
  --engines <e,e,...>   ...or several, measured in one run. postgres needs DBWIRE_POSTGRES_URL (a fresh
                        schema there, dropped afterwards); pglite gets a fresh data directory.`;

/**
 * Takes `--engine` / `--engines` (which the shared option reader does not know) out of `argv`;
 * returns the engines chosen there, else in BENCH_ENGINES, else memory, and the remaining arguments.
 * Throws on an unknown engine, and on postgres without DBWIRE_POSTGRES_URL.
 */
export function readEngines(argv: string[], env: NodeJS.ProcessEnv): { engines: EngineId[]; rest: string[] } {
  const { engines, rest } = takeEngines(argv);
  const chosen = parseEngines(engines ?? (env.BENCH_ENGINES?.trim() || 'memory'));
  if (chosen.includes('postgres') && !env.DBWIRE_POSTGRES_URL) {
    throw new Error('the postgres engine needs DBWIRE_POSTGRES_URL (scripts/test-postgres.sh starts a test server)');
  }
  return { engines: chosen, rest };
}

/**
 * Reads the options of a bench on storage engines: `--engine` / `--engines` (`readEngines`), then
 * `integers` and `--out` (`readOptions`; `out` is given the engines, for a default named after them).
 */
export function readEngineBenchOptions<K extends string>(
  argv: string[],
  env: NodeJS.ProcessEnv,
  integers: Readonly<Record<K, IntegerOption>>,
  out: (engines: EngineId[]) => OutOption,
): (Record<K, number> & { out: string; engines: EngineId[] }) | 'help' {
  const { engines, rest } = readEngines(argv, env);
  const options = readOptions(rest, env, integers, out(engines));
  return options === 'help' ? 'help' : { ...options, engines };
}

function takeEngines(argv: string[]): { engines: string | undefined; rest: string[] } {
  const { tokens } = parseArgs({
    args: argv,
    strict: false,
    tokens: true,
    options: { engine: { type: 'string' }, engines: { type: 'string' } },
  });
  const drop = new Set<number>();
  const given: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || (token.name !== 'engine' && token.name !== 'engines')) continue;
    if (token.value === undefined) throw new Error(`--${token.name} needs a value`);
    given.push(token.value);
    drop.add(token.index);
    if (!token.inlineValue) drop.add(token.index + 1);
  }
  if (given.length > 1) throw new Error('give --engine or --engines once');
  return { engines: given[0], rest: argv.filter((_, index) => !drop.has(index)) };
}

function parseEngines(raw: string): EngineId[] {
  const engines = raw
    .split(',')
    .map((engine) => engine.trim())
    .filter(Boolean);
  if (engines.length === 0) throw new Error('no engine given');
  for (const engine of engines) {
    if (!(ENGINE_IDS as readonly string[]).includes(engine)) {
      throw new Error(`unknown engine '${engine}' (memory, pglite, postgres)`);
    }
  }
  if (new Set(engines).size !== engines.length) throw new Error(`an engine is given twice: '${raw}'`);
  return engines as EngineId[];
}

/**
 * A fresh store for `engine` (a PGlite directory, a Postgres schema at DBWIRE_POSTGRES_URL; nothing
 * for memory): the child's environment and a description. Its removal is pushed on `cleanups`.
 */
export async function freshEngineStore(
  engine: EngineId,
  cleanups: Cleanups,
): Promise<{ env: NodeJS.ProcessEnv; description: string }> {
  const env: NodeJS.ProcessEnv = { BENCH_CHILD_ENGINE: engine };
  if (engine === 'pglite') {
    const dir = await freshPGliteDataDir();
    cleanups.push(dir.dispose);
    env.BENCH_CHILD_DATA_DIR = dir.dataDir;
    return { env, description: `PGlite in a fresh data directory (${dir.dataDir}, removed afterwards)` };
  }
  if (engine === 'postgres') {
    const url = process.env.DBWIRE_POSTGRES_URL as string;
    const { schema, dispose } = freshPostgresSchema(url);
    cleanups.push(dispose);
    env.BENCH_CHILD_DATABASE_URL = url;
    env.BENCH_CHILD_DATABASE_SCHEMA = schema;
    return { env, description: `PostgreSQL at ${redactUrl(url)}, schema ${schema} (dropped afterwards)` };
  }
  return { env, description: 'MemoryEngine' };
}

/** A server child on one engine, and a client of the API it serves. */
export interface EngineServer {
  id: EngineId;
  description: string;
  http: Http;
}

/**
 * Starts the server child `script` (child.ts `serveEngineChild`) once per engine, each on a fresh
 * store, all at once, and answers them in the engines' order once each is ready, with a keep-alive
 * client of `sockets` sockets and bearer `token`. `prepare` gives an engine's child more
 * environment, and more of its description. Stopping the children, closing the clients and
 * removing the stores are pushed on `cleanups`.
 */
export async function startEngineServers(
  engines: readonly EngineId[],
  script: URL,
  client: { sockets: number; token: string },
  cleanups: Cleanups,
  prepare?: (engine: EngineId, cleanups: Cleanups) => Promise<{ env: NodeJS.ProcessEnv; description: string }>,
): Promise<EngineServer[]> {
  const started = await Promise.all(
    engines.map(async (engine) => {
      const store = await freshEngineStore(engine, cleanups);
      const more = await prepare?.(engine, cleanups);
      const child = startChild<EngineServerReady>(
        script,
        { subject: `the ${engine} server`, possessive: `the ${engine} server's` },
        { ...store.env, ...more?.env },
      );
      child.ready.catch(() => {}); // awaited below; a child stopped after another failed must not crash the run
      cleanups.push(() => stopChild(child.process));
      return { id: engine, child, description: more ? `${store.description}; ${more.description}` : store.description };
    }),
  );
  const servers: EngineServer[] = [];
  for (const { id, child, description } of started) {
    const { url } = await child.ready;
    const http = new Http(url, client.sockets, client.token);
    cleanups.push(async () => http.close());
    servers.push({ id, description, http });
  }
  return servers;
}
