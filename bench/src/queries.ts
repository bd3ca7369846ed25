/**
 * `npm run bench:queries`: TypeQL query throughput of the reference server, each figure with a
 * baseline measured on the same server in the same run. See ../README.md ("Queries").
 *
 * - read-query: one-shot `match $p isa person, has name "<random existing>"; fetch { "name": $p.name };`
 *   over a database of 10 000 people (autocannon; every answer is checked);
 * - get-database: `GET /v1/databases/bench-read` on the same server (the read query's baseline: an
 *   authenticated request answered from one storage lookup);
 * - list-databases: `GET /v1/databases` on the same server (a second baseline; it scans the storage
 *   engine's keys, so it slows down as the database grows);
 * - insert: write transactions of 1000 inserts each (open, one insert query, commit), reported as
 *   inserts/s, into a fresh database per measurement;
 * - trivial-query: the one-shot read `match entity $t;` (the inserts' baseline: what one query costs
 *   when it does almost nothing).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import {
  CONNECTIONS,
  configOrExitCode,
  type IntegerOption,
  ROUND_OPTIONS,
  readOptions,
  roundsUsage,
} from './config.js';
import { machine, print, printReport, runRounds, startChild, withChild, writeResults } from './harness.js';
import { type LoadOptions, problemOf, runLoad } from './load.js';
import type { ServerReady } from './protocol.js';
import { fixed, median, percentiles, summariseRounds } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/queries.json', import.meta.url));

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface QueriesConfig {
  /** Concurrent connections of the autocannon targets. */
  connections: number;
  /** Measured seconds per target and round. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement. */
  warmupSeconds: number;
  rounds: number;
  /** People in the read database. */
  persons: number;
  /** Inserts per write transaction (and per setup batch). */
  batch: number;
  /** Concurrent write transactions of the insert target. */
  insertWorkers: number;
  out: string;
}

export const USAGE = `Usage: npm run bench:queries [-- options]

TypeQL throughput of the reference server: a one-shot read query (fetch a person by a random
existing name) against GET /v1/databases/{name} and GET /v1/databases, and write transactions of --batch inserts against a
trivial one-shot query, in interleaved rounds on one server. Every option can also be set through
the environment variable in brackets.

Options:
  --connections <n>     Concurrent connections (BENCH_CONNECTIONS, default 10)
${roundsUsage(ROUND_OPTIONS, 24)}
  --persons <n>         People in the read database (BENCH_PERSONS, default 10000)
  --batch <n>           Inserts per write transaction (BENCH_BATCH, default 1000)
  --insert-workers <n>  Concurrent write transactions (BENCH_INSERT_WORKERS, default 2)
  --out <file>          JSON results (BENCH_OUT_QUERIES, default results/queries.json in the bench folder)
  -h, --help            Show this help
`;

const OPTIONS: Record<Exclude<keyof QueriesConfig, 'out'>, IntegerOption> = {
  connections: CONNECTIONS,
  ...ROUND_OPTIONS,
  persons: { flag: 'persons', variable: 'BENCH_PERSONS', fallback: 10_000, min: 1, max: 1_000_000 },
  batch: { flag: 'batch', variable: 'BENCH_BATCH', fallback: 1000, min: 1, max: 100_000 },
  insertWorkers: { flag: 'insert-workers', variable: 'BENCH_INSERT_WORKERS', fallback: 2, min: 1, max: 64 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readQueriesConfig(argv: string[], env: NodeJS.ProcessEnv, defaultOut: string): QueriesConfig | 'help' {
  return readOptions(argv, env, OPTIONS, { variable: 'BENCH_OUT_QUERIES', fallback: defaultOut });
}

// ------------------------------------------------------------------------------------------------
// The server, over HTTP
// ------------------------------------------------------------------------------------------------

const SCHEMA = `define
  attribute name, value string;
  attribute age, value integer;
  attribute email, value string;
  entity person, owns name @key, owns age, owns email, plays friendship:friend;
  relation friendship, relates friend @card(0..);`;

const READ_DATABASE = 'bench-read';
const personName = (index: number) => `person-${String(index).padStart(6, '0')}`;

/** One insert query of `count` people named by `name(i)`. */
function insertQuery(count: number, name: (i: number) => string): string {
  const statements = Array.from(
    { length: count },
    (_, i) => `$p${i} isa person, has name "${name(i)}", has age ${i % 100};`,
  );
  return `insert\n${statements.join('\n')}`;
}

class Server {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  get headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' };
  }

  /** A request that must answer 200; returns the body text. */
  async call(method: string, path: string, body?: unknown): Promise<string> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return text;
  }

  oneShot(databaseName: string, transactionType: 'read' | 'write' | 'schema', query: string): Promise<string> {
    return this.call('POST', '/v1/query', { databaseName, transactionType, query });
  }

  async createDatabase(name: string): Promise<void> {
    await this.call('POST', `/v1/databases/${name}`);
    await this.oneShot(name, 'schema', SCHEMA);
  }

  async deleteDatabase(name: string): Promise<void> {
    await this.call('DELETE', `/v1/databases/${name}`);
  }

  async countPersons(database: string): Promise<number> {
    const body = JSON.parse(await this.oneShot(database, 'read', 'match $p isa person; reduce $n = count;')) as {
      answers: Array<{ data: { n: { value: number } } }>;
    };
    return body.answers[0]?.data.n.value ?? Number.NaN;
  }
}

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

