/**
 * `npm run bench:spacetimedb-fanout`: how long a reducer call takes to reach 1, 10 and 100
 * subscribed clients of the reference SpacetimeDB host, over `v2.bsatn.spacetimedb` WebSockets on
 * 127.0.0.1, next to a baseline measured on the same server in the same rounds. See ../README.md
 * ("SpacetimeDB subscription fan-out").
 *
 * Per engine, one database of the `keyed` test module per fan-out n (0 is the baseline), each with
 * n subscribers of `SELECT * FROM user` and one caller, all sockets of this process (the server is a
 * child process). The caller calls `create_user` through `CallReducer`, one call at a time: the
 * next goes once the caller has its `ReducerResult` and every subscriber the `TransactionUpdate`
 * inserting the call's row. Every subscriber must receive every row exactly once; anything else
 * refuses the run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IntegerOption, roundOptions, roundsUsage } from './config.js';
import { type EngineBench, type EngineBenchConfig, runEngineBench } from './engine-bench.js';
import { ENGINES_USAGE, type EngineId, type EngineServer, readEngineBenchOptions } from './engines.js';
import { type EngineTarget, print, sampleHead, summaryHead, type TargetSample, type TargetSummary } from './harness.js';
import { Http } from './http.js';
import { PooledLatencies, sampleProblem } from './measurement.js';
import { countUsers, publishKeyed, userOf, usersExactly } from './spacetimedb-api.js';
import { Caller, Deliveries, SUBSCRIPTION, Subscriber } from './spacetimedb-fanout-clients.js';
import { fixed, median, percentiles, summariseRounds } from './stats.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const NAME = 'dbwire bench (spacetimedb-fanout)';

/** How long one call may take to be answered and delivered everywhere before the run is refused. */
const CALL_TIMEOUT_MS = 10_000;
/** Subscribers connecting at once during the set-up. */
const CONNECTING_AT_ONCE = 10;

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface FanoutConfig extends EngineBenchConfig {
  /** The largest fan-out measured (the others are 0, 1 and 10). */
  subscribers: number;
  /** Most calls a measurement makes, whatever its duration (bounds the rows the databases grow to). */
  maxCalls: number;
}

// Four targets per engine, each warmed up: 2 s measurements keep one engine near 40 s.
const ROUNDS = roundOptions(2);

