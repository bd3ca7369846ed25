/**
 * `npm run bench`: the reference server's overhead over a bare fastify route, measured with
 * autocannon on 127.0.0.1. See ../README.md for how to read the numbers.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configOrExitCode, readConfig, USAGE } from './config.js';
import { machine, print, printReport, runRounds, startChild, withChild, writeResults } from './harness.js';
import { problemOf, runLoad, toSample } from './load.js';
import type { TargetsReady } from './protocol.js';
import { fixed, summarise } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/latest.json', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const config = configOrExitCode(() => readConfig(argv, process.env, DEFAULT_OUT), USAGE);
  if (typeof config === 'number') return config;

  const perTarget = config.warmupSeconds + config.durationSeconds;
  print(
    `dbwire bench: ${config.rounds} rounds x 2 targets x (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s), ` +
      `${config.connections} connections, pipelining ${config.pipelining}: about ${config.rounds * 2 * perTarget} s`,
  );
  const loadBefore = loadavg();
  const child = startChild<TargetsReady>(
    new URL('./servers.ts', import.meta.url),
    { subject: 'the targets', possessive: "the targets'" },
    { BENCH_CHILD_DATABASES: String(config.databases) },
  );
  return withChild('dbwire bench', child, async ({ targets, body }) => {
    for (const target of targets) print(`  ${target.id.padEnd(9)} ${target.description}`);
    print(`  body: ${body.length} bytes\n`);

    const load = { connections: config.connections, pipelining: config.pipelining };
    const samples = await runRounds(config, targets, {
      run: async (target, seconds, round) =>
        toSample(
          target,
          round,
          await runLoad(
            { url: target.url, headers: target.headers, expectBody: body },
            { ...load, durationSeconds: seconds },
          ),
        ),
      problemOf: (sample) => problemOf(sample),
      line: (sample, target) =>
        `  round ${sample.round}  ${target.id.padEnd(9)}  ${fixed(sample.requestsPerSecond, 0).padStart(7)} req/s  ` +
        `p99 ${fixed(sample.latencyP99Ms, 0)} ms`,
    });

    const reference = summarise(samples, 'reference');
    const baseline = summarise(samples, 'baseline');
    const ratios = {
      requestsPerSecond: reference.requestsPerSecond / baseline.requestsPerSecond,
      latencyP99: reference.latencyP99Ms / baseline.latencyP99Ms,
    };
    // autocannon's latency percentiles are whole milliseconds; the mean latency that the throughput
    // implies (Little's law: requests in flight / req/s) has no such granularity.
    const inFlight = config.connections * config.pipelining;
    const littleMs = (requestsPerSecond: number) => (inFlight / requestsPerSecond) * 1000;
    printReport(
      ['target (median of rounds)', 'req/s', 'p50 ms', 'p99 ms', 'mean ms (Little)', 'req/s spread'],
      [reference, baseline].map((summary) => [
        summary.target,
        fixed(summary.requestsPerSecond, 0),
        fixed(summary.latencyP50Ms, 0),
        fixed(summary.latencyP99Ms, 0),
        fixed(littleMs(summary.requestsPerSecond), 3),
        `${fixed(summary.requestsPerSecondSpread * 100, 1)} %`,
      ]),
      [
        `reference / baseline: req/s ${fixed(ratios.requestsPerSecond, 2)} ` +
          `(the reference serves ${fixed(ratios.requestsPerSecond * 100, 0)} % of the baseline's throughput), ` +
          `p99 ${fixed(ratios.latencyP99, 2)}x (whole-millisecond percentiles: coarse at these latencies)`,
      ],
    );

    await writeResults(config.out, {
      date: new Date().toISOString(),
      machine: machine(loadBefore),
      config: { ...config, out: undefined },
      targets: targets.map(({ id, description }) => ({ id, description })),
      bodyBytes: body.length,
      samples,
      medians: {
        reference: { ...reference, latencyMeanLittleMs: littleMs(reference.requestsPerSecond) },
        baseline: { ...baseline, latencyMeanLittleMs: littleMs(baseline.requestsPerSecond) },
      },
      ratios,
    });
  });
}

process.exitCode = await main(process.argv.slice(2));
