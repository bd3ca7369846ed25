/**
 * `npm run bench:iceberg`: throughput of the reference Iceberg REST catalog over HTTP on
 * 127.0.0.1, each figure next to a baseline measured on the same server in the same rounds. See
 * ../README.md ("Iceberg catalog").
 *
 * - commit-<n>/<distinct|same>: `POST /v1/transactions/commit` of 2-table transactions, n concurrent
 *   committers, each on a pair of tables of its own or all on the same pair. A committer works as a
 *   real client does: it appends a snapshot to both tables, requiring `main` to be the snapshot it
 *   last saw; on a 409 it reloads both tables and tries again. Commits/s counts acknowledged
 *   transactions, the 409 rate is 409s / attempts.
 * - load-table: `GET /v1/namespaces/bench/tables/load`.
 * - config: `GET /v1/config`, the catalog's cheapest authenticated call (the baseline).
 *
 * Every answer is checked; an unexpected status, or a 409 on tables nobody else writes, refuses the
 * run. At the end both tables of every pair must hold exactly the acknowledged transactions: a
 * last-sequence-number equal to the count, and a current snapshot made by the same transaction in
 * both (atomicity: no transaction applied to one table and not the other, no lost update).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJson, stringifyJson } from '@dbwire/json';
import { configOrExitCode, type IntegerOption, ROUND_OPTIONS, readOptions } from './config.js';
import { ENGINES_USAGE, type EngineId, freshEngineStore, readEngines } from './engines.js';
import { type Child, errorMessage, machine, print, runRounds, startChild, stopChild, writeResults } from './harness.js';
import { Http, type Reply } from './http.js';
import type { IcebergReady } from './protocol.js';
import { fixed, percentiles, summariseRounds, table } from './stats.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const NAME = 'dbwire bench (iceberg)';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

/** Concurrent committers of the commit workloads (1 committer is both "distinct" and "same"). */
const COMMITTERS = [1, 4, 16] as const;

export interface IcebergConfig {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Concurrent clients of the config and load-table workloads. */
  clients: number;
  /** Snapshots of the table load-table reads. */
  snapshots: number;
  /** 1: a fresh `file:` warehouse, every metadata file written; 0: a location the server writes nothing to. */
  metadataFiles: number;
  engines: EngineId[];
  out: string;
}