type TargetId = 'read-query' | 'get-database' | 'list-databases' | 'insert' | 'trivial-query';

interface Target {
  id: TargetId;
  unit: 'req/s' | 'inserts/s';
  description: string;
  run(seconds: number, round: number, phase: 'warmup' | 'measure'): Promise<Measurement>;
}

interface Measurement {
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Requests (autocannon targets) or committed transactions (insert). */
  operations: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  /** Insert target only: transactions per second. */
  transactionsPerSecond?: number;
}

interface QuerySample extends Measurement {
  target: TargetId;
  round: number;
}

function fromAutocannon(result: autocannon.Result, mismatches: number): Measurement {
  return {
    perSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    operations: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches + mismatches,
  };
}

function targets(server: Server, config: QueriesConfig): Target[] {
  const auth = { Authorization: `Bearer ${server.token}` };
  const load = (seconds: number): LoadOptions => ({
    connections: config.connections,
    pipelining: 1,
    durationSeconds: seconds,
  });
  /** A GET on the same server, every answer checked against the one it gives now. */
  const get = (id: TargetId, path: string, description: string): Target => ({
    id,
    unit: 'req/s',
    description,
    async run(seconds) {
      const expectBody = await server.call('GET', path);
      return fromAutocannon(
        await runLoad({ url: `${server.url}${path}`, headers: auth, expectBody }, load(seconds)),
        0,
      );
    },
  });
  return [
    {
      id: 'read-query',
      unit: 'req/s',
      description: `POST /v1/query (read): fetch a person by a random name of ${config.persons}`,
      async run(seconds) {
        let mismatches = 0;
        const result = await runLoad(
          {
            url: server.url,
            headers: { ...auth, 'Content-Type': 'application/json' },
            requests: [
              {
                method: 'POST',
                path: '/v1/query',
                setupRequest(request, context) {
                  const name = personName(1 + Math.floor(Math.random() * config.persons));
                  (context as { name?: string }).name = name;
                  const query = `match $p isa person, has name "${name}"; fetch { "name": $p.name };`;
                  return {
                    ...request,
                    body: JSON.stringify({ databaseName: READ_DATABASE, transactionType: 'read', query }),
                  };
                },
                onResponse(status, body, context) {
                  if (status !== 200) return; // counted by autocannon as non-2xx
                  const expected = (context as { name?: string }).name;
                  try {
                    const answer = JSON.parse(body) as { answers?: Array<{ name?: string }> };
                    if (answer.answers?.length !== 1 || answer.answers[0]?.name !== expected) mismatches++;
                  } catch {
                    mismatches++;
                  }
                },
              },
            ],
          },
          load(seconds),
        );
        return fromAutocannon(result, mismatches);
      },
    },
    get(
      'get-database',
      `/v1/databases/${READ_DATABASE}`,
      `GET /v1/databases/${READ_DATABASE} on the same server (baseline of read-query)`,
    ),
    get(
      'list-databases',
      '/v1/databases',
      'GET /v1/databases on the same server (second baseline of read-query; scans storage)',
    ),
    {
      id: 'insert',
      unit: 'inserts/s',
      description: `write transactions of ${config.batch} inserts (open, insert, commit), ${config.insertWorkers} at a time, into a fresh database`,
      run: (seconds, round, phase) => runInserts(server, config, seconds, `bench-insert-${round}-${phase}`),
    },
    {
      id: 'trivial-query',
      unit: 'req/s',
      description: 'POST /v1/query (read): `match entity $t;` (baseline of insert)',
      async run(seconds) {
        const body = JSON.stringify({
          databaseName: READ_DATABASE,
          transactionType: 'read',
          query: 'match entity $t;',
        });
        const expectBody = await server.call('POST', '/v1/query', JSON.parse(body));
        const result = await runLoad(
          {
            url: `${server.url}/v1/query`,
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body,
            expectBody,
          },
          load(seconds),
        );
        return fromAutocannon(result, 0);
      },
    },
  ];
}

