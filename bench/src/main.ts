/**
 * `npm run bench`: the reference server's overhead over a bare fastify route, measured with
 * autocannon on 127.0.0.1. See ../README.md for how to read the numbers.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchConfig, readConfig, USAGE } from './config.js';
import { problemOf, runLoad, toSample } from './load.js';
import type { ChildMessage, ParentMessage, TargetInfo } from './protocol.js';
import { fixed, roundOrder, type Sample, summarise, table } from './stats.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/latest.json', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

const print = (text: string) => process.stdout.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  let config: BenchConfig | 'help';
  try {
    config = readConfig(argv, process.env, DEFAULT_OUT);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (config === 'help') {
    print(USAGE);
    return 0;
  }

  const perTarget = config.warmupSeconds + config.durationSeconds;
  print(
    `dbwire bench: ${config.rounds} rounds x 2 targets x (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s), ` +
      `${config.connections} connections, pipelining ${config.pipelining}: about ${config.rounds * 2 * perTarget} s`,
  );
  const loadBefore = loadavg();
  const { child, ready } = startTargets(config.databases);
  try {
    const { targets, body } = await ready;
    for (const target of targets) print(`  ${target.id.padEnd(9)} ${target.description}`);
    print(`  body: ${body.length} bytes\n`);

    const samples: Sample[] = [];
    const load = { connections: config.connections, pipelining: config.pipelining, expectBody: body };
    for (let round = 1; round <= config.rounds; round++) {
      for (const target of roundOrder(targets, round)) {
        if (config.warmupSeconds > 0) await runLoad(target, { ...load, durationSeconds: config.warmupSeconds });
        const sample = toSample(
          target,
          round,
          await runLoad(target, { ...load, durationSeconds: config.durationSeconds }),
        );
        const problem = problemOf(sample);
        if (problem) throw new Error(`round ${round}, ${target.id}: ${problem}; the measurement is not valid.`);
        samples.push(sample);
        print(
          `  round ${round}  ${target.id.padEnd(9)}  ${fixed(sample.requestsPerSecond, 0).padStart(7)} req/s  ` +
            `p99 ${fixed(sample.latencyP99Ms, 0)} ms`,
        );
      }
    }

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
    print('');
    print(
      table(
        ['target (median of rounds)', 'req/s', 'p50 ms', 'p99 ms', 'mean ms (Little)', 'req/s spread'],
        [reference, baseline].map((summary) => [
          summary.target,
          fixed(summary.requestsPerSecond, 0),
          fixed(summary.latencyP50Ms, 0),
          fixed(summary.latencyP99Ms, 0),
          fixed(littleMs(summary.requestsPerSecond), 3),
          `${fixed(summary.requestsPerSecondSpread * 100, 1)} %`,
        ]),
      ),
    );
    print('');
    print(
      `reference / baseline: req/s ${fixed(ratios.requestsPerSecond, 2)} ` +
        `(the reference serves ${fixed(ratios.requestsPerSecond * 100, 0)} % of the baseline's throughput), ` +
        `p99 ${fixed(ratios.latencyP99, 2)}x (whole-millisecond percentiles: coarse at these latencies)`,
    );

    const results = {
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        loadAverageBefore: loadAverage(loadBefore),
        loadAverageAfter: loadAverage(loadavg()),
      },
      config: { ...config, out: undefined },
      targets: targets.map(({ id, description }) => ({ id, description })),
      bodyBytes: body.length,
      samples,
      medians: {
        reference: { ...reference, latencyMeanLittleMs: littleMs(reference.requestsPerSecond) },
        baseline: { ...baseline, latencyMeanLittleMs: littleMs(baseline.requestsPerSecond) },
      },
      ratios,
    };
    const out = resolve(config.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    print(`\nresults: ${out}`);
    return 0;
  } catch (error) {
    process.stderr.write(`dbwire bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await stopTargets(child);
  }
}

/** Forks the process serving the targets (same loader and conditions as this one). */
function startTargets(databases: number): {
  child: ChildProcess;
  ready: Promise<{ targets: TargetInfo[]; body: string }>;
} {
  const child = fork(fileURLToPath(new URL('./servers.ts', import.meta.url)), [], {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_CHILD_DATABASES: String(databases) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ targets: TargetInfo[]; body: string }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('the targets did not start in time')), STARTUP_TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolvePromise({ targets: message.targets, body: message.body });
      else reject(new Error(`the targets failed to start:\n${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the targets' process exited (code ${code})`));
    });
  });
  return { child, ready };
}

/** The 1, 5 and 15 minute load averages, named. */
function loadAverage([oneMinute, fiveMinutes, fifteenMinutes]: number[]) {
  return { oneMinute, fiveMinutes, fifteenMinutes };
}

async function stopTargets(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

process.exitCode = await main(process.argv.slice(2));
