/**
 * The parent side of the benchmarks: the child process serving the targets, the run and its
 * cleanups, the interleaved rounds, the report, and the results file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './protocol.js';
import { fixed, roundOrder, table } from './stats.js';

const STARTUP_TIMEOUT_MS = 60_000;

export const print = (text: string) => process.stdout.write(`${text}\n`);

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ------------------------------------------------------------------------------------------------
// The child process
// ------------------------------------------------------------------------------------------------

/** How messages name the child: `the targets` and `the targets'`, or `the server` and `the server's`. */
export interface ChildNames {
  subject: string;
  possessive: string;
}

export interface Child<Ready> {
  process: ChildProcess;
  /** Resolves with the child's ready message; rejects when it fails, exits or takes too long. */
  ready: Promise<Ready>;
}

/** Forks the child `script` (same loader and conditions as this process), with `env` added to the environment. */
export function startChild<Ready>(script: URL, names: ChildNames, env: NodeJS.ProcessEnv = {}): Child<Ready> {
  const child = fork(fileURLToPath(script), [], {
    execArgv: process.execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<Ready>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${names.subject} did not start in time`)), STARTUP_TIMEOUT_MS);
    child.on('message', (message: ChildMessage<Ready>) => {
      clearTimeout(timer);
      if (message.type === 'failed') reject(new Error(`${names.subject} failed to start:\n${message.message}`));
      else resolvePromise(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${names.possessive} process exited (code ${code})`));
    });
  });
  return { process: child, ready };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Measures once `child` is ready, and stops it whatever happens. Returns the exit code: 0, or 1
 * after saying why on stderr (`<name>: <why>`).
 */
