import { parseArgs } from 'node:util';

export interface BenchConfig {
  /** Concurrent connections per target. */
  connections: number;
  /** Pipelined requests per connection. */
  pipelining: number;
  /** Measured seconds per target and round. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement. */
  warmupSeconds: number;
  /** Rounds; each measures every target once, in alternating order. */
  rounds: number;
  /** Databases created on the reference server (the length of the listed JSON). */
  databases: number;
  /** Where the JSON results go, relative to the working directory. */
  out: string;
}

export const USAGE = `Usage: npm run bench [-- options]

Measures GET /v1/databases on the reference server against a bare fastify route answering the
identical JSON, with autocannon on 127.0.0.1, in interleaved rounds. Every option can also be set
through the environment variable in brackets.

Options:
  --connections <n>   Concurrent connections (BENCH_CONNECTIONS, default 10)
  --pipelining <n>    Pipelined requests per connection (BENCH_PIPELINING, default 1)
  --duration <s>      Measured seconds per target and round (BENCH_DURATION, default 5)
  --warmup <s>        Warm-up seconds before each measurement (BENCH_WARMUP, default 1)
  --rounds <n>        Rounds (BENCH_ROUNDS, default 3)
  --databases <n>     Databases on the reference server (BENCH_DATABASES, default 5)
  --out <file>        JSON results (BENCH_OUT, default results/latest.json in the bench folder)
  -h, --help          Show this help
`;

const LIMITS: Record<Exclude<keyof BenchConfig, 'out'>, [min: number, max: number]> = {
  connections: [1, 1000],
  pipelining: [1, 100],
  durationSeconds: [1, 600],
  warmupSeconds: [0, 60],
  rounds: [1, 20],
  databases: [0, 1000],
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv, defaultOut: string): BenchConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      connections: { type: 'string' },
      pipelining: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      databases: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const number = (
    key: Exclude<keyof BenchConfig, 'out'>,
    flag: string | undefined,
    variable: string,
    fallback: number,
  ) => {
    const raw = flag ?? env[variable];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    const [min, max] = LIMITS[key];
    if (!(Number.isInteger(value) && value >= min && value <= max)) {
      throw new Error(`${key} must be an integer from ${min} to ${max}, got '${raw}'.`);
    }
    return value;
  };
  return {
    connections: number('connections', values.connections, 'BENCH_CONNECTIONS', 10),
    pipelining: number('pipelining', values.pipelining, 'BENCH_PIPELINING', 1),
    durationSeconds: number('durationSeconds', values.duration, 'BENCH_DURATION', 5),
    warmupSeconds: number('warmupSeconds', values.warmup, 'BENCH_WARMUP', 1),
    rounds: number('rounds', values.rounds, 'BENCH_ROUNDS', 3),
    databases: number('databases', values.databases, 'BENCH_DATABASES', 5),
    out: values.out ?? env.BENCH_OUT ?? defaultOut,
  };
}
