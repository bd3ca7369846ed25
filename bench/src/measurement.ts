/**
 * One measurement of the benches that run their own client loops over HTTP (write daemon, Iceberg,
 * volumes, SpacetimeDB): the counters its clients share, the loop of one client, which checks every
 * answer, what its sample reports and why that sample does not count, and the summary over the
 * rounds of a target whose answers must all be checked 200s.
 */
import { performance } from 'node:perf_hooks';
import { errorMessage } from './harness.js';
import type { Http, Reply } from './http.js';
import { percentiles, summariseAgainst } from './stats.js';

/** Counters of one measurement, shared by its clients. */
export class Tally {
  /** Of every completed request, in ms. */
  readonly latencies: number[] = [];
  readonly unexpectedByStatus: Record<string, number> = {};
  /** Answers with the expected status that passed their check. */
  completed = 0;
  /** Requests answered, whatever the answer. */
  attempts = 0;
  /** Answers with another status than the expected one. */
  unexpected = 0;
  /** Requests that got no answer (connection errors, timeouts), and other failures of a client. */
  errors = 0;
  /** Answers with the expected status that were not what they must be. */
  mismatches = 0;
  /** What went wrong first, to say why the sample does not count. */
  firstProblem: string | undefined;

  note(problem: string): void {
    this.firstProblem ??= problem.slice(0, 500);
  }

  /** A request without an answer, or a client that cannot go on (`error` says why). */
  failed(error: unknown): void {
    this.errors++;
    this.note(errorMessage(error));
  }

  /** An answer with another status than the expected one; `request` names what was sent. */
  unexpectedAnswer(reply: Reply, request?: string): void {
    this.unexpected++;
    this.unexpectedByStatus[reply.status] = (this.unexpectedByStatus[reply.status] ?? 0) + 1;
    this.note(`${request === undefined ? '' : `${request}: `}${reply.status} ${reply.text}`);
  }

  wrongAnswer(problem: string): void {
    this.mismatches++;
    this.note(problem);
  }

  /** A request begun at `began` (performance.now()) completed, its answer checked. */
  completedSince(began: number): void {
    this.latencies.push(performance.now() - began);
    this.completed++;
  }
}

/** One request of a client loop: what to send, and how to check a 200 answer. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  /** Of `body` (default JSON). */
  contentType?: string;
  /** Why a 200 answer is wrong, or undefined; called on 200 answers only (a throw is a wrong answer too). */
  check(reply: Reply): string | undefined;
  /** After a checked 200. */
  acknowledged?(): void;
}

/** `check` of the answer's body, parsed as JSON. */
export function jsonCheck(check: (body: unknown) => string | undefined): (reply: Reply) => string | undefined {
  return (reply) => check(JSON.parse(reply.text));
}

/**
 * One client: calls from `next` until `done()`, one at a time on its keep-alive socket. A request
 * without an answer stops this client (its sample will not count).
 */
export async function client(http: Http, next: () => Call, done: () => boolean, tally: Tally): Promise<void> {
  while (!done()) {
    const call = next();
    const began = performance.now();
    let reply: Reply;
    try {
      reply = await http.send(call.method, call.path, call.body, call.contentType);
    } catch (error) {
      tally.failed(error);
      return;
    }
    tally.attempts++;
    if (reply.status !== 200) {
      tally.unexpectedAnswer(reply, `${call.method} ${call.path}`);
      continue;
    }
    let problem: string | undefined;
    try {
      problem = call.check(reply);
    } catch (error) {
      problem = `unreadable answer: ${errorMessage(error)}`;
    }
    if (problem !== undefined) {
      tally.wrongAnswer(problem);
      continue;
    }
    tally.completedSince(began);
    call.acknowledged?.();
  }
}

/** The end of every client-loop sample: what went wrong, how long it ran, and the latencies. */
export interface Outcome {
  /** Requests that got no answer (connection errors, timeouts). */
  errors: number;
  /** Answers with the expected status that were not what they must be. */
  mismatches: number;
  firstProblem?: string;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
}

/**
 * The end of the sample of a measurement that ran `seconds`: `tally`'s problems, then its latency
 * percentiles (`quantiles`: a field per quantile, in that order) and mean.
 */
export function outcome<K extends string>(
  tally: Tally,
  seconds: number,
  quantiles: Readonly<Record<K, number>>,
): Omit<Outcome, 'latencyP50Ms' | 'latencyP99Ms'> & Record<K, number> {
  return {
    errors: tally.errors,
    mismatches: tally.mismatches,
    ...(tally.firstProblem === undefined ? {} : { firstProblem: tally.firstProblem }),
    seconds,
    ...quantilesOf(tally.latencies, quantiles),
    latencyMeanMs: tally.latencies.reduce((sum, value) => sum + value, 0) / tally.latencies.length,
  };
}