export const USAGE = `Usage: npm run bench:iceberg [-- options]

Throughput of the reference Iceberg REST catalog over HTTP on 127.0.0.1: POST /v1/transactions/commit
of 2-table transactions with ${COMMITTERS.join(', ')} concurrent committers, on tables of their own and all
on the same two tables (the 409 rate shows the contention), and GET .../tables/{table}, next to
GET /v1/config on the same server measured in the same interleaved rounds. Every answer is checked,
and at the end every table. Every option can also be set through the environment variable in brackets.

Options:
${ENGINES_USAGE}
  --duration <s>        Measured seconds per target and round (BENCH_DURATION, default 2)
  --warmup <s>          Warm-up seconds before each measurement (BENCH_WARMUP, default 1)
  --rounds <n>          Rounds (BENCH_ROUNDS, default 3)
  --clients <n>         Clients of config and load-table (BENCH_CLIENTS, default 8)
  --snapshots <n>       Snapshots of the table load-table reads (BENCH_SNAPSHOTS, default 10)
  --metadata-files <n>  1: tables in a fresh file: warehouse, the server writes every metadata file;
                        0: a location it writes nothing to (BENCH_METADATA_FILES, default 0)
  --out <file>          JSON results (BENCH_OUT_ICEBERG, default results/iceberg-<engines>.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof IcebergConfig, 'out' | 'engines'>, IntegerOption> = {
  // Seven targets per engine, each warmed up: 2 s measurements keep one engine near a minute.
  durationSeconds: { ...ROUND_OPTIONS.durationSeconds, fallback: 2 },
  warmupSeconds: ROUND_OPTIONS.warmupSeconds,
  rounds: ROUND_OPTIONS.rounds,
  clients: { flag: 'clients', variable: 'BENCH_CLIENTS', fallback: 8, min: 1, max: 256 },
  snapshots: { flag: 'snapshots', variable: 'BENCH_SNAPSHOTS', fallback: 10, min: 0, max: 1000 },
  metadataFiles: { flag: 'metadata-files', variable: 'BENCH_METADATA_FILES', fallback: 0, min: 0, max: 1 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readIcebergConfig(argv: string[], env: NodeJS.ProcessEnv): IcebergConfig | 'help' {
  const { engines, rest } = readEngines(argv, env);
  const fallback = join(RESULTS, `iceberg-${engines.join('-')}.json`);
  const options = readOptions(rest, env, OPTIONS, { variable: 'BENCH_OUT_ICEBERG', fallback });
  if (options === 'help') return 'help';
  return { ...options, engines };
}

// ------------------------------------------------------------------------------------------------
// The catalog: tables, snapshots and transactions
// ------------------------------------------------------------------------------------------------

/** The reference catalog's development token. */
const TOKEN = 'dev-token';
const NAMESPACE = 'bench';
const LOAD_TABLE = 'load';
/** A location no metadata-file writer handles: the catalog assigns metadata locations, nothing is written. */
const NO_FILES_WAREHOUSE = 's3://dbwire-bench/warehouse';
/** A committer that keeps losing its race this often fails the run (it would mean starvation). */
const MAX_ATTEMPTS = 10_000;

type Int64 = number | bigint;

const SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'payload', type: 'string', required: false },
  ],
};

/** The parts of table metadata the bench reads (int64 values may be bigint: parsed with @dbwire/json). */
interface Metadata {
  'table-uuid': string;
  location: string;
  'current-snapshot-id'?: Int64 | null;
  'last-sequence-number': Int64;
  snapshots?: Array<{ 'snapshot-id': Int64; summary: Record<string, string> }>;
}

interface LoadResult {
  'metadata-location': string;
  metadata: Metadata;
}

/** A random positive 63-bit snapshot id, as pyiceberg and the Java client make them. */
function snapshotId(): bigint {
  return BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()) || 1n;
}

const tablePath = (name: string) => `/v1/namespaces/${NAMESPACE}/tables/${encodeURIComponent(name)}`;

/** What one client knows of a table: as last loaded, or as its own last commit left it. */
class TableView {
  uuid = '';
  location = '';
  current: Int64 | null = null;
  sequence: Int64 = 0;

  constructor(readonly name: string) {}

  async load(http: Http): Promise<Metadata> {
    const { metadata } = await http.ok<LoadResult>('GET', tablePath(this.name), undefined, JSON_INT64);
    this.uuid = metadata['table-uuid'];
    this.location = metadata.location;
    this.current = metadata['current-snapshot-id'] ?? null;
    if (this.current === -1) this.current = null;
    this.sequence = metadata['last-sequence-number'];
    return metadata;
  }

  /**
   * This table's change in a transaction: append snapshot `id` (tagged `tag`) on top of the one
   * this view saw, requiring `main` to still be that one, and expire the one it replaces, so the
   * table's metadata keeps one snapshot and the same size all run.
   */
  change(id: bigint, tag: string, now: number) {
    const sequence = BigInt(this.sequence) + 1n;
    return {
      identifier: { namespace: [NAMESPACE], name: this.name },
      requirements: [
        { type: 'assert-table-uuid', uuid: this.uuid },
        { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': this.current },
      ],
      updates: [
        {
          action: 'add-snapshot',
          snapshot: {
            'snapshot-id': id,
            ...(this.current === null ? {} : { 'parent-snapshot-id': this.current }),
            'sequence-number': sequence,
            'timestamp-ms': now,
            'manifest-list': `${this.location}/metadata/snap-${id}-1-bench.avro`,
            summary: { operation: 'append', 'bench-commit': tag },
            'schema-id': 0,
          },
        },
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
        ...(this.current === null ? [] : [{ action: 'remove-snapshots', 'snapshot-ids': [this.current] }]),
      ],
    };
  }

  /** After this view's own commit of `id` was acknowledged. */
  committed(id: bigint): void {
    this.current = id;
    this.sequence = BigInt(this.sequence) + 1n;
  }
}

const JSON_INT64 = { parse: parseJson, stringify: stringifyJson };

/** A pair of tables that transactions change together, and the transactions acknowledged on it. */
class Pair {
  /** Tags of the acknowledged transactions (warm-ups included). */
  readonly acknowledged = new Set<string>();

  constructor(
    readonly a: string,
    readonly b: string,
  ) {}
}

// ------------------------------------------------------------------------------------------------
// Workloads and targets
// ------------------------------------------------------------------------------------------------

type Kind = 'config' | 'load-table' | 'commit';

interface Workload {
  id: string;
  kind: Kind;
  clients: number;
  /** Commit workloads: whether every committer writes the same pair. */
  shared: boolean;
  description: string;
}

function workloads(config: IcebergConfig): Workload[] {
  const commits = COMMITTERS.flatMap((committers): Workload[] => {
    const one = (shared: boolean): Workload => ({
      id: committers === 1 ? 'commit-1' : `commit-${committers}/${shared ? 'same' : 'distinct'}`,
      kind: 'commit',
      clients: committers,
      shared,
      description:
        committers === 1
          ? '2-table transactions, 1 committer (no contention: both "distinct" and "same")'
          : shared
            ? `2-table transactions, ${committers} committers all on the same 2 tables`
            : `2-table transactions, ${committers} committers, 2 tables of its own each`,
    });
    return committers === 1 ? [one(false)] : [one(false), one(true)];
  });
  return [
    {
      id: 'config',
      kind: 'config',
      clients: config.clients,
      shared: false,
      description: `GET /v1/config, ${config.clients} clients (the baseline: the cheapest authenticated call)`,
    },
    {
      id: 'load-table',
      kind: 'load-table',
      clients: config.clients,
      shared: false,
      description: `GET ${tablePath(LOAD_TABLE)}, ${config.clients} clients, a table of ${config.snapshots} snapshots`,
    },
    ...commits,
  ];
}

interface EngineUnderTest {
  id: EngineId;
  description: string;
  http: Http;
  /** The pairs of each commit workload (one per committer, or one shared). */
  pairs: Map<string, Pair[]>;
  /** What load-table must answer. */
  loadTable: { metadataLocation: string; uuid: string };
}

interface Target {
  id: string;
  engine: EngineUnderTest;
  workload: Workload;
}

async function createTable(http: Http, name: string): Promise<void> {
  await http.ok('POST', `/v1/namespaces/${NAMESPACE}/tables`, { name, schema: SCHEMA });
}

/** Creates the namespace, the load-table table (with its snapshots) and every commit workload's tables. */
async function setUpEngine(http: Http, all: readonly Workload[], snapshots: number) {
  await http.ok('POST', '/v1/namespaces', { namespace: [NAMESPACE] });
  await createTable(http, LOAD_TABLE);
  // The read target's table gets its snapshots through ordinary appends (kept, not expired).
  const view = new TableView(LOAD_TABLE);
  await view.load(http);
  for (let i = 0; i < snapshots; i++) {
    const id = snapshotId();
    const change = view.change(id, `setup-${i}`, Date.now());
    change.updates = change.updates.filter((update) => update.action !== 'remove-snapshots');
    const reply = await http.send('POST', tablePath(LOAD_TABLE), stringifyJson(change));
    if (reply.status !== 200) throw new Error(`setting up ${LOAD_TABLE}: ${reply.status} ${reply.text.slice(0, 500)}`);
    view.committed(id);
  }
  const loaded = await http.ok<LoadResult>('GET', tablePath(LOAD_TABLE), undefined, JSON_INT64);
  if ((loaded.metadata.snapshots ?? []).length !== snapshots) throw new Error(`${LOAD_TABLE} has the wrong snapshots`);

  const pairs = new Map<string, Pair[]>();
  for (const workload of all) {
    if (workload.kind !== 'commit') continue;
    const base = workload.id.replace(/[^a-z0-9]+/g, '_');
    const count = workload.shared ? 1 : workload.clients;
    const mine: Pair[] = [];
    for (let i = 0; i < count; i++) {
      const pair = new Pair(`${base}_${i}_a`, `${base}_${i}_b`);
      await createTable(http, pair.a);
      await createTable(http, pair.b);
      mine.push(pair);
    }
    pairs.set(workload.id, mine);
  }
  return {
    pairs,
    loadTable: { metadataLocation: loaded['metadata-location'], uuid: loaded.metadata['table-uuid'] },
  };
}

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface IcebergSample {
  target: string;
  engine: EngineId;
  workload: string;
  round: number;
  clients: number;
  /** Acknowledged transactions per second (config, load-table: requests per second). */
  perSecond: number;
  /** Acknowledged (and checked) answers. */
  completed: number;
  /** Commit workloads: requests sent, 409s among them, and their ratio. */
  attempts: number;
  conflicts: number;
  conflictRate: number;
  /** Answers that are neither the success nor (for commits) a 409 CommitFailedException, by status. */
  unexpectedByStatus: Record<string, number>;
  unexpected: number;
  /** Requests that got no answer (connection errors, timeouts). */
  errors: number;
  /** Successful answers that were not what they must be. */
  mismatches: number;
  firstProblem?: string;
  seconds: number;
  /** Latency of a completed request; for commits from the first attempt to the acknowledgement. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
}

function problemOf(sample: IcebergSample, workload: Workload): string | undefined {
  const problems = [
    sample.unexpected > 0 &&
      `${sample.unexpected} unexpected answers (${Object.entries(sample.unexpectedByStatus)
        .map(([status, count]) => `${count} x ${status}`)
        .join(', ')})`,
    sample.errors > 0 && `${sample.errors} requests without an answer`,
    sample.mismatches > 0 && `${sample.mismatches} wrong answers`,
    // Nobody else writes a committer's own tables: a 409 there is a catalog bug, not contention.
    workload.kind === 'commit' &&
      !workload.shared &&
      sample.conflicts > 0 &&
      `${sample.conflicts} 409s without contention`,
    sample.completed === 0 && 'nothing completed',
  ].filter(Boolean);
  if (problems.length === 0) return undefined;
  return `${problems.join(', ')}${sample.firstProblem ? ` (first: ${sample.firstProblem})` : ''}`;
}

/** Counters of one measurement, shared by its clients. */
class Tally {
  readonly latencies: number[] = [];
  readonly unexpectedByStatus: Record<string, number> = {};
  completed = 0;
  attempts = 0;
  conflicts = 0;
  unexpected = 0;
  errors = 0;
  mismatches = 0;
  firstProblem: string | undefined;

  note(problem: string): void {
    this.firstProblem ??= problem.slice(0, 500);
  }

  unexpectedAnswer(reply: Reply): void {
    this.unexpected++;
    this.unexpectedByStatus[reply.status] = (this.unexpectedByStatus[reply.status] ?? 0) + 1;
    this.note(`${reply.status} ${reply.text}`);
  }
}

/** One read client: GET `path` until `end`, each 200 answer checked by `check`. */
async function reader(
  http: Http,
  path: string,
  check: (body: unknown) => string | undefined,
  end: number,
  tally: Tally,
) {
  while (performance.now() < end) {
    const began = performance.now();
    let reply: Reply;
    try {
      reply = await http.send('GET', path);
    } catch (error) {
      tally.errors++;
      tally.note(errorMessage(error));
      return;
    }
    tally.attempts++;
    if (reply.status !== 200) {
      tally.unexpectedAnswer(reply);
      continue;
    }
    const problem = check(JSON.parse(reply.text));
    if (problem !== undefined) {
      tally.mismatches++;
      tally.note(problem);
      continue;
    }
    tally.latencies.push(performance.now() - began);
    tally.completed++;
  }
}

let tagCounter = 0;

/**
 * One committer on `pair`: transactions until `end`, each retried after a 409 (reloading both
 * tables first) until it is acknowledged; the transaction in flight at `end` is finished.
 */
async function committer(http: Http, pair: Pair, end: number, tally: Tally): Promise<void> {
  const a = new TableView(pair.a);
  const b = new TableView(pair.b);
  await Promise.all([a.load(http), b.load(http)]);
  while (performance.now() < end) {
    const began = performance.now();
    const tag = `t${++tagCounter}`;
    for (let attempt = 1; ; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        tally.errors++;
        tally.note(`a transaction lost ${MAX_ATTEMPTS} times in a row`);
        return;
      }
      const ids = [snapshotId(), snapshotId()] as const;
      const now = Date.now();
      const body = stringifyJson({ 'table-changes': [a.change(ids[0], tag, now), b.change(ids[1], tag, now)] });
      let reply: Reply;
      try {
        reply = await http.send('POST', '/v1/transactions/commit', body);
      } catch (error) {
        tally.errors++;
        tally.note(errorMessage(error));
        return;
      }
      tally.attempts++;
      if (reply.status === 204) {
        a.committed(ids[0]);
        b.committed(ids[1]);
        pair.acknowledged.add(tag);
        tally.latencies.push(performance.now() - began);
        tally.completed++;
        break;
      }
      if (reply.status === 409 && reply.text.includes('"CommitFailedException"')) {
        tally.conflicts++;
        try {
          await Promise.all([a.load(http), b.load(http)]);
        } catch (error) {
          tally.errors++;
          tally.note(`reloading after a 409: ${errorMessage(error)}`);
          return;
        }
        continue;
      }
      tally.unexpectedAnswer(reply);
      return;
    }
  }
}

async function measure(target: Target, seconds: number, round: number, phase: 'warmup' | 'measure') {
  const { engine, workload } = target;
  const tally = new Tally();
  const start = performance.now();
  const end = start + seconds * 1000;
  if (workload.kind === 'commit') {
    const pairs = engine.pairs.get(workload.id) ?? [];
    await Promise.all(
      Array.from({ length: workload.clients }, (_, i) =>
        committer(engine.http, pairs[i % pairs.length] as Pair, end, tally),
      ),
    );
  } else {
    const { path, check } =
      workload.kind === 'config'
        ? {
            path: '/v1/config',
            check: (body: unknown) => {
              const config = body as { defaults?: unknown; overrides?: unknown; endpoints?: unknown[] };
              return config.defaults && config.overrides && Array.isArray(config.endpoints)
                ? undefined
                : `config answered ${JSON.stringify(body).slice(0, 200)}`;
            },
          }
        : {
            path: tablePath(LOAD_TABLE),
            check: (body: unknown) => {
              const loaded = body as LoadResult;
              return loaded['metadata-location'] === engine.loadTable.metadataLocation &&
                loaded.metadata?.['table-uuid'] === engine.loadTable.uuid
                ? undefined
                : `load-table answered ${JSON.stringify(body).slice(0, 200)}`;
            },
          };
    await Promise.all(Array.from({ length: workload.clients }, () => reader(engine.http, path, check, end, tally)));
  }
  const elapsed = (performance.now() - start) / 1000;
  const [latencyP50Ms, latencyP99Ms] = percentiles(tally.latencies, [0.5, 0.99]) as [number, number];
  const sample: IcebergSample = {
    target: target.id,
    engine: engine.id,
    workload: workload.id,
    round,
    clients: workload.clients,
    perSecond: tally.completed / elapsed,
    completed: tally.completed,
    attempts: tally.attempts,
    conflicts: tally.conflicts,
    conflictRate: tally.attempts > 0 ? tally.conflicts / tally.attempts : 0,
    unexpectedByStatus: tally.unexpectedByStatus,
    unexpected: tally.unexpected,
    errors: tally.errors,
    mismatches: tally.mismatches,
    ...(tally.firstProblem === undefined ? {} : { firstProblem: tally.firstProblem }),
    seconds: elapsed,
    latencyP50Ms,
    latencyP99Ms,
    latencyMeanMs: tally.latencies.reduce((sum, value) => sum + value, 0) / tally.latencies.length,
  };
  // runRounds checks measurements; a warm-up's problems refuse the run just the same.
  const problem = phase === 'warmup' ? problemOf(sample, workload) : undefined;
  if (problem) throw new Error(`round ${round}, ${target.id} (warm-up): ${problem}; the run is not valid.`);
  return sample;
}

// ------------------------------------------------------------------------------------------------
// The final check
// ------------------------------------------------------------------------------------------------

interface PairCheck {
  engine: EngineId;
  workload: string;
  tables: [string, string];
  transactions: number;
}

/**
 * Throws unless both tables of every pair hold exactly the acknowledged transactions: each
 * transaction bumps both tables' last-sequence-number by one, so both must equal the count; the
 * current snapshot of both must come from the same acknowledged transaction; and each table keeps
 * one snapshot (every append expired the one before).
 */
async function check(engine: EngineUnderTest, all: readonly Workload[]): Promise<PairCheck[]> {
  const checks: PairCheck[] = [];
  for (const workload of all) {
    for (const pair of engine.pairs.get(workload.id) ?? []) {
      const where = `${engine.id}, ${workload.id}, tables ${pair.a} and ${pair.b}`;
      const count = pair.acknowledged.size;
      const tags: string[] = [];
      for (const name of [pair.a, pair.b]) {
        const metadata = await new TableView(name).load(engine.http);
        if (BigInt(metadata['last-sequence-number']) !== BigInt(count)) {
          throw new Error(
            `${where}: ${name} has last-sequence-number ${metadata['last-sequence-number']} after ${count} acknowledged transactions`,
          );
        }
        const snapshots = metadata.snapshots ?? [];
        const current = snapshots.find((snapshot) => snapshot['snapshot-id'] === metadata['current-snapshot-id']);
        if (count > 0 && (snapshots.length !== 1 || current === undefined)) {
          throw new Error(
            `${where}: ${name} keeps ${snapshots.length} snapshots, the current one among them: ${Boolean(current)}`,
          );
        }
        tags.push(current?.summary['bench-commit'] ?? '');
      }
      if (count > 0 && (tags[0] !== tags[1] || !pair.acknowledged.has(tags[0] as string))) {
        throw new Error(
          `${where}: the current snapshots come from transactions ${tags.join(' and ')}, not one acknowledged one`,
        );
      }
      checks.push({ engine: engine.id, workload: workload.id, tables: [pair.a, pair.b], transactions: count });
    }
  }
  return checks;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

/** Starts the catalog on `engine` in a child process, with a fresh store (and warehouse with --metadata-files 1). */
async function startEngine(engine: EngineId, metadataFiles: boolean, cleanups: Array<() => Promise<void>>) {
  const { env, description } = await freshEngineStore(engine, cleanups);
  let warehouse = NO_FILES_WAREHOUSE;
  if (metadataFiles) {
    const dir = await mkdtemp(join(tmpdir(), 'dbwire-bench-iceberg-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    warehouse = pathToFileURL(dir).href;
  }
  env.BENCH_CHILD_WAREHOUSE = warehouse;
  const child: Child<IcebergReady> = startChild<IcebergReady>(
    new URL('./iceberg-server.ts', import.meta.url),
    { subject: `the ${engine} server`, possessive: `the ${engine} server's` },
    env,
  );
  child.ready.catch(() => {}); // awaited later; a child stopped after another failed must not crash the run
  cleanups.push(() => stopChild(child.process));
  return { child, description: `${description}; warehouse ${warehouse}` };
}