export async function withChild<Ready>(
  name: string,
  child: Child<Ready>,
  measure: (ready: Ready) => Promise<void>,
): Promise<number> {
  try {
    await measure(await child.ready);
    return 0;
  } catch (error) {
    process.stderr.write(`${name}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    await stopChild(child.process);
  }
}

// ------------------------------------------------------------------------------------------------
// A run
// ------------------------------------------------------------------------------------------------

/** Steps that undo a run's setup (stop a child, close a client, remove a store), run last to first. */
export type Cleanups = Array<() => Promise<void>>;

export interface BenchRun {
  cleanups: Cleanups;
  /**
   * Prints how long the run took and writes the results to `config.out`: the date, `scenario`, the
   * wall time, the machine, `config` (without `out`), then `fields`.
   */
  finish<C extends { out: string }>(config: C, scenario: string, fields: Record<string, unknown>): Promise<void>;
}

/**
 * Runs a benchmark's `body` and then its cleanups, whatever happens. Returns the exit code: 0, or 1
 * after saying why on stderr (`<name>: <why>`); a failed cleanup is said too.
 */
export async function runBench(name: string, body: (run: BenchRun) => Promise<void>): Promise<number> {
  const loadBefore = loadavg();
  const began = performance.now();
  const cleanups: Cleanups = [];
  const finish: BenchRun['finish'] = async (config, scenario, fields) => {
    const wallSeconds = (performance.now() - began) / 1000;
    print(`\nthe run took ${fixed(wallSeconds, 0)} s, setup and checks included`);
    await writeResults(config.out, {
      date: new Date().toISOString(),
      scenario,
      wallSeconds,
      machine: machine(loadBefore),
      config: { ...config, out: undefined },
      ...fields,
    });
  };
  try {
    await body({ cleanups, finish });
    return 0;
  } catch (error) {
    process.stderr.write(`${name}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) =>
        process.stderr.write(`${name}: cleanup failed: ${errorMessage(error)}\n`),
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Targets on engines
// ------------------------------------------------------------------------------------------------

/** A target of a bench on storage engines: one workload on one engine, named `<engine>/<workload>`. */
export interface EngineTarget<E extends { id: string }, W extends { clients: number }> {
  id: string;
  engine: E;
  workload: W;
}

/** Every workload on every engine, engine by engine; `name` is a workload's name in the targets' ids. */
export function engineTargets<E extends { id: string }, W extends { clients: number }>(
  engines: readonly E[],
  workloads: readonly W[],
  name: (workload: W) => string,
): EngineTarget<E, W>[] {
  return engines.flatMap((engine) =>
    workloads.map((workload) => ({ id: `${engine.id}/${name(workload)}`, engine, workload })),
  );
}

/** The workload's name in `target`'s id. */
const workloadName = (target: EngineTarget<{ id: string }, { clients: number }>) =>
  target.id.slice(target.engine.id.length + 1);

/** What a summary of a target on an engine names (`summaryHead`). */
export interface TargetSummary<E extends string> {
  target: string;
  engine: E;
  workload: string;
  clients: number;
}

/** What a sample of a target on an engine names (`sampleHead`). */
export interface TargetSample<E extends string> extends TargetSummary<E> {
  round: number;
}

/** What a summary of `target` begins with: the target, its engine and workload, and its clients. */
export function summaryHead<E extends { id: string }, W extends { clients: number }>(
  target: EngineTarget<E, W>,
): TargetSummary<E['id']> {
  return {
    target: target.id,
    engine: target.engine.id,
    workload: workloadName(target),
    clients: target.workload.clients,
  };
}

/** What a sample of `target` in `round` begins with: as its summary (`summaryHead`), with the round. */
export function sampleHead<E extends { id: string }, W extends { clients: number }>(
  target: EngineTarget<E, W>,
  round: number,
): TargetSample<E['id']> {
  const { clients, ...names } = summaryHead(target);
  return { ...names, round, clients };
}

/** Summaries by their target, as the results file keeps them. */
export function byTarget<S extends { target: string }>(summaries: readonly S[]): Record<string, S> {
  return Object.fromEntries(summaries.map((summary) => [summary.target, summary]));
}

// ------------------------------------------------------------------------------------------------
// Rounds
// ------------------------------------------------------------------------------------------------

export interface RoundSettings {
  rounds: number;
  /** Unmeasured seconds before each measurement (none when 0). */
  warmupSeconds: number;
  /** Measured seconds per target and round. */
  durationSeconds: number;
}

export interface Measure<T, S> {
  /** One run of `target` for `seconds`: a warm-up (its sample is dropped) or a measurement. */
  run(target: T, seconds: number, round: number, phase: 'warmup' | 'measure'): Promise<S>;
  /** Why a sample does not count, or undefined. */
  problemOf(sample: S, target: T): string | undefined;
  /** The line printed for a valid sample. */
  line(sample: S, target: T): string;
}

export interface RoundOptions {
  /**
   * One unmeasured pass over every target (a warm-up each, round 0) before round 1: without it the
   * run's first measurement came out several times slower than the same target in later rounds
   * (JIT of the server and of the client, on a busy machine), however long its own warm-up.
   */
  prime?: boolean;
  /** Warm-ups are checked as measurements are: a sample with a problem stops the run. */
  checkWarmups?: boolean;
}

/**
 * Measures every target once a round, in alternating order (`roundOrder`), each after its warm-up.
 * A sample with a problem stops the run; the others are printed as they come and returned in order.
 */
export async function runRounds<T extends { id: string }, S>(
  settings: RoundSettings,
  targets: readonly T[],
  measure: Measure<T, S>,
  options: RoundOptions = {},
): Promise<S[]> {
  const warmUp = async (target: T, round: number) => {
    const sample = await measure.run(target, settings.warmupSeconds, round, 'warmup');
    const problem = options.checkWarmups ? measure.problemOf(sample, target) : undefined;
    if (problem) throw new Error(`round ${round}, ${target.id} (warm-up): ${problem}; the run is not valid.`);
  };
  if (options.prime && settings.warmupSeconds > 0) {
    const began = performance.now();
    for (const target of targets) await warmUp(target, 0);
    print(`  primed every target (${fixed((performance.now() - began) / 1000, 0)} s, unmeasured)`);
  }
  const samples: S[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of roundOrder(targets, round)) {
      if (settings.warmupSeconds > 0) await warmUp(target, round);
      const sample = await measure.run(target, settings.durationSeconds, round, 'measure');
      const problem = measure.problemOf(sample, target);
      if (problem) throw new Error(`round ${round}, ${target.id}: ${problem}; the measurement is not valid.`);
      samples.push(sample);
      print(measure.line(sample, target));
    }
  }
  return samples;
}

/** What a run plans to measure: named things with a description (engines, workloads). */
export interface Described {
  id: string;
  description: string;
}

/**
 * Prints what a primed run (`RoundOptions.prime`) of `targets` targets measures and about how long
 * it takes (`after`: what comes on top), a line per engine and per workload (its id padded to
 * `width`), and an empty line.
 */
export function printPlan(
  name: string,
  settings: RoundSettings,
  plan: {
    targets: number;
    after: string;
    engines: readonly Described[];
    workloads: readonly Described[];
    width: number;
  },
): void {
  const { rounds, warmupSeconds, durationSeconds } = settings;
  const expected = (rounds * (warmupSeconds + durationSeconds) + warmupSeconds) * plan.targets;
  print(
    `${name}: ${rounds} rounds x ${plan.targets} targets x ` +
      `(${warmupSeconds} s warm-up + ${durationSeconds} s), after a priming pass of ` +
      `${warmupSeconds} s per target: about ${expected} s plus ${plan.after}`,
  );
  for (const engine of plan.engines) print(`  ${engine.id.padEnd(8)}  ${engine.description}`);
  for (const workload of plan.workloads) print(`  ${workload.id.padEnd(plan.width)}  ${workload.description}`);
  print('');
}

// ------------------------------------------------------------------------------------------------
// Report and results
// ------------------------------------------------------------------------------------------------

/** Prints the summary table (`table`) between empty lines, then `legend`, a line each. */
export function printReport(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  legend: readonly string[],
): void {
  print('');
  print(table(header, rows));
  print('');
  for (const line of legend) print(line);
}

/** The machine measured on, with the load averages before the run (`loadBefore`, from `loadavg()`) and now. */
export function machine(loadBefore: number[]) {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageBefore: loadAverage(loadBefore),
    loadAverageAfter: loadAverage(loadavg()),
  };
}

/** The 1, 5 and 15 minute load averages, named. */
function loadAverage([oneMinute, fiveMinutes, fifteenMinutes]: number[]) {
  return { oneMinute, fiveMinutes, fifteenMinutes };
}

/** Writes the results as JSON to `path` (relative to the working directory) and says where. */
export async function writeResults(path: string, results: unknown): Promise<void> {
  const out = resolve(path);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  print(`\nresults: ${out}`);
}