/** Write transactions of `config.batch` inserts from `config.insertWorkers` concurrent workers. */
async function runInserts(server: Server, config: QueriesConfig, seconds: number, database: string) {
  await server.createDatabase(database);
  const latencies: number[] = [];
  let transactions = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (id: number) => {
    for (let n = 0; performance.now() < end; n++) {
      const began = performance.now();
      try {
        const { transactionId } = JSON.parse(
          await server.call('POST', '/v1/transactions/open', { databaseName: database, transactionType: 'write' }),
        ) as { transactionId: string };
        await server.call('POST', `/v1/transactions/${transactionId}/query`, {
          query: insertQuery(config.batch, (i) => `w${id}-t${n}-${i}`),
        });
        await server.call('POST', `/v1/transactions/${transactionId}/commit`);
        transactions++;
        latencies.push(performance.now() - began);
      } catch (error) {
        errors++;
        process.stderr.write(`insert worker ${id}: ${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: config.insertWorkers }, (_, id) => worker(id)));
  const elapsedSeconds = (performance.now() - start) / 1000;
  const committed = await server.countPersons(database);
  await server.deleteDatabase(database);
  const [latencyP50Ms, latencyP99Ms] = percentiles(latencies, [0.5, 0.99]);
  return {
    perSecond: (transactions * config.batch) / elapsedSeconds,
    transactionsPerSecond: transactions / elapsedSeconds,
    latencyP50Ms: latencyP50Ms as number,
    latencyP99Ms: latencyP99Ms as number,
    operations: transactions,
    errors,
    timeouts: 0,
    non2xx: 0,
    // Every committed insert must be there.
    mismatches: committed === transactions * config.batch ? 0 : 1,
  } satisfies Measurement;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

interface Summary {
  target: TargetId;
  unit: string;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** (max - min) / median of perSecond over the rounds. */
  spread: number;
  transactionsPerSecond?: number;
}

function summarise(samples: readonly QuerySample[], target: Target): Summary {
  const mine = samples.filter((sample) => sample.target === target.id);
  const { rate, latencyP50Ms, latencyP99Ms, spread } = summariseRounds(mine, (sample) => sample.perSecond);
  const transactions = mine.flatMap((sample) =>
    sample.transactionsPerSecond === undefined ? [] : [sample.transactionsPerSecond],
  );
  return {
    target: target.id,
    unit: target.unit,
    perSecond: rate,
    latencyP50Ms,
    latencyP99Ms,
    spread,
    ...(transactions.length > 0 ? { transactionsPerSecond: median(transactions) } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  const config = configOrExitCode(() => readQueriesConfig(argv, process.env, DEFAULT_OUT), USAGE);
  if (typeof config === 'number') return config;
  const perTarget = config.warmupSeconds + config.durationSeconds;
  print(
    `dbwire bench (queries): ${config.rounds} rounds x 5 targets x (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s), ` +
      `${config.connections} connections, ${config.persons} people, transactions of ${config.batch} inserts: ` +
      `about ${config.rounds * 5 * perTarget} s plus setup`,
  );
  const loadBefore = loadavg();
  const child = startChild<ServerReady>(new URL('./query-server.ts', import.meta.url), {
    subject: 'the server',
    possessive: "the server's",
  });
  return withChild('dbwire bench (queries)', child, async ({ url, token }) => {
    const server = new Server(url, token);

    // Setup: the read database, loaded in batches (timed, reported as a side figure).
    await server.createDatabase(READ_DATABASE);
    const setupStart = performance.now();
    for (let first = 1; first <= config.persons; first += config.batch) {
      const count = Math.min(config.batch, config.persons - first + 1);
      await server.oneShot(
        READ_DATABASE,
        'write',
        insertQuery(count, (i) => personName(first + i)),
      );
    }
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const loaded = await server.countPersons(READ_DATABASE);
    if (loaded !== config.persons) throw new Error(`setup loaded ${loaded} people, expected ${config.persons}`);
    print(`  setup: ${config.persons} people in ${fixed(setupSeconds, 2)} s (one-shot writes of ${config.batch})`);

    const all = targets(server, config);
    for (const target of all) print(`  ${target.id.padEnd(15)} ${target.description}`);
    print('');

    const samples = await runRounds(config, all, {
      run: async (target, seconds, round, phase): Promise<QuerySample> => ({
        target: target.id,
        round,
        ...(await target.run(seconds, round, phase)),
      }),
      problemOf: (sample) => problemOf(sample, sample.operations === 0 && 'nothing completed'),
      line: (sample, target) =>
        `  round ${sample.round}  ${target.id.padEnd(15)}  ${fixed(sample.perSecond, 0).padStart(8)} ${target.unit}  ` +
        `p50 ${fixed(sample.latencyP50Ms, 1)} ms  p99 ${fixed(sample.latencyP99Ms, 1)} ms`,
    });

    const summaries = Object.fromEntries(all.map((target) => [target.id, summarise(samples, target)])) as Record<
      TargetId,
      Summary
    >;
    const ratios = {
      /** read-query req/s ÷ get-database req/s: the share of a cheap authenticated request's throughput a query keeps. */
      readQueryVsGetDatabase: summaries['read-query'].perSecond / summaries['get-database'].perSecond,
      /** read-query req/s ÷ list-databases req/s (listing scans the storage engine, so it slows as data grows). */
      readQueryVsListDatabases: summaries['read-query'].perSecond / summaries['list-databases'].perSecond,
      /** inserts/s ÷ trivial one-shot queries/s: how many inserts fit in the time of one trivial query. */
      insertsVsTrivialQuery: summaries.insert.perSecond / summaries['trivial-query'].perSecond,
    };
    printReport(
      ['target (median of rounds)', 'rate', 'unit', 'p50 ms', 'p99 ms', 'spread'],
      all.map((target) => {
        const summary = summaries[target.id];
        return [
          target.id,
          fixed(summary.perSecond, 0),
          summary.unit,
          fixed(summary.latencyP50Ms, 1),
          fixed(summary.latencyP99Ms, 1),
          `${fixed(summary.spread * 100, 1)} %`,
        ];
      }),
      [
        `read-query / get-database: ${fixed(ratios.readQueryVsGetDatabase, 3)} ` +
          `(a fetch by key runs at ${fixed(ratios.readQueryVsGetDatabase * 100, 1)} % of the rate of getting a database)`,
        `read-query / list-databases: ${fixed(ratios.readQueryVsListDatabases, 3)}`,
        `insert / trivial-query: ${fixed(ratios.insertsVsTrivialQuery, 2)} inserts per trivial query ` +
          `(${fixed(summaries.insert.transactionsPerSecond ?? Number.NaN, 1)} transactions/s of ${config.batch})`,
      ],
    );

    await writeResults(config.out, {
      date: new Date().toISOString(),
      scenario: 'queries',
      machine: machine(loadBefore),
      config: { ...config, out: undefined },
      setup: { persons: config.persons, batch: config.batch, seconds: setupSeconds },
      targets: all.map(({ id, unit, description }) => ({ id, unit, description })),
      samples,
      medians: summaries,
      ratios,
    });
  });
}

process.exitCode = await main(process.argv.slice(2));