interface Summary {
  target: string;
  engine: EngineId;
  workload: string;
  clients: number;
  /** Median acknowledged transactions/s (config, load-table: req/s). */
  perSecond: number;
  /** perSecond / the same engine's config req/s. */
  ratioToConfig: number;
  /** 409s / attempts over every measurement (commit workloads). */
  conflictRate: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  spread: number;
}

async function main(argv: string[]): Promise<number> {
  const config = configOrExitCode(() => readIcebergConfig(argv, process.env), USAGE);
  if (typeof config === 'number') return config;
  const loadBefore = loadavg();
  const began = performance.now();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const all = workloads(config);
    const sockets = Math.max(config.clients, ...COMMITTERS);
    const started = await Promise.all(
      config.engines.map((engine) => startEngine(engine, config.metadataFiles === 1, cleanups)),
    );
    const engines: EngineUnderTest[] = [];
    for (const [index, { child, description }] of started.entries()) {
      const { url } = await child.ready;
      const http = new Http(url, sockets, TOKEN);
      cleanups.push(async () => http.close());
      const setupBegan = performance.now();
      const { pairs, loadTable } = await setUpEngine(http, all, config.snapshots);
      engines.push({
        id: config.engines[index] as EngineId,
        description: `${description}; setup ${fixed(performance.now() - setupBegan, 0)} ms`,
        http,
        pairs,
        loadTable,
      });
    }
    const targets: Target[] = engines.flatMap((engine) =>
      all.map((workload) => ({ id: `${engine.id}/${workload.id}`, engine, workload })),
    );
    const expected =
      (config.rounds * (config.warmupSeconds + config.durationSeconds) + config.warmupSeconds) * targets.length;
    print(
      `${NAME}: ${config.rounds} rounds x ${targets.length} targets x ` +
        `(${config.warmupSeconds} s warm-up + ${config.durationSeconds} s), after a priming pass of ` +
        `${config.warmupSeconds} s per target: about ${expected} s plus setup`,
    );
    for (const engine of engines) print(`  ${engine.id.padEnd(8)}  ${engine.description}`);
    for (const workload of all) print(`  ${workload.id.padEnd(19)}  ${workload.description}`);
    print('');

    // An unmeasured (but checked) pass first, as in the write-daemon bench: the first measurement
    // of a cold server and client is several times slower than the same target later.
    if (config.warmupSeconds > 0) {
      const primeBegan = performance.now();
      for (const target of targets) await measure(target, config.warmupSeconds, 0, 'warmup');
      print(`  primed every target (${fixed((performance.now() - primeBegan) / 1000, 0)} s, unmeasured)`);
    }
    const samples = await runRounds(config, targets, {
      run: (target, seconds, round, phase) => measure(target, seconds, round, phase),
      problemOf: (sample) => problemOf(sample, targets.find((t) => t.id === sample.target)?.workload as Workload),
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(27)}  ` +
        `${fixed(sample.perSecond, 0).padStart(6)} ${sample.workload.startsWith('commit') ? 'tx/s ' : 'req/s'}  ` +
        `409 ${fixed(sample.conflictRate * 100, 1).padStart(5)} %  ` +
        `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms`,
    });

    print('\nchecking every table pair (sequence numbers, current snapshots)...');
    const checks: PairCheck[] = [];
    for (const engine of engines) checks.push(...(await check(engine, all)));
    const committed = checks.reduce((sum, pair) => sum + pair.transactions, 0);
    print(`  ok: ${checks.length} pairs, ${committed} transactions (warm-ups included), both tables of each in step`);

    const summaries: Summary[] = targets.map((target) => {
      const mine = samples.filter((sample) => sample.target === target.id);
      const baseline = summariseRounds(
        samples.filter((sample) => sample.target === `${target.engine.id}/config`),
        (sample) => sample.perSecond,
      ).rate;
      const { rate, latencyP50Ms, latencyP99Ms, spread } = summariseRounds(mine, (sample) => sample.perSecond);
      const attempts = mine.reduce((sum, sample) => sum + sample.attempts, 0);
      const conflicts = mine.reduce((sum, sample) => sum + sample.conflicts, 0);
      return {
        target: target.id,
        engine: target.engine.id,
        workload: target.workload.id,
        clients: target.workload.clients,
        perSecond: rate,
        ratioToConfig: rate / baseline,
        conflictRate: attempts > 0 ? conflicts / attempts : 0,
        latencyP50Ms,
        latencyP99Ms,
        spread,
      };
    });

    print('');
    print(
      table(
        ['target (median of rounds)', 'clients', 'tx/s', '/ config', '409 rate', 'p50 ms', 'p99 ms', 'spread'],
        summaries.map((summary) => [
          summary.target,
          String(summary.clients),
          summary.workload.startsWith('commit')
            ? fixed(summary.perSecond, 0)
            : `(${fixed(summary.perSecond, 0)} req/s)`,
          fixed(summary.ratioToConfig, 3),
          summary.workload.startsWith('commit') ? `${fixed(summary.conflictRate * 100, 1)} %` : '-',
          fixed(summary.latencyP50Ms, 2),
          fixed(summary.latencyP99Ms, 2),
          `${fixed(summary.spread * 100, 1)} %`,
        ]),
      ),
    );
    print('');
    print('tx/s       acknowledged 2-table transactions per second (config, load-table: requests per second)');
    print(
      "/ config   divided by the same engine's GET /v1/config req/s, measured in the same rounds on the same server",
    );
    print(
      '409 rate   409 CommitFailedException answers / commit requests sent (each 409 is followed by 2 loads and a retry)',
    );
    print(
      'p50, p99   latency of an acknowledged transaction from its first attempt (retries included), or of a read, in ms',
    );
    print('spread     (max - min) / median of the rate over the rounds; above ~10 % the machine was busy');
    const wallSeconds = (performance.now() - began) / 1000;
    print(`\nthe run took ${fixed(wallSeconds, 0)} s, setup and checks included`);

    await writeResults(config.out, {
      date: new Date().toISOString(),
      scenario: 'iceberg',
      wallSeconds,
      machine: machine(loadBefore),
      config: { ...config, out: undefined },
      engines: engines.map(({ id, description }) => ({ id, description })),
      workloads: all,
      baseline: "GET /v1/config on the same engine's server, measured in the same rounds",
      samples,
      medians: Object.fromEntries(summaries.map((summary) => [summary.target, summary])),
      checks,
    });
    return 0;
  } catch (error) {
    process.stderr.write(`${NAME}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) =>
        process.stderr.write(`${NAME}: cleanup failed: ${errorMessage(error)}\n`),
      );
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
