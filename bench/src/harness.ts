/**
 * The parent side of both benchmarks (`npm run bench`, `npm run bench:queries`): the child process
 * serving the targets, the interleaved rounds, and the results file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './protocol.js';
import { roundOrder } from './stats.js';

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
  problemOf(sample: S): string | undefined;
  /** The line printed for a valid sample. */
  line(sample: S, target: T): string;
}

/**
 * Measures every target once a round, in alternating order (`roundOrder`), each after its warm-up.
 * A sample with a problem stops the run; the others are printed as they come and returned in order.
 */
export async function runRounds<T extends { id: string }, S>(
  settings: RoundSettings,
  targets: readonly T[],
  measure: Measure<T, S>,
): Promise<S[]> {
  const samples: S[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of roundOrder(targets, round)) {
      if (settings.warmupSeconds > 0) await measure.run(target, settings.warmupSeconds, round, 'warmup');
      const sample = await measure.run(target, settings.durationSeconds, round, 'measure');
      const problem = measure.problemOf(sample);
      if (problem) throw new Error(`round ${round}, ${target.id}: ${problem}; the measurement is not valid.`);
      samples.push(sample);
      print(measure.line(sample, target));
    }
  }
  return samples;
}

// ------------------------------------------------------------------------------------------------
// Results
// ------------------------------------------------------------------------------------------------

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
