/**
 * `npm run bench:spacetimedb`: throughput of the reference SpacetimeDB host over HTTP on 127.0.0.1,
 * each figure next to a baseline measured on the same server in the same rounds. See ../README.md
 * ("SpacetimeDB host").
 *
 * Two databases of the `keyed` test module per engine, published as the CLI does:
 * - call-<n>: `POST .../bench-calls/call/create_user` (a WebAssembly reducer inserting one row, its
 *   id from an auto-inc sequence, in one transaction), n concurrent callers, every email new.
 * - sql-<n>: `POST .../bench-sql/sql` `SELECT * FROM user WHERE id = <k>` (a point lookup on the
 *   primary key) over the `--users` rows created before the rounds.
 * - identity: `GET .../bench-calls/identity`, the host's cheapest database call (the baseline:
 *   token check, name lookup, plain-text answer).
 *
 * Every answer is checked, an unexpected one refuses the run; at the end `bench-calls` must hold
 * exactly one row per acknowledged call (warm-ups included) and `bench-sql` its `--users` rows.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IntegerOption, roundOptions, roundsUsage } from './config.js';
import { type EngineBench, type EngineBenchConfig, runEngineBench } from './engine-bench.js';
import { ENGINES_USAGE, type EngineId, type EngineServer, readEngineBenchOptions } from './engines.js';
import { type EngineTarget, print, sampleHead, summaryHead, type TargetSample, type TargetSummary } from './harness.js';
import { Http } from './http.js';
import {
  type AnswersSample,
  answersProblem,
  answersSample,
  type Call,
  PooledLatencies,
  runClients,
  summariseAnswers,
} from './measurement.js';
import {
  callProblem,
  countUsers,
  createUserBody,
  createUserPath,
  createUsers,
  identityPath,
  pointQueryProblem,
  publishKeyed,
  sqlPath,
  type UserRow,
  userOf,
  usersExactly,
} from './spacetimedb-api.js';
import { fixed } from './stats.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const NAME = 'dbwire bench (spacetimedb)';

/** The database the calls write (and the baseline resolves), and the one the point queries read. */
const CALLS_DATABASE = 'bench-calls';
const SQL_DATABASE = 'bench-sql';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface SpacetimedbConfig extends EngineBenchConfig {
  /** Concurrent clients of identity, call-<n> and sql-<n> (the other count is 1). */
  callers: number;
  /** Rows of `user` in the database the point queries read. */
  users: number;
  /** Most requests a measurement sends, whatever its duration (bounds the rows the calls create). */
  maxRequests: number;
}

// Five targets per engine, each warmed up: 2 s measurements keep one engine near 50 s.
const ROUNDS = roundOptions(2);