export const USAGE = `Usage: npm run bench:spacetimedb-fanout [-- options]

Fan-out latency of the reference SpacetimeDB host over v2.bsatn.spacetimedb WebSockets on
127.0.0.1, with the keyed test module: one caller calls create_user (CallReducer), one call at a
time, while 0, 1, 10 and --subscribers clients of the same database are subscribed to
SELECT * FROM user; each call is timed from its send to the caller's ReducerResult and to the
TransactionUpdate of the last (and the median) subscriber. The calls with no subscriber are the
baseline, measured in the same interleaved rounds. Every subscriber must receive every row exactly
once. Every option can also be set through the environment variable in brackets.

Options:
${ENGINES_USAGE.replace('default memory', 'default below')}
                        Default here: memory,pglite, and postgres when DBWIRE_POSTGRES_URL is set.
${roundsUsage(ROUNDS, 24)}
  --subscribers <n>     The largest fan-out; 0, 1 and 10 are measured too (BENCH_SUBSCRIBERS, default 100)
  --max-calls <n>       Most calls per measurement (BENCH_MAX_CALLS, default 1000)
  --out <file>          JSON results (BENCH_OUT_SPACETIMEDB_FANOUT, default results/spacetimedb-fanout-<engines>.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof FanoutConfig, 'out' | 'engines'>, IntegerOption> = {
  ...ROUNDS,
  subscribers: { flag: 'subscribers', variable: 'BENCH_SUBSCRIBERS', fallback: 100, min: 1, max: 1000 },
  maxCalls: { flag: 'max-calls', variable: 'BENCH_MAX_CALLS', fallback: 1000, min: 1, max: 100_000 },
};

/**
 * Reads flags, then the environment, then defaults; throws on a bad value. Without `--engines` or
 * BENCH_ENGINES it runs on memory and pglite, and on postgres too when DBWIRE_POSTGRES_URL is set.
 */
export function readFanoutConfig(argv: string[], env: NodeJS.ProcessEnv): FanoutConfig | 'help' {
  const engines = env.BENCH_ENGINES?.trim() || `memory,pglite${env.DBWIRE_POSTGRES_URL ? ',postgres' : ''}`;
  return readEngineBenchOptions(argv, { ...env, BENCH_ENGINES: engines }, OPTIONS, (chosen) => ({
    variable: 'BENCH_OUT_SPACETIMEDB_FANOUT',
    fallback: join(RESULTS, `spacetimedb-fanout-${chosen.join('-')}.json`),
  }));
}

// ------------------------------------------------------------------------------------------------
// Workloads and targets
// ------------------------------------------------------------------------------------------------

interface Workload {
  id: string;
  /** Subscribers of the workload's database (the fan-out; 0 for the baseline). */
  clients: number;
  /** The workload's own database: other workloads' subscribers never see its commits. */
  database: string;
  description: string;
}

function workloads(config: FanoutConfig): Workload[] {
  const counts = [...new Set([0, 1, 10, config.subscribers])].filter((n) => n <= config.subscribers);
  return counts.map((n) => ({
    id: `fanout-${n}`,
    clients: n,
    database: `bench-fanout-${n}`,
    description:
      n === 0
        ? 'create_user through CallReducer, no subscriber: send to ReducerResult (the baseline)'
        : `the same, ${n} subscriber(s) of ${SUBSCRIPTION}: send to ReducerResult and to each TransactionUpdate`,
  }));
}

/** One workload's database on an engine: its clients, and what its calls created. */
interface FanoutDatabase {
  caller: Caller;
  subscribers: Subscriber[];
  deliveries: Deliveries;
  /** Emails of the calls the host acknowledged (warm-ups included). */
  acknowledged: Set<string>;
  /** Serial of the next user a call creates: every call creates a new email. */
  nextSerial: number;
}

interface EngineUnderTest extends EngineServer {
  /** By workload id. */
  databases: Map<string, FanoutDatabase>;
  /** Seconds the subscribers took to connect and subscribe, all databases together. */
  connectSeconds: number;
}

type Target = EngineTarget<EngineUnderTest, Workload>;

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface FanoutSample extends TargetSample<EngineId> {
  /** Calls answered Ok and delivered to every subscriber. */
  calls: number;
  seconds: number;
  callsPerSecond: number;
  /** Rows delivered per second, all subscribers together (subscribers × callsPerSecond). */
  deliveriesPerSecond: number;
  /** The measurement stopped at `--max-calls` before its duration. */
  capped: boolean;
  /** Calls that failed, timed out or found a socket closed. */
  failures: number;
  firstProblem?: string;
  reducerResultP50Ms: number;
  reducerResultP95Ms: number;
  lastSubscriberP50Ms: number;
  lastSubscriberP95Ms: number;
}

/** Every measured latency of each target over all rounds, per kind (the summary's percentiles). */
const latencies = {
  reducerResult: new PooledLatencies(),
  lastSubscriber: new PooledLatencies(),
  medianSubscriber: new PooledLatencies(),
};

/** The median and the 95th percentile of `values` (NaN for none). */
const p50p95 = (values: readonly number[]) => percentiles(values, [0.5, 0.95]) as [number, number];

/** One call's latencies from its send, in ms; the subscriber ones undefined without subscribers. */
interface CallTimes {
  reducerResult: number;
  lastSubscriber?: number;
  medianSubscriber?: number;
}

/**
 * Calls `create_user` once on `database` and waits for its `ReducerResult` and its delivery to every
 * subscriber. Throws when the call fails, or either takes longer than CALL_TIMEOUT_MS.
 */
async function callOnce(database: FanoutDatabase): Promise<CallTimes> {
  const serial = database.nextSerial++;
  const { email } = userOf(serial);
  const delivered = database.deliveries.expect(email, database.subscribers.length);
  const began = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`call ${serial}: ${timeoutWhy(database)}`)), CALL_TIMEOUT_MS);
  });
  try {
    const answered = database.caller.createUser(serial).then((at) => {
      database.acknowledged.add(email);
      return at;
    });
    const [answeredAt, arrivals] = await Promise.race([Promise.all([answered, delivered]), timeout]);
    const times: CallTimes = { reducerResult: answeredAt - began };
    if (arrivals.length === 0) return times;
    const fromSend = arrivals.map((at) => at - began);
    return { ...times, lastSubscriber: Math.max(...fromSend), medianSubscriber: median(fromSend) };
  } finally {
    clearTimeout(timer);
    database.deliveries.forget(email);
  }
}

/** Why a call was neither answered nor delivered in time: a closed socket, or just the time. */
function timeoutWhy(database: FanoutDatabase): string {
  const closed = [database.caller, ...database.subscribers].find((client) => client.closedBecause !== undefined);
  return closed?.closedBecause ?? `not answered and delivered to every subscriber in ${CALL_TIMEOUT_MS} ms`;
}

async function measure(
  target: Target,
  config: FanoutConfig,
  seconds: number,
  round: number,
  phase: 'warmup' | 'measure',
): Promise<FanoutSample> {
  const { engine, workload } = target;
  const database = engine.databases.get(workload.id) as FanoutDatabase;
  const times: CallTimes[] = [];
  let failures = 0;
  let firstProblem: string | undefined;
  const began = performance.now();
  const end = began + seconds * 1000;
  while (performance.now() < end && times.length < config.maxCalls) {
    try {
      times.push(await callOnce(database));
    } catch (error) {
      failures++;
      firstProblem = error instanceof Error ? error.message : String(error);
      break; // the run is refused: no point in going on
    }
  }
  const elapsed = (performance.now() - began) / 1000;
  const subscriberProblem = database.subscribers.find((subscriber) => subscriber.problem)?.problem;
  if (subscriberProblem !== undefined) {
    failures++;
    firstProblem ??= `a subscriber received ${subscriberProblem}`;
  }
  const reducerResult = times.map((time) => time.reducerResult);
  const lastSubscriber = times.flatMap((time) => time.lastSubscriber ?? []);
  if (phase === 'measure') {
    latencies.reducerResult.add(target.id, reducerResult);
    latencies.lastSubscriber.add(target.id, lastSubscriber);
    latencies.medianSubscriber.add(
      target.id,
      times.flatMap((time) => time.medianSubscriber ?? []),
    );
  }
  const [reducerResultP50Ms, reducerResultP95Ms] = p50p95(reducerResult);
  const [lastSubscriberP50Ms, lastSubscriberP95Ms] = p50p95(lastSubscriber);
  return {
    ...sampleHead(target, round),
    calls: times.length,
    seconds: elapsed,
    callsPerSecond: times.length / elapsed,
    deliveriesPerSecond: (times.length * workload.clients) / elapsed,
    capped: times.length >= config.maxCalls,
    failures,
    ...(firstProblem === undefined ? {} : { firstProblem }),
    reducerResultP50Ms,
    reducerResultP95Ms,
    lastSubscriberP50Ms,
    lastSubscriberP95Ms,
  };
}

function problemOf(sample: FanoutSample): string | undefined {
  return sampleProblem(
    { completed: sample.calls, errors: 0, mismatches: 0, firstProblem: sample.firstProblem },
    { count: 0, byStatus: {}, name: 'unexpected answers' },
    sample.failures > 0 && `${sample.failures} failed calls or subscribers`,
  );
}

// ------------------------------------------------------------------------------------------------
// Set-up and the final check
// ------------------------------------------------------------------------------------------------

/**
 * Publishes a database per workload (the first anonymously: the host mints the owner's token,
 * which every socket and request then carries), connects its caller and subscribers, and
 * subscribes them (a fresh database: the initial rows must be none).
 */
async function setUp(server: EngineServer, config: FanoutConfig, cleanups: Array<() => Promise<void>>) {
  const { base } = server.http;
  let token: string | undefined;
  const databases = new Map<string, FanoutDatabase>();
  const began = performance.now();
  for (const workload of workloads(config)) {
    token = (await publishKeyed(base, workload.database, token)).token;
    const owner = token;
    const caller = await Caller.open(base, workload.database, owner);
    cleanups.push(() => caller.close());
    const deliveries = new Deliveries();
    const subscribers: Subscriber[] = [];
    while (subscribers.length < workload.clients) {
      const batch = Math.min(CONNECTING_AT_ONCE, workload.clients - subscribers.length);
      const opened = await Promise.all(
        Array.from({ length: batch }, () => Subscriber.open(base, workload.database, owner, deliveries, new Set())),
      );
      for (const subscriber of opened) cleanups.push(() => subscriber.close());
      subscribers.push(...opened);
    }
    databases.set(workload.id, { caller, subscribers, deliveries, acknowledged: new Set(), nextSerial: 0 });
  }
  const connectSeconds = (performance.now() - began) / 1000;
  const http = new Http(base, 1, token as string);
  cleanups.push(async () => http.close());
  const sockets = [...databases.values()].reduce((sum, database) => sum + database.subscribers.length + 1, 0);
  print(
    `  ${server.id}: published ${databases.size} databases and opened ${sockets} sockets in ${fixed(connectSeconds, 1)} s`,
  );
  return {
    ...server,
    http,
    description: `${server.description}; ${sockets} sockets opened in ${fixed(connectSeconds, 1)} s`,
    databases,
    connectSeconds,
  };
}

interface DatabaseCheck {
  engine: EngineId;
  database: string;
  /** Rows of `user` (COUNT(*), and the rows listed). */
  rows: number;
  acknowledged: number;
  /** Subscribers that received exactly the acknowledged rows, each once. */
  subscribers: number;
}

/**
 * Throws unless every database holds exactly a row per acknowledged call, and every one of its
 * subscribers received exactly those rows, each once, and is still connected.
 */
async function check(engine: EngineUnderTest, config: FanoutConfig): Promise<DatabaseCheck[]> {
  const checks: DatabaseCheck[] = [];
  for (const workload of workloads(config)) {
    const { acknowledged, subscribers, caller } = engine.databases.get(workload.id) as FanoutDatabase;
    const name = `${engine.id} ${workload.database}`;
    const count = await countUsers(engine.http, workload.database);
    if (count !== acknowledged.size) throw new Error(`${name}: ${count} users, ${acknowledged.size} acknowledged`);
    const rows = await usersExactly(engine.http, workload.database, acknowledged);
    if (caller.closedBecause !== undefined) throw new Error(`${name}: the caller's socket ${caller.closedBecause}`);
    subscribers.forEach((subscriber, index) => {
      const problem =
        subscriber.closedBecause ?? subscriber.problem ?? receivedProblem(subscriber.received, acknowledged);
      if (problem !== undefined) throw new Error(`${name}: subscriber ${index}: ${problem}`);
    });
    checks.push({
      engine: engine.id,
      database: workload.database,
      rows: rows.length,
      acknowledged: acknowledged.size,
      subscribers: subscribers.length,
    });
  }
  return checks;
}

