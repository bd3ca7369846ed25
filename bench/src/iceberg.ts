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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJson, stringifyJson } from '@dbwire/json';
import { CLIENTS, type IntegerOption, roundOptions, roundsUsage } from './config.js';
import { type EngineBench, type EngineBenchConfig, runEngineBench } from './engine-bench.js';
import { ENGINES_USAGE, type EngineId, type EngineServer, readEngineBenchOptions } from './engines.js';
import {
  type Cleanups,
  type EngineTarget,
  errorMessage,
  print,
  sampleHead,
  summaryHead,
  type TargetSample,
  type TargetSummary,
} from './harness.js';
import type { Http, Reply } from './http.js';
import { type Call, client, jsonCheck, type Outcome, outcome, sampleProblem, Tally } from './measurement.js';
import { fixed, summariseAgainst } from './stats.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const NAME = 'dbwire bench (iceberg)';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

/** Concurrent committers of the commit workloads (1 committer is both "distinct" and "same"). */
const COMMITTERS = [1, 4, 16] as const;

export interface IcebergConfig extends EngineBenchConfig {
  /** Concurrent clients of the config and load-table workloads. */
  clients: number;
  /** Snapshots of the table load-table reads. */
  snapshots: number;
  /** 1: a fresh `file:` warehouse, every metadata file written; 0: a location the server writes nothing to. */
  metadataFiles: number;
}

// Seven targets per engine, each warmed up: 2 s measurements keep one engine near a minute.
const ROUNDS = roundOptions(2);

