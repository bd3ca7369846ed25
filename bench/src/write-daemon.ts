/**
 * `npm run bench:write-daemon`: commit throughput of the write daemon (`/v1/write`) over HTTP on
 * 127.0.0.1, each figure next to a baseline measured on the same server in the same rounds. See
 * ../README.md ("Write daemon").
 *
 * - commit-1 / commit-<ops>: commits of one AddFungible, or of --ops AddFungibles spread over a few
 *   balances, each workload (a) with --clients clients on ONE namespace and (b) on --namespaces
 *   namespaces in parallel, one client each;
 * - status: `GET /v1/write/namespaces/{id}/status`, the daemon's cheapest authenticated call (the
 *   baseline: auth, one storage read, serialization).
 *
 * Every 200 receipt is checked (event count, world_seq range); any other answer refuses the run. At
 * the end each namespace's world_seq must equal the operations committed to it (the receipts' ranges
 * tiling 1..world_seq, no gap, no overlap), and each balance must hold exactly the units added
 * (checked with preflight: removing them all is valid, removing one more is not).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLIENTS, type IntegerOption, roundOptions, roundsUsage } from './config.js';
import { type EngineBench, type EngineBenchConfig, runEngineBench } from './engine-bench.js';
import { ENGINES_USAGE, type EngineId, type EngineServer, readEngineBenchOptions } from './engines.js';
import { type EngineTarget, print, sampleHead, summaryHead, type TargetSample, type TargetSummary } from './harness.js';
import type { Http } from './http.js';
import { type Call, client, jsonCheck, type Outcome, outcome, sampleProblem, Tally } from './measurement.js';
import { fixed, summariseAgainst } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/write-daemon.json', import.meta.url));
const NAME = 'dbwire bench (write-daemon)';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface WriteDaemonConfig extends EngineBenchConfig {
  /** Concurrent clients of the one-namespace workloads and of the status baseline. */
  clients: number;
  /** Namespaces (one client each) of the parallel workloads. */
  namespaces: number;
  /** Operations of a big commit. */
  ops: number;
  /** Balances the big commit's operations are spread over (round-robin). */
  balances: number;
}

// Five targets per engine, each warmed up: 2 s measurements keep one engine under a minute.
const ROUNDS = roundOptions(2);