/** Why `received` (times per email) is not every acknowledged email exactly once, or undefined. */
function receivedProblem(received: ReadonlyMap<string, number>, acknowledged: ReadonlySet<string>): string | undefined {
  const twice = [...received].filter(([, times]) => times !== 1).map(([email, times]) => `${email} x ${times}`);
  const missing = [...acknowledged].filter((email) => !received.has(email));
  const extra = [...received.keys()].filter((email) => !acknowledged.has(email));
  if (twice.length + missing.length + extra.length === 0) return undefined;
  return (
    `received ${received.size} rows, ${acknowledged.size} acknowledged: more than once ${twice.slice(0, 3).join(', ') || 'none'}, ` +
    `missing ${missing.slice(0, 3).join(', ') || 'none'}, unexpected ${extra.slice(0, 3).join(', ') || 'none'}`
  );
}

// ------------------------------------------------------------------------------------------------
// Summary
// ------------------------------------------------------------------------------------------------

interface Summary extends TargetSummary<EngineId> {
  /** Median calls per second over the rounds. */
  callsPerSecond: number;
  /** Median rows delivered per second over the rounds, all subscribers together. */
  deliveriesPerSecond: number;
  /** Calls measured over all rounds, which the percentiles are of. */
  calls: number;
  reducerResultP50Ms: number;
  reducerResultP95Ms: number;
  /** Of the latest subscriber of each call; NaN without subscribers. */
  lastSubscriberP50Ms: number;
  lastSubscriberP95Ms: number;
  /** Of the median subscriber of each call; NaN without subscribers. */
  medianSubscriberP50Ms: number;
  medianSubscriberP95Ms: number;
  /**
   * Per round, the round's last-subscriber p50 / the same engine's baseline ReducerResult p50 of the
   * same round; the median over the rounds (a ratio within a round, where both saw the same machine).
   */
  lastP50ToBaseline: number;
  /** The same of the p95s. */
  lastP95ToBaseline: number;
  /** The same of the ReducerResult p50s: what the fan-out costs the caller. */
  reducerResultP50ToBaseline: number;
  /** lastSubscriberP50Ms / the baseline's pooled ReducerResult p50 (rounds weighted by their calls). */
  pooledLastP50ToBaseline: number;
  /** Spread of calls/s over the rounds: (max - min) / median. */
  spread: number;
}

