import { type ParseArgsConfig, parseArgs } from 'node:util';
import { errorMessage, print, type RoundSettings } from './harness.js';

// ------------------------------------------------------------------------------------------------
// Options of any benchmark
// ------------------------------------------------------------------------------------------------

/** An integer option: its flag (`--<flag>`), its environment variable, its default and its range. */
export interface IntegerOption {
  flag: string;
  variable: string;
  fallback: number;
  min: number;
  max: number;
}

/** Where the JSON results go: `--out`, else the environment variable, else the default. */
export interface OutOption {
  variable: string;
  fallback: string;
}

/** `--connections`: concurrent connections (of the autocannon targets). */
export const CONNECTIONS: IntegerOption = {
  flag: 'connections',
  variable: 'BENCH_CONNECTIONS',
  fallback: 10,
  min: 1,
  max: 1000,
};

/** `--duration`, `--warmup` and `--rounds`: how long each target is measured, and how often. */
export const ROUND_OPTIONS: Readonly<Record<keyof RoundSettings, IntegerOption>> = {
  durationSeconds: { flag: 'duration', variable: 'BENCH_DURATION', fallback: 5, min: 1, max: 600 },
  warmupSeconds: { flag: 'warmup', variable: 'BENCH_WARMUP', fallback: 1, min: 0, max: 60 },
  rounds: { flag: 'rounds', variable: 'BENCH_ROUNDS', fallback: 3, min: 1, max: 20 },
};

/** `--duration` (default `durationSeconds`), `--warmup` and `--rounds`, for a bench's own default duration. */
export function roundOptions(durationSeconds: number): Readonly<Record<keyof RoundSettings, IntegerOption>> {
  return { ...ROUND_OPTIONS, durationSeconds: { ...ROUND_OPTIONS.durationSeconds, fallback: durationSeconds } };
}

/** The usage lines of `--duration`, `--warmup` and `--rounds` (`options`), their texts from column `width`. */
export function roundsUsage(options: Readonly<Record<keyof RoundSettings, IntegerOption>>, width: number): string {
  const line = (flag: string, text: string, option: IntegerOption) =>
    `  ${flag.padEnd(width - 2)}${text} (${option.variable}, default ${option.fallback})`;
  return [
    line('--duration <s>', 'Measured seconds per target and round', options.durationSeconds),
    line('--warmup <s>', 'Warm-up seconds before each measurement', options.warmupSeconds),
    line('--rounds <n>', 'Rounds', options.rounds),
  ].join('\n');
}

/** `--clients`: concurrent clients (of a bench's many-client targets). */
export const CLIENTS: IntegerOption = { flag: 'clients', variable: 'BENCH_CLIENTS', fallback: 8, min: 1, max: 256 };

/**
 * Reads flags, then the environment, then defaults; throws on a bad value. `integers` maps each
 * configuration key to its option (checked in that order); every table also gets `--out` and `-h, --help`.
 */
export function readOptions<K extends string>(
  argv: string[],
  env: NodeJS.ProcessEnv,
  integers: Readonly<Record<K, IntegerOption>>,
  out: OutOption,
): (Record<K, number> & { out: string }) | 'help' {
  const keys = Object.keys(integers) as K[];
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const key of keys) options[integers[key].flag] = { type: 'string' };
  options.out = { type: 'string' };
  options.help = { type: 'boolean', short: 'h', default: false };
  const { values } = parseArgs({ args: argv, strict: true, options });
  if (values.help) return 'help';
  const flag = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const config: Record<string, number | string> = {};
  for (const key of keys) {
    const { flag: name, variable, fallback, min, max } = integers[key];
    const raw = flag(name) ?? env[variable];
    if (raw === undefined || raw.trim() === '') {
      config[key] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!(Number.isInteger(value) && value >= min && value <= max)) {
      throw new Error(`${key} must be an integer from ${min} to ${max}, got '${raw}'.`);
    }
    config[key] = value;
  }
  config.out = flag('out') ?? env[out.variable] ?? out.fallback;
  return config as Record<K, number> & { out: string };
}

/**
 * The configuration to run with (`read` from the arguments and the environment), or the exit code
 * when there is none: 0 after printing `usage` for `--help`, 2 after saying what is wrong (and the
 * usage) on stderr.
 */
export function configOrExitCode<C extends object>(read: () => C | 'help', usage: string): C | number {
  let config: C | 'help';
  try {
    config = read();
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n\n${usage}`);
    return 2;
  }
  if (config === 'help') {
    print(usage);
    return 0;
  }
  return config;
}

// ------------------------------------------------------------------------------------------------
// `npm run bench`
// ------------------------------------------------------------------------------------------------

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
${roundsUsage(ROUND_OPTIONS, 22)}
  --databases <n>     Databases on the reference server (BENCH_DATABASES, default 5)
  --out <file>        JSON results (BENCH_OUT, default results/latest.json in the bench folder)
  -h, --help          Show this help
`;

const OPTIONS: Record<Exclude<keyof BenchConfig, 'out'>, IntegerOption> = {
  connections: CONNECTIONS,
  pipelining: { flag: 'pipelining', variable: 'BENCH_PIPELINING', fallback: 1, min: 1, max: 100 },
  ...ROUND_OPTIONS,
  databases: { flag: 'databases', variable: 'BENCH_DATABASES', fallback: 5, min: 0, max: 1000 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv, defaultOut: string): BenchConfig | 'help' {
  return readOptions(argv, env, OPTIONS, { variable: 'BENCH_OUT', fallback: defaultOut });
}

/** `url` without its password, for printing and the results file. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}