export const USAGE = `Usage: npm run bench:iceberg [-- options]

Throughput of the reference Iceberg REST catalog over HTTP on 127.0.0.1: POST /v1/transactions/commit
of 2-table transactions with ${COMMITTERS.join(', ')} concurrent committers, on tables of their own and all
on the same two tables (the 409 rate shows the contention), and GET .../tables/{table}, next to
GET /v1/config on the same server measured in the same interleaved rounds. Every answer is checked,
and at the end every table. Every option can also be set through the environment variable in brackets.

Options:
${ENGINES_USAGE}
${roundsUsage(ROUNDS, 24)}
  --clients <n>         Clients of config and load-table (BENCH_CLIENTS, default 8)
  --snapshots <n>       Snapshots of the table load-table reads (BENCH_SNAPSHOTS, default 10)
  --metadata-files <n>  1: tables in a fresh file: warehouse, the server writes every metadata file;
                        0: a location it writes nothing to (BENCH_METADATA_FILES, default 0)
  --out <file>          JSON results (BENCH_OUT_ICEBERG, default results/iceberg-<engines>.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof IcebergConfig, 'out' | 'engines'>, IntegerOption> = {
  ...ROUNDS,
  clients: CLIENTS,
  snapshots: { flag: 'snapshots', variable: 'BENCH_SNAPSHOTS', fallback: 10, min: 0, max: 1000 },
  metadataFiles: { flag: 'metadata-files', variable: 'BENCH_METADATA_FILES', fallback: 0, min: 0, max: 1 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readIcebergConfig(argv: string[], env: NodeJS.ProcessEnv): IcebergConfig | 'help' {
  return readEngineBenchOptions(argv, env, OPTIONS, (engines) => ({
    variable: 'BENCH_OUT_ICEBERG',
    fallback: join(RESULTS, `iceberg-${engines.join('-')}.json`),
  }));
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

interface EngineUnderTest extends EngineServer {
  /** The pairs of each commit workload (one per committer, or one shared). */
  pairs: Map<string, Pair[]>;
  /** What load-table must answer. */
  loadTable: { metadataLocation: string; uuid: string };
}

type Target = EngineTarget<EngineUnderTest, Workload>;

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

interface IcebergSample extends TargetSample<EngineId>, Outcome {
  /** Acknowledged transactions per second (config, load-table: requests per second). */
  perSecond: number;
  /** Acknowledged (and checked) answers. */
  completed: number;
  /** Requests sent (commit workloads: 409s among them, and their ratio). */
  attempts: number;
  conflicts: number;
  conflictRate: number;
  /** Answers that are neither the success nor (for commits) a 409 CommitFailedException, by status. */
  unexpectedByStatus: Record<string, number>;
  unexpected: number;
}

function problemOf(sample: IcebergSample, workload: Workload): string | undefined {
  return sampleProblem(
    sample,
    { count: sample.unexpected, byStatus: sample.unexpectedByStatus, name: 'unexpected answers' },
    // Nobody else writes a committer's own tables: a 409 there is a catalog bug, not contention.
    workload.kind === 'commit' &&
      !workload.shared &&
      sample.conflicts > 0 &&
      `${sample.conflicts} 409s without contention`,
  );
}

/** Counters of one measurement, with the 409 CommitFailedExceptions of its committers. */
class CommitTally extends Tally {
  conflicts = 0;
}

let tagCounter = 0;

/**
 * One committer on `pair`: transactions until `end`, each retried after a 409 (reloading both
 * tables first) until it is acknowledged; the transaction in flight at `end` is finished.
 */
async function committer(http: Http, pair: Pair, end: number, tally: CommitTally): Promise<void> {
  const a = new TableView(pair.a);
  const b = new TableView(pair.b);
  await Promise.all([a.load(http), b.load(http)]);
  while (performance.now() < end) {
    const began = performance.now();
    const tag = `t${++tagCounter}`;
    for (let attempt = 1; ; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        tally.failed(`a transaction lost ${MAX_ATTEMPTS} times in a row`);
        return;
      }
      const ids = [snapshotId(), snapshotId()] as const;
      const now = Date.now();
      const body = stringifyJson({ 'table-changes': [a.change(ids[0], tag, now), b.change(ids[1], tag, now)] });
      let reply: Reply;
      try {
        reply = await http.send('POST', '/v1/transactions/commit', body);
      } catch (error) {
        tally.failed(error);
        return;
      }
      tally.attempts++;
      if (reply.status === 204) {
        a.committed(ids[0]);
        b.committed(ids[1]);
        pair.acknowledged.add(tag);
        tally.completedSince(began);
        break;
      }
      if (reply.status === 409 && reply.text.includes('"CommitFailedException"')) {
        tally.conflicts++;
        try {
          await Promise.all([a.load(http), b.load(http)]);
        } catch (error) {
          tally.failed(`reloading after a 409: ${errorMessage(error)}`);
          return;
        }
        continue;
      }
      tally.unexpectedAnswer(reply);
      return;
    }
  }
}

/** The request of a read workload (config, load-table), and how its answer is checked. */
function readCall(engine: EngineUnderTest, workload: Workload): Call {
  if (workload.kind === 'config') {
    return {
      method: 'GET',
      path: '/v1/config',
      check: jsonCheck((body) => {
        const config = body as { defaults?: unknown; overrides?: unknown; endpoints?: unknown[] };
        return config.defaults && config.overrides && Array.isArray(config.endpoints)
          ? undefined
          : `config answered ${JSON.stringify(body).slice(0, 200)}`;
      }),
    };
  }
  return {
    method: 'GET',
    path: tablePath(LOAD_TABLE),
    check: jsonCheck((body) => {
      const loaded = body as LoadResult;
      return loaded['metadata-location'] === engine.loadTable.metadataLocation &&
        loaded.metadata?.['table-uuid'] === engine.loadTable.uuid
        ? undefined
        : `load-table answered ${JSON.stringify(body).slice(0, 200)}`;
    }),
  };
}

async function measure(target: Target, seconds: number, round: number): Promise<IcebergSample> {
  const { engine, workload } = target;
  const tally = new CommitTally();
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
    const call = readCall(engine, workload);
    const done = () => performance.now() >= end;
    await Promise.all(Array.from({ length: workload.clients }, () => client(engine.http, () => call, done, tally)));
  }
  const elapsed = (performance.now() - start) / 1000;
  return {
    ...sampleHead(target, round),
    perSecond: tally.completed / elapsed,
    completed: tally.completed,
    attempts: tally.attempts,
    conflicts: tally.conflicts,
    conflictRate: tally.attempts > 0 ? tally.conflicts / tally.attempts : 0,
    unexpectedByStatus: tally.unexpectedByStatus,
    unexpected: tally.unexpected,
    ...outcome(tally, elapsed, { latencyP50Ms: 0.5, latencyP99Ms: 0.99 }),
  };
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

/**
 * A fresh `file:` warehouse for an engine's catalog (removed afterwards) with --metadata-files 1,
 * else a location the server writes no files to.
 */
async function warehouse(metadataFiles: boolean, cleanups: Cleanups) {
  let location = NO_FILES_WAREHOUSE;
  if (metadataFiles) {
    const dir = await mkdtemp(join(tmpdir(), 'dbwire-bench-iceberg-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    location = pathToFileURL(dir).href;
  }
  return { env: { BENCH_CHILD_WAREHOUSE: location }, description: `warehouse ${location}` };
}

interface Summary extends TargetSummary<EngineId> {
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

function summarise(samples: readonly IcebergSample[], target: Target): Summary {
  const { samples: mine, ...summary } = summariseAgainst(
    samples,
    target.id,
    `${target.engine.id}/config`,
    (sample) => sample.perSecond,
  );
  const attempts = mine.reduce((sum, sample) => sum + sample.attempts, 0);
  const conflicts = mine.reduce((sum, sample) => sum + sample.conflicts, 0);
  return {
    ...summaryHead(target),
    perSecond: summary.rate,
    ratioToConfig: summary.ratio,
    conflictRate: attempts > 0 ? conflicts / attempts : 0,
    latencyP50Ms: summary.latencyP50Ms,
    latencyP99Ms: summary.latencyP99Ms,
    spread: summary.spread,
  };
}

process.exitCode = await runEngineBench(
  () => readIcebergConfig(process.argv.slice(2), process.env),
  USAGE,
  (config): EngineBench<EngineUnderTest, Workload, IcebergSample, Summary> => {
    const all = workloads(config);
    return {
      name: NAME,
      scenario: 'iceberg',
      server: {
        script: new URL('./iceberg-server.ts', import.meta.url),
        token: TOKEN,
        sockets: Math.max(config.clients, ...COMMITTERS),
        prepare: (_, cleanups) => warehouse(config.metadataFiles === 1, cleanups),
      },
      workloads: all,
      plan: { width: 19, after: 'setup' },
      setUp: async (server) => {
        const setupBegan = performance.now();
        const { pairs, loadTable } = await setUpEngine(server.http, all, config.snapshots);
        return {
          ...server,
          description: `${server.description}; setup ${fixed(performance.now() - setupBegan, 0)} ms`,
          pairs,
          loadTable,
        };
      },
      measure: {
        run: (target, seconds, round) => measure(target, seconds, round),
        problemOf: (sample, target) => problemOf(sample, target.workload),
        line: (sample) =>
          `  round ${sample.round}  ${sample.target.padEnd(27)}  ` +
          `${fixed(sample.perSecond, 0).padStart(6)} ${sample.workload.startsWith('commit') ? 'tx/s ' : 'req/s'}  ` +
          `409 ${fixed(sample.conflictRate * 100, 1).padStart(5)} %  ` +
          `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms`,
      },
      check: async (engines) => {
        print('\nchecking every table pair (sequence numbers, current snapshots)...');
        const checks: PairCheck[] = [];
        for (const engine of engines) checks.push(...(await check(engine, all)));
        const committed = checks.reduce((sum, pair) => sum + pair.transactions, 0);
        print(
          `  ok: ${checks.length} pairs, ${committed} transactions (warm-ups included), both tables of each in step`,
        );
        return checks;
      },
      summarise,
      report: {
        header: ['target (median of rounds)', 'clients', 'tx/s', '/ config', '409 rate', 'p50 ms', 'p99 ms', 'spread'],
        row: (summary) => [
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
        ],
        legend: [
          'tx/s       acknowledged 2-table transactions per second (config, load-table: requests per second)',
          "/ config   divided by the same engine's GET /v1/config req/s, measured in the same rounds on the same server",
          '409 rate   409 CommitFailedException answers / commit requests sent (each 409 is followed by 2 loads and a retry)',
          'p50, p99   latency of an acknowledged transaction from its first attempt (retries included), or of a read, in ms',
          'spread     (max - min) / median of the rate over the rounds; above ~10 % the machine was busy',
        ],
      },
      baseline: "GET /v1/config on the same engine's server, measured in the same rounds",
    };
  },
);