function summarise(samples: readonly FanoutSample[], target: Target): Summary {
  const baseline = `${target.engine.id}/fanout-0`;
  const mine = samples.filter((sample) => sample.target === target.id);
  const rounds = summariseRounds(
    mine.map((sample) => ({
      ...sample,
      latencyP50Ms: sample.lastSubscriberP50Ms,
      latencyP99Ms: sample.lastSubscriberP95Ms,
    })),
    (sample) => sample.callsPerSecond,
  );
  const [reducerResultP50Ms, reducerResultP95Ms] = p50p95(latencies.reducerResult.of(target.id));
  const [lastSubscriberP50Ms, lastSubscriberP95Ms] = p50p95(latencies.lastSubscriber.of(target.id));
  const [medianSubscriberP50Ms, medianSubscriberP95Ms] = p50p95(latencies.medianSubscriber.of(target.id));
  const [baselineP50] = p50p95(latencies.reducerResult.of(baseline));
  const baselineOf = (round: number) =>
    samples.find((sample) => sample.target === baseline && sample.round === round) as FanoutSample;
  const ratioByRound = (ratio: (sample: FanoutSample, base: FanoutSample) => number) =>
    median(mine.map((sample) => ratio(sample, baselineOf(sample.round))));
  return {
    ...summaryHead(target),
    callsPerSecond: rounds.rate,
    deliveriesPerSecond: median(mine.map((sample) => sample.deliveriesPerSecond)),
    calls: latencies.reducerResult.of(target.id).length,
    reducerResultP50Ms,
    reducerResultP95Ms,
    lastSubscriberP50Ms,
    lastSubscriberP95Ms,
    medianSubscriberP50Ms,
    medianSubscriberP95Ms,
    lastP50ToBaseline: ratioByRound((sample, base) => sample.lastSubscriberP50Ms / base.reducerResultP50Ms),
    lastP95ToBaseline: ratioByRound((sample, base) => sample.lastSubscriberP95Ms / base.reducerResultP95Ms),
    reducerResultP50ToBaseline: ratioByRound((sample, base) => sample.reducerResultP50Ms / base.reducerResultP50Ms),
    pooledLastP50ToBaseline: lastSubscriberP50Ms / baselineP50,
    spread: rounds.spread,
  };
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

process.exitCode = await runEngineBench(
  () => readFanoutConfig(process.argv.slice(2), process.env),
  USAGE,
  (config): EngineBench<EngineUnderTest, Workload, FanoutSample, Summary> => ({
    name: NAME,
    scenario: 'spacetimedb-fanout',
    server: {
      script: new URL('./spacetimedb-server.ts', import.meta.url),
      // Only for the client setUp replaces: the host has no development token.
      token: 'none',
      sockets: 1,
    },
    workloads: workloads(config),
    plan: { width: 10, after: 'the set-up and the checks' },
    setUp: (server, cleanups) => setUp(server, config, cleanups),
    measure: {
      run: (target, seconds, round, phase) => measure(target, config, seconds, round, phase),
      problemOf,
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(20)}  ${fixed(sample.callsPerSecond, 0).padStart(5)} calls/s  ` +
        `ReducerResult p50 ${fixed(sample.reducerResultP50Ms, 2)} ms` +
        (sample.clients > 0 ? `  last subscriber p50 ${fixed(sample.lastSubscriberP50Ms, 2)} ms` : '') +
        (sample.capped ? '  (capped)' : ''),
    },
    check: async (engines) => {
      print('\nchecking every database (rows = calls acknowledged; every subscriber received each row once)...');
      const checks: DatabaseCheck[] = [];
      for (const engine of engines) checks.push(...(await check(engine, config)));
      for (const database of checks) {
        print(
          `  ok: ${database.engine} ${database.database}: ${database.rows} users, ${database.acknowledged} acknowledged, ` +
            `${database.subscribers} subscribers received each once`,
        );
      }
      return checks;
    },
    summarise,
    report: {
      header: [
        'target',
        'subs',
        'calls/s',
        'deliveries/s',
        'calls',
        'result p50',
        'last p50',
        'last p95',
        'median p50',
        'result / base',
        'last p50 / base',
        'last p95 / base',
        'spread',
      ],
      row: (summary) => [
        summary.target,
        String(summary.clients),
        fixed(summary.callsPerSecond, 0),
        fixed(summary.deliveriesPerSecond, 0),
        String(summary.calls),
        fixed(summary.reducerResultP50Ms, 2),
        fixed(summary.lastSubscriberP50Ms, 2),
        fixed(summary.lastSubscriberP95Ms, 2),
        fixed(summary.medianSubscriberP50Ms, 2),
        fixed(summary.reducerResultP50ToBaseline, 2),
        fixed(summary.lastP50ToBaseline, 2),
        fixed(summary.lastP95ToBaseline, 2),
        `${fixed(summary.spread * 100, 1)} %`,
      ],
      legend: [
        'subs             subscribers of SELECT * FROM user on the database called (fanout-0: the baseline)',
        'calls/s          create_user calls a second, one at a time, each answered and delivered everywhere (median of the rounds)',
        'deliveries/s     rows received a second, all subscribers together (median of the rounds)',
        "result p50       ms from sending CallReducer to the caller's ReducerResult, all measured calls",
        'last p50, p95    ms from sending CallReducer to the last subscriber receiving its TransactionUpdate',
        'median p50       ms from sending CallReducer to the median subscriber receiving it',
        "/ base           per round, divided by the same percentile of fanout-0's ReducerResult in that round on the",
        '                 same engine; the median over the rounds (result / base: p50 of the ReducerResult)',
        'spread           (max - min) / median of calls/s over the rounds; above ~10 % the machine was busy',
      ],
    },
    describeEngine: ({ id, description, connectSeconds }) => ({ id, description, connectSeconds }),
    baseline: 'fanout-0: the ReducerResult of the same call with no subscriber, same engine, same rounds',
  }),
);
