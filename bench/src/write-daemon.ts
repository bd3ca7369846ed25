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
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { configOrExitCode, type IntegerOption, ROUND_OPTIONS, readOptions } from './config.js';
import { ENGINES_USAGE, type EngineId, freshEngineStore, readEngines } from './engines.js';
import { type Child, errorMessage, machine, print, runRounds, startChild, stopChild, writeResults } from './harness.js';
import { Http, type Reply } from './http.js';
import type { WriteDaemonReady } from './protocol.js';
import { fixed, percentiles, summariseRounds, table } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/write-daemon.json', import.meta.url));
const NAME = 'dbwire bench (write-daemon)';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface WriteDaemonConfig {
  /** Measured seconds per target and round. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement. */
  warmupSeconds: number;
  rounds: number;
  /** Concurrent clients of the one-namespace workloads and of the status baseline. */
  clients: number;
  /** Namespaces (one client each) of the parallel workloads. */
  namespaces: number;
  /** Operations of a big commit. */
  ops: number;
  /** Balances the big commit's operations are spread over (round-robin). */
  balances: number;
  engines: EngineId[];
  out: string;
}

export const USAGE = `Usage: npm run bench:write-daemon [-- options]

Commit throughput of the write daemon over HTTP on 127.0.0.1: commits of 1 AddFungible and of
--ops AddFungibles (spread over --balances balances), with --clients clients on one namespace and
on --namespaces namespaces in parallel (one client each), next to GET .../status on the same server
measured in the same interleaved rounds. Every receipt is checked; any answer other than 200 refuses
the run; at the end every namespace's world_seq and every balance is checked. Every option can also
be set through the environment variable in brackets.

Options:
${ENGINES_USAGE}
  --duration <s>        Measured seconds per target and round (BENCH_DURATION, default 2)
  --warmup <s>          Warm-up seconds before each measurement (BENCH_WARMUP, default 1)
  --rounds <n>          Rounds (BENCH_ROUNDS, default 3)
  --clients <n>         Clients on the one namespace, and of the baseline (BENCH_CLIENTS, default 8)
  --namespaces <n>      Namespaces of the parallel workloads, a client each (BENCH_NAMESPACES, default 8)
  --ops <n>             Operations of a big commit (BENCH_OPS, default 50)
  --balances <n>        Balances a big commit's operations are spread over (BENCH_BALANCES, default 5)
  --out <file>          JSON results (BENCH_OUT_WRITE_DAEMON, default results/write-daemon.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof WriteDaemonConfig, 'out' | 'engines'>, IntegerOption> = {
  // Five targets per engine, each warmed up: 2 s measurements keep one engine under a minute.
  durationSeconds: { ...ROUND_OPTIONS.durationSeconds, fallback: 2 },
  warmupSeconds: ROUND_OPTIONS.warmupSeconds,
  rounds: ROUND_OPTIONS.rounds,
  clients: { flag: 'clients', variable: 'BENCH_CLIENTS', fallback: 8, min: 1, max: 256 },
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
  const { engines, rest } = readEngines(argv, env);
  const options = readOptions(rest, env, OPTIONS, { variable: 'BENCH_OUT_WRITE_DAEMON', fallback: defaultOut });
  if (options === 'help') return 'help';
  return { ...options, engines };
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

interface EngineUnderTest {
  id: EngineId;
  description: string;
  http: Http;
  /** The namespaces of each commit workload. */
  ledgers: Map<WorkloadId, Ledger[]>;
}

interface Target {
  id: string;
  engine: EngineUnderTest;
  workload: Workload;
}

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

interface WriteSample {
  target: string;
  engine: EngineId;
  workload: string;
  round: number;
  clients: number;
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
  /** Requests that got no answer (connection errors, timeouts). */
  errors: number;
  /** 200 answers that were not what they must be (a receipt's range or count, a status body). */
  mismatches: number;
  /** The first non-200 answer, error or mismatch, to say what went wrong. */
  firstProblem?: string;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
}

function problemOf(sample: WriteSample): string | undefined {
  const problems = [
    sample.non200 > 0 &&
      `${sample.non200} answers other than 200 (${Object.entries(sample.non200ByStatus)
        .map(([status, count]) => `${count} x ${status}`)
        .join(', ')})`,
    sample.errors > 0 && `${sample.errors} requests without an answer`,
    sample.mismatches > 0 && `${sample.mismatches} wrong answers`,
    sample.completed === 0 && 'nothing completed',
  ].filter(Boolean);
  if (problems.length === 0) return undefined;
  return `${problems.join(', ')}${sample.firstProblem ? ` (first: ${sample.firstProblem})` : ''}`;
}

/**
 * Runs `target` for `seconds`: each client sends one request after another (a commit to its
 * namespace, or the baseline's status read) and checks every answer.
 */
async function measure(target: Target, seconds: number, round: number, phase: 'warmup' | 'measure') {
  const { engine, workload } = target;
  const ledgers = engine.ledgers.get(workload.id) ?? [];
  const latencies: number[] = [];
  const non200ByStatus: Record<string, number> = {};
  let completed = 0;
  let non200 = 0;
  let errors = 0;
  let mismatches = 0;
  let firstProblem: string | undefined;
  const note = (problem: string) => {
    firstProblem ??= problem.slice(0, 500);
  };

  /** One request of client `client`; the answer is checked by `check` (a problem, or undefined). */
  const requestOf = (client: number): { send: () => Promise<Reply>; check: (body: unknown) => string | undefined } => {
    if (workload.kind === 'status') {
      const path = `${NS}/${BASELINE_NAMESPACE}/status`;
      return {
        send: () => engine.http.send('GET', path),
        check: (body) => {
          const status = body as { namespace_id?: number; world_seq?: number };
          return status.namespace_id === BASELINE_NAMESPACE && status.world_seq === 0
            ? undefined
            : `status answered ${JSON.stringify(body).slice(0, 200)}`;
        },
      };
    }
    // One-namespace workloads: every client on the one namespace; parallel ones: a namespace each.
    const ledger = ledgers[client % ledgers.length] as Ledger;
    const path = `${NS}/${ledger.namespace}/commit`;
    const body = JSON.stringify({
      operations: Array.from({ length: workload.opsPerCommit }, (_, op) => addOne(op % workload.balances)),
    });
    return {
      send: () => engine.http.send('POST', path, body),
      check: (receipt) => {
        const problem = ledger.problemOf(receipt as CommitReceipt);
        if (problem === undefined) ledger.starts.push((receipt as CommitReceipt).world_seq_start);
        return problem;
      },
    };
  };

  const start = performance.now();
  const end = start + seconds * 1000;
  const client = async (id: number) => {
    const { send, check } = requestOf(id);
    while (performance.now() < end) {
      const began = performance.now();
      let reply: Reply;
      try {
        reply = await send();
      } catch (error) {
        errors++;
        note(errorMessage(error));
        return; // this client stops; the sample is refused
      }
      if (reply.status !== 200) {
        non200++;
        non200ByStatus[reply.status] = (non200ByStatus[reply.status] ?? 0) + 1;
        note(`${reply.status} ${reply.text}`);
        continue;
      }
      let problem: string | undefined;
      try {
        problem = check(JSON.parse(reply.text));
      } catch (error) {
        problem = `unreadable answer: ${errorMessage(error)}`;
      }
      if (problem !== undefined) {
        mismatches++;
        note(problem);
        continue;
      }
      latencies.push(performance.now() - began);
      completed++;
    }
  };
  await Promise.all(Array.from({ length: workload.clients }, (_, id) => client(id)));
  const elapsed = (performance.now() - start) / 1000;
  const [latencyP50Ms, latencyP99Ms] = percentiles(latencies, [0.5, 0.99]) as [number, number];
  const isCommit = workload.kind === 'commit';
  const sample: WriteSample = {
    target: target.id,
    engine: engine.id,
    workload: workload.label,
    round,
    clients: workload.clients,
    namespaces: workload.namespaces,
    opsPerCommit: isCommit ? workload.opsPerCommit : null,
    perSecond: completed / elapsed,
    opsPerSecond: isCommit ? (completed * workload.opsPerCommit) / elapsed : null,
    completed,
    non200,
    non200ByStatus,
    errors,
    mismatches,
    ...(firstProblem === undefined ? {} : { firstProblem }),
    seconds: elapsed,
    latencyP50Ms,
    latencyP99Ms,
    latencyMeanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
  };
  // runRounds checks measurements; a warm-up's problems refuse the run just the same.
  const problem = phase === 'warmup' ? problemOf(sample) : undefined;
  if (problem) throw new Error(`round ${round}, ${target.id} (warm-up): ${problem}; the run is not valid.`);
  return sample;
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

/**
 * Starts the server of `engine` in a child process, with a fresh PGlite directory or Postgres schema
 * (removed by a step pushed on `cleanups`, which also stops the child).
 */
async function startEngine(
  engine: EngineId,
  cleanups: Array<() => Promise<void>>,
): Promise<{ child: Child<WriteDaemonReady>; description: string }> {
  const { env, description } = await freshEngineStore(engine, cleanups);
  const child = startChild<WriteDaemonReady>(
    new URL('./write-daemon-server.ts', import.meta.url),
    {
      subject: `the ${engine} server`,
      possessive: `the ${engine} server's`,
    },
    env,
  );
  child.ready.catch(() => {}); // awaited later; a child stopped after another failed must not crash the run
  cleanups.push(() => stopChild(child.process));
  return { child, description };
}

