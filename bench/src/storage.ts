/**
 * `npm run bench:storage`: throughput of a small read-modify-write transaction on each storage
 * engine (memory, pglite, postgres), one client at a time and several at once, each figure next to
 * the memory engine's single-client rate measured in the same run. See ../README.md ("Storage
 * engines").
 *
 * The transaction reads a JSON counter, writes it back plus one and puts one small record. The
 * engines run in this process (they are libraries; there is no server to put in a child).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getJson, MemoryEngine, putJson, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import { openPGliteEngine } from '@dbwire/storage/pglite';
import { openPostgresEngine } from '@dbwire/storage/postgres';
import { freshPGliteDataDir, freshPostgresSchema, testPostgresUrl } from '@dbwire/storage/testing';
import {
  CLIENTS,
  configOrExitCode,
  type IntegerOption,
  readOptions,
  redactUrl,
  roundOptions,
  roundsUsage,
} from './config.js';
import {
  byTarget,
  type Cleanups,
  type EngineTarget,
  engineTargets,
  errorMessage,
  print,
  printReport,
  type RoundSettings,
  runBench,
  runRounds,
  sampleHead,
  type TargetSample,
} from './harness.js';
import { fixed, median, percentiles, summariseRounds } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/storage.json', import.meta.url));

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface StorageConfig extends RoundSettings {
  /** Concurrent clients of the hot-key and own-keys workloads. */
  clients: number;
  /** A measurement also ends once this many transactions committed (0: only the duration ends it). */
  transactions: number;
  out: string;
}

// Nine targets a round, each warmed up: 1 s measurements keep the default run near a minute.
const ROUNDS = roundOptions(1);