export const USAGE = `Usage: npm run bench:write-daemon [-- options]

Commit throughput of the write daemon over HTTP on 127.0.0.1: commits of 1 AddFungible and of
--ops AddFungibles (spread over --balances balances), with --clients clients on one namespace and
on --namespaces namespaces in parallel (one client each), next to GET .../status on the same server
measured in the same interleaved rounds. Every receipt is checked; any answer other than 200 refuses
the run; at the end every namespace's world_seq and every balance is checked. Every option can also
be set through the environment variable in brackets.

Options:
${ENGINES_USAGE}
${roundsUsage(ROUNDS, 24)}
  --clients <n>         Clients on the one namespace, and of the baseline (BENCH_CLIENTS, default 8)
  --namespaces <n>      Namespaces of the parallel workloads, a client each (BENCH_NAMESPACES, default 8)
  --ops <n>             Operations of a big commit (BENCH_OPS, default 50)
  --balances <n>        Balances a big commit's operations are spread over (BENCH_BALANCES, default 5)
  --out <file>          JSON results (BENCH_OUT_WRITE_DAEMON, default results/write-daemon.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof WriteDaemonConfig, 'out' | 'engines'>, IntegerOption> = {
  ...ROUNDS,
  clients: CLIENTS,
  namespaces: { flag: 'namespaces', variable: 'BENCH_NAMESPACES', fallback: 8, min: 1, max: 99 },
  ops: { flag: 'ops', variable: 'BENCH_OPS', fallback: 50, min: 2, max: 1024 },
  balances: { flag: 'balances', variable: 'BENCH_BALANCES', fallback: 5, min: 1, max: 100 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readWriteDaemonConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  defaultOut: string,
): WriteDaemonConfig | 'help' {
  return readEngineBenchOptions(argv, env, OPTIONS, () => ({
    variable: 'BENCH_OUT_WRITE_DAEMON',
    fallback: defaultOut,
  }));
}

/** The reference write daemon's development token. */
const TOKEN = 'dev-token';

// ------------------------------------------------------------------------------------------------
// Namespaces, operations and the ledger of what was committed
// ------------------------------------------------------------------------------------------------

const NS = '/v1/write/namespaces';
const CLASS_ID = 'gold';
const TENANT_ID = 1;
/** The namespace the status baseline reads (created, provisioned, never written). */
const BASELINE_NAMESPACE = 1;

const balanceId = (index: number) => `vault-${index}`;
const addOne = (balance: number) => ({
  op: 'AddFungible',
  args: { class_id: CLASS_ID, location: { kind: 'balance', container_id: balanceId(balance) }, quantity: '1' },
});
const removeFungible = (balance: number, quantity: number) => ({
  op: 'RemoveFungible',
  args: {
    class_id: CLASS_ID,
    location: { kind: 'balance', container_id: balanceId(balance) },
    quantity: String(quantity),
  },
});

interface CommitReceipt {
  namespace: number;
  outcome: string;
  world_seq_start: number;
  world_seq_end: number;
  event_count: number;
}

/** One namespace of a workload: what its setup committed, and every receipt since. */
class Ledger {
  /** world_seq_start of every benchmark commit (warm-ups included), in arrival order. */
  readonly starts: number[] = [];

  constructor(
    readonly namespace: number,
    /** Operations of the setup commit (RegisterClass and the balances), world_seq 1..setupOps. */
    readonly setupOps: number,
    readonly opsPerCommit: number,
    /** Units one benchmark commit adds to each balance. */
    readonly unitsPerCommit: readonly number[],
  ) {}

  get commits(): number {
    return this.starts.length;
  }

  get expectedWorldSeq(): number {
    return this.setupOps + this.commits * this.opsPerCommit;
  }

  /** Why the receipt is not what a commit of this namespace must answer, or undefined. */
  problemOf(receipt: CommitReceipt): string | undefined {
    const ops = this.opsPerCommit;
    if (receipt.namespace !== this.namespace) return `receipt of namespace ${receipt.namespace}`;
    if (receipt.outcome !== 'Committed') return `outcome ${receipt.outcome}`;
    if (receipt.event_count !== ops) return `event_count ${receipt.event_count} for ${ops} operations`;
    if (receipt.world_seq_end - receipt.world_seq_start + 1 !== ops) {
      return `world_seq ${receipt.world_seq_start}..${receipt.world_seq_end} for ${ops} operations`;
    }
    return undefined;
  }

  /** Throws unless the receipts' ranges tile setupOps+1..expectedWorldSeq: no gap, no overlap. */
  checkGapless(): void {
    const sorted = Float64Array.from(this.starts).sort();
    sorted.forEach((start, index) => {
      const expected = this.setupOps + 1 + index * this.opsPerCommit;
      if (start !== expected) {
        throw new Error(
          `namespace ${this.namespace}: the ${index + 1}th commit (by world_seq) starts at ${start}, expected ${expected} ` +
            `(${this.commits} commits of ${this.opsPerCommit} after ${this.setupOps} setup operations)`,
        );
      }
    });
  }
}

/** Creates namespace `id`, provisions it and commits the setup: the class and `balances` balances. */
async function setUpNamespace(http: Http, id: number, balances: number): Promise<number> {
  await http.ok('POST', NS, { namespace_id: id, label: `bench-${id}`, tenant_id: TENANT_ID });
  await http.ok('POST', `${NS}/${id}/lifecycle`, { target_state: 'provisioned', reason: 'bench' });
  if (balances === 0) return 0;
  const operations = [
    { op: 'RegisterClass', args: { request: { class_id: CLASS_ID, name: CLASS_ID } } },
    ...Array.from({ length: balances }, (_, index) => ({
      op: 'CreateContainer',
      args: { external_id: balanceId(index), kind: { type: 'balance' } },
    })),
  ];
  const receipt = await http.ok<CommitReceipt>('POST', `${NS}/${id}/commit`, { operations });
  if (receipt.world_seq_start !== 1 || receipt.world_seq_end !== operations.length) {
    throw new Error(`setup of namespace ${id}: world_seq ${receipt.world_seq_start}..${receipt.world_seq_end}`);
  }
  return operations.length;
}

// ------------------------------------------------------------------------------------------------
// Workloads and targets
// ------------------------------------------------------------------------------------------------

type WorkloadId = 'status' | 'commit-1/one-ns' | 'commit-1/many-ns' | 'commit-n/one-ns' | 'commit-n/many-ns';

interface Workload {
  id: WorkloadId;
  /** The id shown and stored (commit-n is named after its size, e.g. commit-50/8-ns). */
  label: string;
  kind: 'status' | 'commit';
  clients: number;
  /** Namespaces written (0 for the baseline). */
  namespaces: number;
  opsPerCommit: number;
  /** Balances per namespace (the operations go round-robin over them). */
  balances: number;
  description: string;
}

function workloads(config: WriteDaemonConfig): Workload[] {
  const { clients, namespaces, ops } = config;
  const balances = Math.min(config.balances, ops);
  const spread = balances === 1 ? 'one balance' : `${balances} balances`;
  const commit = (size: 1 | 'n', many: boolean): Workload => {
    const opsPerCommit = size === 1 ? 1 : ops;
    return {
      id: `commit-${size}/${many ? 'many' : 'one'}-ns`,
      label: `commit-${opsPerCommit}/${many ? `${namespaces}-ns` : '1-ns'}`,
      kind: 'commit',
      clients: many ? namespaces : clients,
      namespaces: many ? namespaces : 1,
      opsPerCommit,
      balances: size === 1 ? 1 : balances,
      description:
        `commits of ${size === 1 ? '1 AddFungible' : `${ops} AddFungibles over ${spread}`}, ` +
        (many ? `${namespaces} namespaces in parallel, one client each` : `${clients} clients on one namespace`),
    };
  };
  return [
    {
      id: 'status',
      label: 'status',
      kind: 'status',
      clients,
      namespaces: 0,
      opsPerCommit: 0,
      balances: 0,
      description: `GET ${NS}/{id}/status, ${clients} clients (the baseline: the cheapest authenticated call)`,
    },
    commit(1, false),
    commit(1, true),
    commit('n', false),
    commit('n', true),
  ];
}

interface EngineUnderTest extends EngineServer {
  /** The namespaces of each commit workload. */
  ledgers: Map<WorkloadId, Ledger[]>;
}

type Target = EngineTarget<EngineUnderTest, Workload>;

/** The first namespace id of each commit workload (its namespaces follow). */
const FIRST_NAMESPACE: Record<Exclude<WorkloadId, 'status'>, number> = {
  'commit-1/one-ns': 101,
  'commit-1/many-ns': 201,
  'commit-n/one-ns': 301,
  'commit-n/many-ns': 401,
};

/** Sets up every workload's namespaces on `http`'s server (and the baseline's); returns the ledgers. */
async function setUpEngine(http: Http, all: readonly Workload[]): Promise<Map<WorkloadId, Ledger[]>> {
  await setUpNamespace(http, BASELINE_NAMESPACE, 0);
  const ledgers = new Map<WorkloadId, Ledger[]>();
  for (const workload of all) {
    if (workload.id === 'status') continue;
    const units = Array.from(
      { length: workload.balances },
      (_, balance) =>
        Array.from({ length: workload.opsPerCommit }, (_, op) => op % workload.balances).filter((b) => b === balance)
          .length,
    );
    const mine: Ledger[] = [];
    for (let i = 0; i < workload.namespaces; i++) {
      const id = FIRST_NAMESPACE[workload.id] + i;
      const setupOps = await setUpNamespace(http, id, workload.balances);
      mine.push(new Ledger(id, setupOps, workload.opsPerCommit, units));
    }
    ledgers.set(workload.id, mine);
  }
  return ledgers;
}

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface WriteSample extends TargetSample<EngineId>, Outcome {
  namespaces: number;
  /** null for the status baseline. */
  opsPerCommit: number | null;
  /** Committed commits per second (status: requests per second). */
  perSecond: number;
  /** Committed operations per second (null for status). */
  opsPerSecond: number | null;
  /** Answered 200 (and checked). */
  completed: number;
  non200: number;
  /** Answers other than 200, by status. */
  non200ByStatus: Record<string, number>;
}

function problemOf(sample: WriteSample): string | undefined {
  return sampleProblem(sample, {
    count: sample.non200,
    byStatus: sample.non200ByStatus,
    name: 'answers other than 200',
  });
}

/** The request of client `client` of `workload`: a commit to its namespace, or the baseline's status read. */
function callOf(engine: EngineUnderTest, workload: Workload, client: number): Call {
  if (workload.kind === 'status') {
    return {
      method: 'GET',
      path: `${NS}/${BASELINE_NAMESPACE}/status`,
      check: jsonCheck((body) => {
        const status = body as { namespace_id?: number; world_seq?: number };
        return status.namespace_id === BASELINE_NAMESPACE && status.world_seq === 0
          ? undefined
          : `status answered ${JSON.stringify(body).slice(0, 200)}`;
      }),
    };
  }
  // One-namespace workloads: every client on the one namespace; parallel ones: a namespace each.
  const ledgers = engine.ledgers.get(workload.id) ?? [];
  const ledger = ledgers[client % ledgers.length] as Ledger;
  return {
    method: 'POST',
    path: `${NS}/${ledger.namespace}/commit`,
    body: JSON.stringify({
      operations: Array.from({ length: workload.opsPerCommit }, (_, op) => addOne(op % workload.balances)),
    }),
    check: jsonCheck((receipt) => {
      const problem = ledger.problemOf(receipt as CommitReceipt);
      if (problem === undefined) ledger.starts.push((receipt as CommitReceipt).world_seq_start);
      return problem;
    }),
  };
}

/**
 * Runs `target` for `seconds`: each client sends one request after another (a commit to its
 * namespace, or the baseline's status read) and checks every answer.
 */
async function measure(target: Target, seconds: number, round: number): Promise<WriteSample> {
  const { engine, workload } = target;
  const tally = new Tally();
  const start = performance.now();
  const end = start + seconds * 1000;
  const done = () => performance.now() >= end;
  await Promise.all(
    Array.from({ length: workload.clients }, (_, id) => {
      const call = callOf(engine, workload, id);
      return client(engine.http, () => call, done, tally);
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const isCommit = workload.kind === 'commit';
  return {
    ...sampleHead(target, round),
    namespaces: workload.namespaces,
    opsPerCommit: isCommit ? workload.opsPerCommit : null,
    perSecond: tally.completed / elapsed,
    opsPerSecond: isCommit ? (tally.completed * workload.opsPerCommit) / elapsed : null,
    completed: tally.completed,
    non200: tally.unexpected,
    non200ByStatus: tally.unexpectedByStatus,
    ...outcome(tally, elapsed, { latencyP50Ms: 0.5, latencyP99Ms: 0.99 }),
  };
}

// ------------------------------------------------------------------------------------------------
// The final check
// ------------------------------------------------------------------------------------------------

interface NamespaceCheck {
  engine: EngineId;
  workload: string;
  namespace: number;
  commits: number;
  worldSeq: number;
  /** Units in each balance (each checked with preflight). */
  balances: number[];
}

interface PreflightAnswer {
  valid: boolean;
  op_results: Array<{ outcome: string; error?: { code: string; message?: string } }>;
}

/**
 * Throws unless every namespace of `engine` holds exactly what was committed: status world_seq
 * equals the setup's operations plus every receipt's, the receipts' ranges tile the log, and each
 * balance holds the units added (preflight: removing exactly that many is valid, one more is
 * INSUFFICIENT_QUANTITY).
 */
async function check(engine: EngineUnderTest, all: readonly Workload[]): Promise<NamespaceCheck[]> {
  const checks: NamespaceCheck[] = [];
  for (const workload of all) {
    for (const ledger of engine.ledgers.get(workload.id) ?? []) {
      const where = `${engine.id}, ${workload.label}, namespace ${ledger.namespace}`;
      const status = await engine.http.ok<{ world_seq: number }>('GET', `${NS}/${ledger.namespace}/status`);
      if (status.world_seq !== ledger.expectedWorldSeq) {
        throw new Error(
          `${where}: world_seq is ${status.world_seq} after ${ledger.commits} acknowledged commits of ` +
            `${ledger.opsPerCommit} and ${ledger.setupOps} setup operations (expected ${ledger.expectedWorldSeq})`,
        );
      }
      ledger.checkGapless();
      const units = ledger.unitsPerCommit.map((perCommit) => perCommit * ledger.commits);
      for (const [balance, expected] of units.entries()) {
        const preflight = (operations: unknown[]) =>
          engine.http.ok<PreflightAnswer>('POST', `${NS}/${ledger.namespace}/commit/preflight`, { operations });
        if (expected > 0) {
          const all = await preflight([removeFungible(balance, expected)]);
          if (!all.valid) {
            throw new Error(
              `${where}: ${balanceId(balance)} cannot give up the ${expected} units added: ${JSON.stringify(all.op_results)}`,
            );
          }
        }
        const more = await preflight([removeFungible(balance, expected + 1)]);
        if (more.valid || more.op_results[0]?.error?.code !== 'INSUFFICIENT_QUANTITY') {
          throw new Error(
            `${where}: ${balanceId(balance)} holds more than the ${expected} units added: ${JSON.stringify(more.op_results)}`,
          );
        }
      }
      checks.push({
        engine: engine.id,
        workload: workload.label,
        namespace: ledger.namespace,
        commits: ledger.commits,
        worldSeq: status.world_seq,
        balances: units,
      });
    }
  }
  return checks;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

interface Summary extends TargetSummary<EngineId> {
  namespaces: number;
  opsPerCommit: number | null;
  /** Median committed commits/s (status: req/s). */
  perSecond: number;
  /** Median committed operations/s (null for status). */
  opsPerSecond: number | null;
  /** perSecond / the same engine's status req/s. */
  ratioToStatus: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers other than 200 over every measurement (a reported run has none). */
  non200: number;
  /** (max - min) / median of perSecond over the rounds. */
  spread: number;
}

function summarise(samples: readonly WriteSample[], target: Target): Summary {
  const { samples: mine, ...summary } = summariseAgainst(
    samples,
    target.id,
    `${target.engine.id}/status`,
    (sample) => sample.perSecond,
  );
  const ops = target.workload.kind === 'commit' ? target.workload.opsPerCommit : null;
  return {
    ...summaryHead(target),
    namespaces: target.workload.namespaces,
    opsPerCommit: ops,
    perSecond: summary.rate,
    opsPerSecond: ops === null ? null : summary.rate * ops,
    ratioToStatus: summary.ratio,
    latencyP50Ms: summary.latencyP50Ms,
    latencyP99Ms: summary.latencyP99Ms,
    non200: mine.reduce((sum, sample) => sum + sample.non200, 0),
    spread: summary.spread,
  };
}

process.exitCode = await runEngineBench(
  () => readWriteDaemonConfig(process.argv.slice(2), process.env, DEFAULT_OUT),
  USAGE,
  (config): EngineBench<EngineUnderTest, Workload, WriteSample, Summary> => {
    const all = workloads(config);
    return {
      name: NAME,
      scenario: 'write-daemon',
      server: {
        script: new URL('./write-daemon-server.ts', import.meta.url),
        token: TOKEN,
        sockets: Math.max(config.clients, config.namespaces),
      },
      workloads: all,
      workloadName: (workload) => workload.label,
      plan: { width: 15, after: 'setup' },
      setUp: async (server) => {
        const setupBegan = performance.now();
        const ledgers = await setUpEngine(server.http, all);
        return {
          ...server,
          description: `${server.description}; setup ${fixed(performance.now() - setupBegan, 0)} ms`,
          ledgers,
        };
      },
      measure: {
        run: (target, seconds, round) => measure(target, seconds, round),
        problemOf,
        line: (sample) =>
          `  round ${sample.round}  ${sample.target.padEnd(24)}  ` +
          `${fixed(sample.perSecond, 0).padStart(6)} ${sample.opsPerCommit === null ? 'req/s    ' : 'commits/s'}  ` +
          `${sample.opsPerSecond === null ? ''.padStart(13) : `${fixed(sample.opsPerSecond, 0).padStart(7)} ops/s`}  ` +
          `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms`,
      },
      check: async (engines) => {
        print('\nchecking every namespace (world_seq, receipts, balances)...');
        const checks: NamespaceCheck[] = [];
        for (const engine of engines) checks.push(...(await check(engine, all)));
        const committed = checks.reduce((sum, namespace) => sum + namespace.commits, 0);
        print(`  ok: ${checks.length} namespaces, ${committed} commits (warm-ups included), gapless, balances exact`);
        return checks;
      },
      summarise,
      report: {
        header: [
          'target (median of rounds)',
          'clients',
          'ns',
          'ops',
          'commits/s',
          'ops/s',
          '/ status',
          'p50 ms',
          'p99 ms',
          'non-200',
          'spread',
        ],
        row: (summary) => [
          summary.target,
          String(summary.clients),
          String(summary.namespaces || '-'),
          summary.opsPerCommit === null ? '-' : String(summary.opsPerCommit),
          summary.opsPerCommit === null ? `(${fixed(summary.perSecond, 0)} req/s)` : fixed(summary.perSecond, 0),
          summary.opsPerSecond === null ? '-' : fixed(summary.opsPerSecond, 0),
          fixed(summary.ratioToStatus, 3),
          fixed(summary.latencyP50Ms, 2),
          fixed(summary.latencyP99Ms, 2),
          String(summary.non200),
          `${fixed(summary.spread * 100, 1)} %`,
        ],
        legend: [
          "/ status   committed commits/s divided by the same engine's GET .../status req/s, measured in the same",
          '           rounds on the same server (the baseline: auth, one storage read, serialization)',
          'p50, p99   latency of an acknowledged commit (status: of a read), client side, in milliseconds',
          'spread     (max - min) / median of the rate over the rounds; above ~10 % the machine was busy',
          "checked    every receipt (event_count, world_seq range); at the end every namespace's world_seq (gapless,",
          '           no overlap) and every balance (preflight: all units removable, one more is not)',
        ],
      },
      baseline: `${NS}/{id}/status on the same engine's server, measured in the same rounds`,
    };
  },
);