interface Summary {
  target: string;
  engine: EngineId;
  workload: string;
  clients: number;
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

async function main(argv: string[]): Promise<number> {
  const config = configOrExitCode(() => readWriteDaemonConfig(argv, process.env, DEFAULT_OUT), USAGE);
  if (typeof config === 'number') return config;
  const loadBefore = loadavg();
  const began = performance.now();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const all = workloads(config);
    const sockets = Math.max(config.clients, config.namespaces);
    const started = await Promise.all(config.engines.map((engine) => startEngine(engine, cleanups)));
    const engines: EngineUnderTest[] = [];
    for (const [index, { child, description }] of started.entries()) {
      const { url } = await child.ready;
      const http = new Http(url, sockets, TOKEN);
      cleanups.push(async () => http.close());
      const setupBegan = performance.now();
      const ledgers = await setUpEngine(http, all);
      const id = config.engines[index] as EngineId;
      engines.push({
        id,
        description: `${description}; setup ${fixed(performance.now() - setupBegan, 0)} ms`,
        http,
        ledgers,
      });
    }
    const targets: Target[] = engines.flatMap((engine) =>
      all.map((workload) => ({ id: `${engine.id}/${workload.label}`, engine, workload })),
    );
    const perTarget = config.warmupSeconds + config.durationSeconds;
    const expected = (config.rounds * perTarget + config.warmupSeconds) * targets.length;
    print(
      `${NAME}: ${config.rounds} rounds x ${targets.length} targets x ` +
        `(${config.warmupSeconds} s warm-up + ${config.durationSeconds} s), after a priming pass of ` +
        `${config.warmupSeconds} s per target: about ${expected} s plus setup`,
    );
    for (const engine of engines) print(`  ${engine.id.padEnd(8)}  ${engine.description}`);
    for (const workload of all) print(`  ${workload.label.padEnd(15)}  ${workload.description}`);
    print('');

    // One unmeasured (but checked) pass over every target first: without it the run's first
    // measurement came out several times slower than the same target in later rounds (JIT of the
    // server and of this client, on a busy machine), however long its own warm-up.
    if (config.warmupSeconds > 0) {
      const primeBegan = performance.now();
      for (const target of targets) await measure(target, config.warmupSeconds, 0, 'warmup');
      print(`  primed every target (${fixed((performance.now() - primeBegan) / 1000, 0)} s, unmeasured)`);
    }
    const samples = await runRounds(config, targets, {
      run: (target, seconds, round, phase) => measure(target, seconds, round, phase),
      problemOf,
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(24)}  ` +
        `${fixed(sample.perSecond, 0).padStart(6)} ${sample.opsPerCommit === null ? 'req/s    ' : 'commits/s'}  ` +
        `${sample.opsPerSecond === null ? ''.padStart(13) : `${fixed(sample.opsPerSecond, 0).padStart(7)} ops/s`}  ` +
        `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms`,
    });

    print('\nchecking every namespace (world_seq, receipts, balances)...');
    const checks: NamespaceCheck[] = [];
    for (const engine of engines) checks.push(...(await check(engine, all)));
    const committed = checks.reduce((sum, namespace) => sum + namespace.commits, 0);
    print(`  ok: ${checks.length} namespaces, ${committed} commits (warm-ups included), gapless, balances exact`);

    const summaries: Summary[] = targets.map((target) => {
      const mine = samples.filter((sample) => sample.target === target.id);
      const baseline = summariseRounds(
        samples.filter((sample) => sample.target === `${target.engine.id}/status`),
        (sample) => sample.perSecond,
      ).rate;
      const { rate, latencyP50Ms, latencyP99Ms, spread } = summariseRounds(mine, (sample) => sample.perSecond);
      const ops = target.workload.kind === 'commit' ? target.workload.opsPerCommit : null;
      return {
        target: target.id,
        engine: target.engine.id,
        workload: target.workload.label,
        clients: target.workload.clients,
        namespaces: target.workload.namespaces,
        opsPerCommit: ops,
        perSecond: rate,
        opsPerSecond: ops === null ? null : rate * ops,
        ratioToStatus: rate / baseline,
        latencyP50Ms,
        latencyP99Ms,
        non200: mine.reduce((sum, sample) => sum + sample.non200, 0),
        spread,
      };
    });

    print('');
    print(
      table(
        [
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
        summaries.map((summary) => [
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
        ]),
      ),
    );
    print('');
    print("/ status   committed commits/s divided by the same engine's GET .../status req/s, measured in the same");
    print('           rounds on the same server (the baseline: auth, one storage read, serialization)');
    print('p50, p99   latency of an acknowledged commit (status: of a read), client side, in milliseconds');
    print('spread     (max - min) / median of the rate over the rounds; above ~10 % the machine was busy');
    print("checked    every receipt (event_count, world_seq range); at the end every namespace's world_seq (gapless,");
    print('           no overlap) and every balance (preflight: all units removable, one more is not)');
    const wallSeconds = (performance.now() - began) / 1000;
    print(`\nthe run took ${fixed(wallSeconds, 0)} s, setup and checks included`);

    await writeResults(config.out, {
      date: new Date().toISOString(),
      scenario: 'write-daemon',
      wallSeconds,
      machine: machine(loadBefore),
      config: { ...config, out: undefined },
      engines: engines.map(({ id, description }) => ({ id, description })),
      workloads: all,
      baseline: `${NS}/{id}/status on the same engine's server, measured in the same rounds`,
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