export const USAGE = `Usage: npm run bench:spacetimedb [-- options]

Throughput of the reference SpacetimeDB host over HTTP on 127.0.0.1, with the keyed test module:
reducer calls (POST /v1/database/{name}/call/create_user, a one-row insert with an auto-inc id; 1
and n callers) and SQL point queries (POST /v1/database/{name}/sql, SELECT * FROM user WHERE id = k
over --users rows; 1 and n clients), next to GET /v1/database/{name}/identity on the same server in
the same interleaved rounds. Every answer is checked; at the end the row count must equal the
acknowledged calls. Every option can also be set through the environment variable in brackets.

Options:
${ENGINES_USAGE.replace('default memory', 'default below')}
                        Default here: memory,pglite, and postgres when DBWIRE_POSTGRES_URL is set.
${roundsUsage(ROUNDS, 24)}
  --callers <n>         Clients of the many-client targets (BENCH_CALLERS, default 4)
  --users <n>           Rows the point queries read (BENCH_USERS, default 1000)
  --max-requests <n>    Most requests per measurement (BENCH_MAX_REQUESTS, default 20000)
  --out <file>          JSON results (BENCH_OUT_SPACETIMEDB, default results/spacetimedb-<engines>.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof SpacetimedbConfig, 'out' | 'engines'>, IntegerOption> = {
  ...ROUNDS,
  callers: { flag: 'callers', variable: 'BENCH_CALLERS', fallback: 4, min: 2, max: 64 },
  users: { flag: 'users', variable: 'BENCH_USERS', fallback: 1000, min: 1, max: 100_000 },
  maxRequests: { flag: 'max-requests', variable: 'BENCH_MAX_REQUESTS', fallback: 20_000, min: 1, max: 1_000_000 },
};

/**
 * Reads flags, then the environment, then defaults; throws on a bad value. Without `--engines` or
 * BENCH_ENGINES it runs on memory and pglite, and on postgres too when DBWIRE_POSTGRES_URL is set.
 */
export function readSpacetimedbConfig(argv: string[], env: NodeJS.ProcessEnv): SpacetimedbConfig | 'help' {
  const engines = env.BENCH_ENGINES?.trim() || `memory,pglite${env.DBWIRE_POSTGRES_URL ? ',postgres' : ''}`;
  return readEngineBenchOptions(argv, { ...env, BENCH_ENGINES: engines }, OPTIONS, (chosen) => ({
    variable: 'BENCH_OUT_SPACETIMEDB',
    fallback: join(RESULTS, `spacetimedb-${chosen.join('-')}.json`),
  }));
}

// ------------------------------------------------------------------------------------------------
// Workloads and targets
// ------------------------------------------------------------------------------------------------

type Kind = 'identity' | 'call' | 'sql';

interface Workload {
  id: string;
  kind: Kind;
  clients: number;
  description: string;
}

function workloads(config: SpacetimedbConfig): Workload[] {
  const n = config.callers;
  return [
    {
      id: 'identity',
      kind: 'identity',
      clients: n,
      description: `GET /v1/database/${CALLS_DATABASE}/identity, ${n} clients (the baseline)`,
    },
    ...[1, n].map(
      (clients): Workload => ({
        id: `call-${clients}`,
        kind: 'call',
        clients,
        description: `POST .../call/create_user (one-row insert, auto-inc id), ${clients} caller(s)`,
      }),
    ),
    ...[1, n].map(
      (clients): Workload => ({
        id: `sql-${clients}`,
        kind: 'sql',
        clients,
        description: `POST .../sql SELECT * FROM user WHERE id = <k> over ${config.users} rows, ${clients} client(s)`,
      }),
    ),
  ];
}

interface EngineUnderTest extends EngineServer {
  /** Identity of the database the calls write, which the baseline answers. */
  callsIdentity: string;
  /** Rows of the point-queried database, as SQL read them after they were created. */
  users: UserRow[];
  /** Seconds the point-queried database's users took to create through calls. */
  populateSeconds: number;
  /** Emails of the calls the host acknowledged (warm-ups included). */
  acknowledged: Set<string>;
  /** Serial of the next user a call creates: every call creates a new email. */
  nextSerial: number;
}

type Target = EngineTarget<EngineUnderTest, Workload>;

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface SpacetimedbSample extends TargetSample<EngineId>, AnswersSample {
  /** The measurement stopped at `--max-requests` before its duration. */
  capped: boolean;
}

/** The calls of client `index` of `workload` on `engine`. */
function calls(engine: EngineUnderTest, workload: Workload, index: number): () => Call {
  switch (workload.kind) {
    case 'identity': {
      const path = identityPath(CALLS_DATABASE);
      return () => ({
        method: 'GET',
        path,
        check: (reply) =>
          reply.text === engine.callsIdentity ? undefined : `identity answered ${reply.text.slice(0, 200)}`,
      });
    }
    case 'call': {
      const path = createUserPath(CALLS_DATABASE);
      return () => {
        const serial = engine.nextSerial++;
        return {
          method: 'POST',
          path,
          body: createUserBody(serial),
          check: callProblem,
          acknowledged: () => engine.acknowledged.add(userOf(serial).email),
        };
      };
    }
    case 'sql': {
      const path = sqlPath(SQL_DATABASE);
      // Clients walk the rows from different offsets with a stride coprime to most counts, so
      // every client reads rows all over the table and rarely the same one at once.
      let turn = Math.floor((index * engine.users.length) / workload.clients);
      return () => {
        turn += 7919;
        const row = engine.users[turn % engine.users.length] as UserRow;
        return {
          method: 'POST',
          path,
          body: `SELECT * FROM user WHERE id = ${row[0]}`,
          contentType: 'text/plain',
          check: (reply) => pointQueryProblem(reply, row),
        };
      };
    }
  }
}

async function measure(
  target: Target,
  config: SpacetimedbConfig,
  seconds: number,
  round: number,
  phase: 'warmup' | 'measure',
): Promise<SpacetimedbSample> {
  const { engine, workload } = target;
  const capped = (tally: { attempts: number }) => tally.attempts >= config.maxRequests;
  const { tally, elapsed } = await runClients(engine.http, {
    clients: workload.clients,
    seconds,
    calls: (index) => calls(engine, workload, index),
    done: (tally, timeUp) => timeUp || capped(tally),
  });
  if (phase === 'measure') measuredLatencies.add(target.id, tally.latencies);
  return {
    ...sampleHead(target, round),
    capped: capped(tally),
    ...answersSample(tally, elapsed, { latencyP50Ms: 0.5, latencyP99Ms: 0.99 }),
  };
}

/** Every measured latency of each target, over all rounds (the summary's percentiles). */
const measuredLatencies = new PooledLatencies();

// ------------------------------------------------------------------------------------------------
// Set-up and the final check
// ------------------------------------------------------------------------------------------------

/**
 * Publishes both databases (the first anonymously: the host mints the owner's token, which every
 * later request carries), creates the point-queried users through calls, and reads them back.
 */
async function setUp(server: EngineServer, config: SpacetimedbConfig, close: (http: Http) => void) {
  const { base } = server.http;
  const calls = await publishKeyed(base, CALLS_DATABASE);
  await publishKeyed(base, SQL_DATABASE, calls.token);
  const http = new Http(base, config.callers, calls.token);
  close(http);
  const populateSeconds = await createUsers(http, SQL_DATABASE, config.users, config.callers);
  const emails = new Set(Array.from({ length: config.users }, (_, serial) => userOf(serial).email));
  const users = await usersExactly(http, SQL_DATABASE, emails);
  print(
    `  ${server.id}: created the ${config.users} users of ${SQL_DATABASE} through create_user, ${config.callers} callers, ` +
      `in ${fixed(populateSeconds, 1)} s (${fixed(config.users / populateSeconds, 0)} calls/s)`,
  );
  return {
    ...server,
    http,
    description: `${server.description}; ${config.users} users created in ${fixed(populateSeconds, 1)} s`,
    callsIdentity: calls.identity,
    users,
    populateSeconds,
    acknowledged: new Set<string>(),
    nextSerial: 0,
  };
}

interface DatabaseCheck {
  engine: EngineId;
  database: string;
  /** Rows of `user` (COUNT(*), and the rows listed). */
  rows: number;
  /** Calls acknowledged on it (bench-calls), or users created before the rounds (bench-sql). */
  expected: number;
}

/**
 * Throws unless bench-calls holds exactly a row per acknowledged call (the count, and every email:
 * none missing, none extra, each as created) and bench-sql still its users.
 */
async function check(engine: EngineUnderTest): Promise<DatabaseCheck[]> {
  const { http } = engine;
  const checks: DatabaseCheck[] = [];
  for (const [database, expected] of [
    [CALLS_DATABASE, engine.acknowledged],
    [SQL_DATABASE, new Set(engine.users.map((row) => row[1]))],
  ] as const) {
    const count = await countUsers(http, database);
    if (count !== expected.size) {
      throw new Error(`${engine.id}: ${database} counts ${count} users, ${expected.size} acknowledged`);
    }
    const rows = await usersExactly(http, database, expected);
    checks.push({ engine: engine.id, database, rows: rows.length, expected: expected.size });
  }
  return checks;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

interface Summary extends TargetSummary<EngineId> {
  /** Median requests (or transactions) per second over the rounds. */
  perSecond: number;
  /** perSecond / the same engine's identity req/s. */
  ratioToIdentity: number;
  /** Latencies measured over all rounds, which the percentiles are of. */
  latencies: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  spread: number;
}

function summarise(samples: readonly SpacetimedbSample[], target: Target): Summary {
  const { perSecond, ratio, latencies, latencyP50Ms, latencyP99Ms, spread } = summariseAnswers(
    samples,
    target.id,
    `${target.engine.id}/identity`,
    measuredLatencies,
    { latencyP50Ms: 0.5, latencyP99Ms: 0.99 },
  );
  return {
    ...summaryHead(target),
    perSecond,
    ratioToIdentity: ratio,
    latencies,
    latencyP50Ms,
    latencyP99Ms,
    spread,
  };
}

process.exitCode = await runEngineBench(
  () => readSpacetimedbConfig(process.argv.slice(2), process.env),
  USAGE,
  (config): EngineBench<EngineUnderTest, Workload, SpacetimedbSample, Summary> => ({
    name: NAME,
    scenario: 'spacetimedb',
    server: {
      script: new URL('./spacetimedb-server.ts', import.meta.url),
      // Only for the client setUp replaces: the host has no development token.
      token: 'none',
      sockets: 1,
    },
    workloads: workloads(config),
    plan: { width: 10, after: 'the checks' },
    setUp: (server, cleanups) => setUp(server, config, (http) => cleanups.push(async () => http.close())),
    measure: {
      run: (target, seconds, round, phase) => measure(target, config, seconds, round, phase),
      problemOf: answersProblem,
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(18)}  ${fixed(sample.perSecond, 0).padStart(6)} req/s  ` +
        `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms${sample.capped ? '  (capped)' : ''}`,
    },
    check: async (engines) => {
      print('\nchecking every database (rows = calls acknowledged, each user as created)...');
      const checks: DatabaseCheck[] = [];
      for (const engine of engines) checks.push(...(await check(engine)));
      for (const database of checks) {
        print(
          `  ok: ${database.engine} ${database.database}: ${database.rows} users, ${database.expected} acknowledged`,
        );
      }
      return checks;
    },
    summarise,
    report: {
      header: ['target', 'clients', 'req/s', '/ identity', 'requests', 'p50 ms', 'p99 ms', 'spread'],
      row: (summary) => [
        summary.target,
        String(summary.clients),
        fixed(summary.perSecond, 0),
        fixed(summary.ratioToIdentity, 3),
        String(summary.latencies),
        fixed(summary.latencyP50Ms, 2),
        fixed(summary.latencyP99Ms, 2),
        `${fixed(summary.spread * 100, 1)} %`,
      ],
      legend: [
        'req/s       acknowledged and checked answers per second, all clients together (median of the rounds);',
        '            for call-<n>, committed reducer transactions per second',
        "/ identity  divided by the same engine's GET .../identity req/s, measured in the same rounds on the same server",
        'requests    measured requests, all rounds together; the percentiles are of their latencies',
        'p50, p99    latency of one request as its client saw it (send to checked answer), in ms',
        'spread      (max - min) / median of req/s over the rounds; above ~10 % the machine was busy',
      ],
    },
    describeEngine: ({ id, description, populateSeconds }) => ({
      id,
      description,
      population: {
        how: `POST .../call/create_user through HTTP, ${config.callers} concurrent callers`,
        users: config.users,
        seconds: populateSeconds,
        callsPerSecond: config.users / populateSeconds,
      },
    }),
    baseline: `GET /v1/database/${CALLS_DATABASE}/identity on the same engine's server, same rounds`,
  }),
);