/** `percentiles` of `values`, a field per quantile of `quantiles` (`{ latencyP50Ms: 0.5 }`, say). */
function quantilesOf<K extends string>(
  values: readonly number[],
  quantiles: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(quantiles) as K[];
  const found = percentiles(
    values,
    keys.map((key) => quantiles[key]),
  );
  return Object.fromEntries(keys.map((key, index) => [key, found[index] as number])) as Record<K, number>;
}

/** What says whether a client-loop sample counts. */
export interface Counts {
  completed: number;
  errors: number;
  mismatches: number;
  firstProblem?: string;
}

/**
 * Why a sample does not count, or undefined: `unexpected` answers with another status (`name`d,
 * with their statuses), requests without an answer, wrong answers, any `more` (false for none),
 * nothing completed; with the first problem seen.
 */
export function sampleProblem(
  sample: Counts,
  unexpected: { count: number; byStatus: Record<string, number>; name: string },
  ...more: Array<string | false>
): string | undefined {
  const problems = [
    unexpected.count > 0 &&
      `${unexpected.count} ${unexpected.name} (${Object.entries(unexpected.byStatus)
        .map(([status, count]) => `${count} x ${status}`)
        .join(', ')})`,
    sample.errors > 0 && `${sample.errors} requests without an answer`,
    sample.mismatches > 0 && `${sample.mismatches} wrong answers`,
    ...more,
    sample.completed === 0 && 'nothing completed',
  ].filter(Boolean);
  if (problems.length === 0) return undefined;
  return `${problems.join(', ')}${sample.firstProblem ? ` (first: ${sample.firstProblem})` : ''}`;
}

/**
 * Runs `clients` client loops on `http` together, client `index` calling from `calls(index)`, until
 * `done(tally, timeUp)` (`timeUp`: `seconds` have passed; by default the loops stop then). Answers
 * the shared tally and the seconds the clients ran.
 */
export async function runClients(
  http: Http,
  options: {
    clients: number;
    seconds: number;
    calls: (index: number) => () => Call;
    done?: (tally: Tally, timeUp: boolean) => boolean;
  },
): Promise<{ tally: Tally; elapsed: number }> {
  const tally = new Tally();
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const stop = options.done ?? ((_: Tally, timeUp: boolean) => timeUp);
  const done = () => stop(tally, performance.now() >= end);
  await Promise.all(
    Array.from({ length: options.clients }, (_, index) => client(http, options.calls(index), done, tally)),
  );
  return { tally, elapsed: (performance.now() - start) / 1000 };
}

/** A client-loop sample in which every answer must be a checked 200. */
export interface AnswersSample extends Outcome {
  /** Acknowledged and checked answers per second. */
  perSecond: number;
  completed: number;
  /** Answers with another status than 200, by status. */
  unexpectedByStatus: Record<string, number>;
  unexpected: number;
}

/** The sample fields of `tally`, run for `seconds`, with the latency `quantiles` (as `outcome`). */
export function answersSample<K extends string>(
  tally: Tally,
  seconds: number,
  quantiles: Readonly<Record<K, number>>,
): Omit<AnswersSample, 'latencyP50Ms' | 'latencyP99Ms'> & Record<K, number> {
  return {
    perSecond: tally.completed / seconds,
    completed: tally.completed,
    unexpectedByStatus: tally.unexpectedByStatus,
    unexpected: tally.unexpected,
    ...outcome(tally, seconds, quantiles),
  };
}

/** Why an `AnswersSample` does not count (`sampleProblem`), or undefined. */
export function answersProblem(sample: AnswersSample): string | undefined {
  return sampleProblem(sample, {
    count: sample.unexpected,
    byStatus: sample.unexpectedByStatus,
    name: 'unexpected answers',
  });
}

/**
 * Every latency measured of each target over all rounds: percentiles of them together serve targets
 * with too few requests a round for a p99 of each round.
 */
export class PooledLatencies {
  private readonly byTarget = new Map<string, number[]>();

  /** The latencies of `target` so far (a live array: `add` appends to it). */
  of(target: string): number[] {
    const latencies = this.byTarget.get(target) ?? [];
    this.byTarget.set(target, latencies);
    return latencies;
  }

  add(target: string, latencies: readonly number[]): void {
    this.of(target).push(...latencies);
  }
}

/**
 * `target`'s `AnswersSample`s over the rounds: the median rate, its ratio to the median rate of the
 * `baseline` target measured in the same rounds, its spread, and the latency `quantiles` of every
 * latency `pool` holds of it.
 */
export function summariseAnswers<K extends string>(
  samples: readonly (AnswersSample & { target: string })[],
  target: string,
  baseline: string,
  pool: PooledLatencies,
  quantiles: Readonly<Record<K, number>>,
): { perSecond: number; ratio: number; spread: number; latencies: number } & Record<K, number> {
  const { rate, ratio, spread } = summariseAgainst(samples, target, baseline, (sample) => sample.perSecond);
  const latencies = pool.of(target);
  return { perSecond: rate, ratio, spread, latencies: latencies.length, ...quantilesOf(latencies, quantiles) };
}