export const USAGE = `Usage: npm run bench:storage [-- options]

Committed transactions per second of a read-modify-write transaction (read a JSON counter, write
it back plus one, put one small record) on the memory, pglite and postgres storage engines: one
client, --clients clients on one hot counter (with the conflict rate; conflicted transactions are
retried), and --clients clients on counters of their own. Every rate is also given as a ratio to
the memory engine's single-client rate in the same run; targets alternate in rounds. postgres runs
when DBWIRE_POSTGRES_URL is set (scripts/test-postgres.sh starts a test server). Every option can
also be set through the environment variable in brackets.

Options:
${roundsUsage(ROUNDS, 24)}
  --clients <n>         Concurrent clients of the concurrent workloads (BENCH_CLIENTS, default 8)
  --transactions <n>    Also end a measurement after n commits, 0 for no limit (BENCH_TRANSACTIONS, default 0)
  --out <file>          JSON results (BENCH_OUT_STORAGE, default results/storage.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof StorageConfig, 'out'>, IntegerOption> = {
  ...ROUNDS,
  clients: { ...CLIENTS, min: 2 },
  transactions: { flag: 'transactions', variable: 'BENCH_TRANSACTIONS', fallback: 0, min: 0, max: 1_000_000_000 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readStorageConfig(argv: string[], env: NodeJS.ProcessEnv, defaultOut: string): StorageConfig | 'help' {
  return readOptions(argv, env, OPTIONS, { variable: 'BENCH_OUT_STORAGE', fallback: defaultOut });
}

// ------------------------------------------------------------------------------------------------
// Engines and workloads
// ------------------------------------------------------------------------------------------------

type EngineId = 'memory' | 'pglite' | 'postgres';

interface EngineUnderTest {
  id: EngineId;
  description: string;
  /**
   * The engine one measurement runs on. memory: a new, empty one each time (so its data, which
   * only grows, is freed between measurements); pglite and postgres: the run's one store, each
   * measurement under keys of its own.
   */
  forMeasurement(): StorageEngine;
}

type WorkloadId = 'single' | 'hot-key' | 'own-keys';

interface Workload {
  id: WorkloadId;
  clients: number;
  /** All clients increment one counter (true), or each its own. */
  sharedCounter: boolean;
  description: string;
}

function workloads(config: StorageConfig): Workload[] {
  return [
    { id: 'single', clients: 1, sharedCounter: false, description: 'one client, one transaction at a time' },
    {
      id: 'hot-key',
      clients: config.clients,
      sharedCounter: true,
      description: `${config.clients} concurrent clients, one counter (conflicts retried)`,
    },
    {
      id: 'own-keys',
      clients: config.clients,
      sharedCounter: false,
      description: `${config.clients} concurrent clients, a counter each`,
    },
  ];
}

type Target = EngineTarget<EngineUnderTest, Workload>;

/** The target every ratio divides by. */
const BASELINE = 'memory/single';

/**
 * A full garbage collection, run before each measurement: the npm script runs node with
 * --expose-gc, so that no measurement pays for the garbage of the runs before it (a memory-engine
 * run leaves a whole store of it). Undefined without the flag.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** A transaction gives up (and fails the run) after this many attempts, all conflicted. */
const MAX_ATTEMPTS = 10_000;

/** Records checked per scan when counting them (keeps every scan small on every engine). */
const COUNT_PAGE = 5000;

/** The keys of one measurement, under its own prefix. */
class Keys {
  constructor(
    private readonly prefix: string,
    private readonly workload: Workload,
  ) {}

  counter(client: number): string {
    return this.workload.sharedCounter ? `${this.prefix}counter` : `${this.prefix}counter/${client}`;
  }

  /** Client `client`'s `seq`th record (0-based), zero-padded so keys sort by `seq`. */
  record(client: number, seq: number): string {
    return `${this.prefix}records/${client}/${String(seq).padStart(10, '0')}`;
  }
}

interface RunResult {
  /** Committed transactions of each client. */
  committed: number[];
  /** Transaction attempts: commits plus conflicts (each conflict was retried). */
  attempts: number;
  seconds: number;
  /** Milliseconds from each committed transaction's first attempt to its commit, retries included. */
  latencies: number[];
}

/**
 * Runs `workload` on `engine` for `seconds` (or until `maxTransactions` committed, when not 0): each
 * client runs one transaction after another, retrying the ones that lose a conflict.
 */
async function runWorkload(
  engine: StorageEngine,
  workload: Workload,
  keys: Keys,
  seconds: number,
  maxTransactions: number,
): Promise<RunResult> {
  const committed = new Array<number>(workload.clients).fill(0);
  const latencies: number[] = [];
  let total = 0;
  let attempts = 0;
  let failed = false;
  const start = performance.now();
  const end = start + seconds * 1000;
  const more = () => !failed && performance.now() < end && (maxTransactions === 0 || total < maxTransactions);
  const client = async (id: number) => {
    const counter = keys.counter(id);
    while (more()) {
      const seq = committed[id] as number;
      const began = performance.now();
      await transactWithRetry(
        engine,
        async (tx) => {
          attempts++;
          const value = ((await getJson<number>(tx, counter)) ?? 0) + 1;
          await putJson(tx, counter, value);
          await putJson(tx, keys.record(id, seq), { client: id, seq, counter: value });
        },
        MAX_ATTEMPTS,
      );
      latencies.push(performance.now() - began);
      committed[id] = seq + 1;
      total++;
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: workload.clients }, (_, id) =>
      client(id).catch((error: unknown) => {
        failed = true; // the other clients stop too
        throw error;
      }),
    ),
  );
  const elapsed = (performance.now() - start) / 1000;
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return { committed, attempts, seconds: elapsed, latencies };
}

/**
 * Throws unless the store holds exactly what committed: every counter equals the increments
 * committed on it (a lost update makes it smaller), and each client has one record per commit.
 */
async function verify(engine: StorageEngine, workload: Workload, keys: Keys, committed: number[]): Promise<void> {
  const problems: string[] = [];
  const total = committed.reduce((a, b) => a + b, 0);
  await engine.transact(async (tx) => {
    const counters = workload.sharedCounter
      ? [{ client: 0, expected: total }]
      : committed.map((n, client) => ({ client, expected: n }));
    for (const { client, expected } of counters) {
      const key = keys.counter(client);
      const value = (await getJson<number>(tx, key)) ?? 0;
      if (value !== expected) {
        problems.push(`counter ${key} is ${value} after ${expected} committed increments (${expected - value} lost)`);
      }
    }
    for (const [client, expected] of committed.entries()) {
      let found = 0;
      // Pages up to one past the last commit, so a record beyond it would be found too.
      for (let from = 0; from <= expected; from += COUNT_PAGE) {
        found += (await tx.scan({ start: keys.record(client, from), end: keys.record(client, from + COUNT_PAGE) }))
          .length;
      }
      if (found !== expected) problems.push(`client ${client} has ${found} records after ${expected} commits`);
    }
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
}

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface StorageSample extends TargetSample<EngineId> {
  /** Committed transactions per second. */
  transactionsPerSecond: number;
  committed: number;
  /** Commits of each client: how evenly a contended key served them. */
  committedPerClient: number[];
  /** The fewest commits of one client / the most of another: 1 when even, near 0 when a client starved. */
  fairness: number;
  attempts: number;
  conflicts: number;
  /** conflicts / attempts. */
  conflictRate: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
}

async function measure(target: Target, seconds: number, round: number, phase: string, config: StorageConfig) {
  const { engine, workload } = target;
  if (phase === 'measure') collectGarbage?.(); // after the warm-up, which leaves garbage of its own
  const store = engine.forMeasurement();
  const keys = new Keys(`bench/${round}-${phase}/${workload.id}/`, workload);
  const run = await runWorkload(store, workload, keys, seconds, config.transactions);
  try {
    await verify(store, workload, keys, run.committed);
  } catch (error) {
    throw new Error(`round ${round} (${phase}), ${target.id}: ${errorMessage(error)}; the run is not valid.`);
  }
  const committed = run.committed.reduce((a, b) => a + b, 0);
  const conflicts = run.attempts - committed;
  const [latencyP50Ms, latencyP99Ms] = percentiles(run.latencies, [0.5, 0.99]) as [number, number];
  return {
    ...sampleHead(target, round),
    transactionsPerSecond: committed / run.seconds,
    committed,
    committedPerClient: run.committed,
    fairness: Math.min(...run.committed) / Math.max(...run.committed),
    attempts: run.attempts,
    conflicts,
    conflictRate: run.attempts > 0 ? conflicts / run.attempts : Number.NaN,
    seconds: run.seconds,
    latencyP50Ms,
    latencyP99Ms,
    latencyMeanMs: run.latencies.reduce((a, b) => a + b, 0) / run.latencies.length,
  } satisfies StorageSample;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

/**
 * Opens the engines (postgres only when `postgresUrl` is set); every step that needs undoing
 * (closing an engine, removing a data directory, dropping a schema) is pushed on `cleanups`.
 */
async function openEngines(
  postgresUrl: string | undefined,
  config: StorageConfig,
  cleanups: Cleanups,
): Promise<EngineUnderTest[]> {
  const engines: EngineUnderTest[] = [
    {
      id: 'memory',
      description: 'MemoryEngine, a new one per measurement',
      forMeasurement: () => new MemoryEngine(),
    },
  ];

  const started = performance.now();
  const dir = await freshPGliteDataDir();
  cleanups.push(dir.dispose);
  const pglite = await openPGliteEngine({ dataDir: dir.dataDir });
  cleanups.push(() => pglite.close());
  engines.push({
    id: 'pglite',
    description: `PGlite in a fresh data directory (${dir.dataDir}), opened in ${fixed(performance.now() - started, 0)} ms`,
    forMeasurement: () => pglite,
  });

  if (postgresUrl !== undefined) {
    const { schema, dispose } = freshPostgresSchema(postgresUrl);
    cleanups.push(dispose);
    const postgres = await openPostgresEngine({
      connectionString: postgresUrl,
      schema,
      maxConnections: Math.max(10, config.clients),
    });
    cleanups.push(() => postgres.close());
    engines.push({
      id: 'postgres',
      description: `PostgreSQL at ${redactUrl(postgresUrl)}, schema ${schema} (dropped afterwards)`,
      forMeasurement: () => postgres,
    });
  }
  return engines;
}

interface Summary {
  target: string;
  clients: number;
  transactionsPerSecond: number;
  /** transactionsPerSecond / the baseline's (memory, one client). */
  ratioToBaseline: number;
  conflictRate: number;
  /** Median over the rounds of each sample's `fairness`. */
  fairness: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** (max - min) / median of transactionsPerSecond over the rounds. */
  spread: number;
}

async function main(argv: string[]): Promise<number> {
  const config = configOrExitCode(() => readStorageConfig(argv, process.env, DEFAULT_OUT), USAGE);
  if (typeof config === 'number') return config;
  return runBench('dbwire bench (storage)', async ({ cleanups, finish }) => {
    const postgresUrl = testPostgresUrl();
    const engines = await openEngines(postgresUrl, config, cleanups);
    const all = engineTargets(engines, workloads(config), (workload) => workload.id);
    const perTarget = config.warmupSeconds + config.durationSeconds;
    print(
      `dbwire bench (storage): ${config.rounds} rounds x ${all.length} targets x ` +
        `(${config.warmupSeconds} s warm-up + ${config.durationSeconds} s): about ${config.rounds * all.length * perTarget} s plus setup`,
    );
    if (!collectGarbage) print('  (no --expose-gc: measurements may pay for the garbage of the one before)');
    for (const engine of engines) print(`  ${engine.id.padEnd(8)}  ${engine.description}`);
    const skipped = postgresUrl === undefined ? 'DBWIRE_POSTGRES_URL is not set' : undefined;
    if (skipped) print(`  postgres  skipped: ${skipped} (scripts/test-postgres.sh starts a test server)`);
    for (const workload of workloads(config)) print(`  ${workload.id.padEnd(8)}  ${workload.description}`);
    print('');

    const samples = await runRounds(config, all, {
      run: (target, seconds, round, phase) => measure(target, seconds, round, phase, config),
      problemOf: (sample) => (sample.committed === 0 ? 'nothing committed' : undefined),
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(17)}  ${fixed(sample.transactionsPerSecond, 0).padStart(7)} tx/s  ` +
        `conflicts ${fixed(sample.conflictRate * 100, 1).padStart(4)} %  ` +
        `p50 ${fixed(sample.latencyP50Ms, 3)} ms  p99 ${fixed(sample.latencyP99Ms, 3)} ms`,
    });

    const baseline = summariseRounds(
      samples.filter((sample) => sample.target === BASELINE),
      (sample) => sample.transactionsPerSecond,
    ).rate;
    const summaries: Summary[] = all.map((target) => {
      const mine = samples.filter((sample) => sample.target === target.id);
      const { rate, latencyP50Ms, latencyP99Ms, spread } = summariseRounds(mine, (s) => s.transactionsPerSecond);
      return {
        target: target.id,
        clients: target.workload.clients,
        transactionsPerSecond: rate,
        ratioToBaseline: rate / baseline,
        conflictRate: median(mine.map((sample) => sample.conflictRate)),
        fairness: median(mine.map((sample) => sample.fairness)),
        latencyP50Ms,
        latencyP99Ms,
        spread,
      };
    });

    printReport(
      [
        'target (median of rounds)',
        'clients',
        'tx/s',
        `/ ${BASELINE}`,
        'conflicts',
        'fairness',
        'p50 ms',
        'p99 ms',
        'spread',
      ],
      summaries.map((summary) => [
        summary.target,
        String(summary.clients),
        fixed(summary.transactionsPerSecond, 0),
        fixed(summary.ratioToBaseline, 4),
        `${fixed(summary.conflictRate * 100, 1)} %`,
        summary.clients > 1 ? fixed(summary.fairness, 2) : '-',
        fixed(summary.latencyP50Ms, 3),
        fixed(summary.latencyP99Ms, 3),
        `${fixed(summary.spread * 100, 1)} %`,
      ]),
      [
        `ratio      committed tx/s / ${BASELINE} tx/s of this run (${fixed(baseline, 0)})`,
        'conflicts  conflicted attempts / attempts; every conflict was retried until it committed',
        'fairness   fewest commits of one client / most commits of another (1 = even, near 0 = a client starved)',
        'p50, p99   latency of a committed transaction, from its first attempt to its commit (retries included)',
        'checked    after every warm-up and measurement: each counter equals its committed increments, each commit',
        '           left its record',
      ],
    );
    if (skipped) print(`\npostgres was not measured: ${skipped}.`);

    await finish({ ...config, garbageCollectedBeforeEachMeasurement: collectGarbage !== undefined }, 'storage', {
      engines: engines.map(({ id, description }) => ({ id, description })),
      skipped: skipped ? { postgres: skipped } : {},
      workloads: workloads(config),
      transaction: 'read a JSON counter, write it back plus one, put one small JSON record under a new key',
      baseline: BASELINE,
      samples,
      medians: byTarget(summaries),
    });
  });
}

process.exitCode = await main(process.argv.slice(2));
