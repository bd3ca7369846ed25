import autocannon from 'autocannon';
import type { TargetInfo } from './protocol.js';
import type { Sample } from './stats.js';

export interface LoadOptions {
  connections: number;
  pipelining: number;
  durationSeconds: number;
  /** Every response must have exactly this body (counted as mismatches otherwise). */
  expectBody: string;
}

/** One autocannon run against a target. */
export function runLoad(target: TargetInfo, options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url: target.url,
    headers: target.headers,
    connections: options.connections,
    pipelining: options.pipelining,
    duration: options.durationSeconds,
    timeout: 10,
    expectBody: options.expectBody,
  });
}

export function toSample(target: TargetInfo, round: number, result: autocannon.Result): Sample {
  return {
    target: target.id,
    round,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAverageMs: result.latency.average,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
}

/** Why a run does not count (errors, timeouts, wrong statuses or bodies), or undefined. */
export function problemOf(sample: Sample): string | undefined {
  const problems = [
    sample.errors && `${sample.errors} errors`,
    sample.timeouts && `${sample.timeouts} timeouts`,
    sample.non2xx && `${sample.non2xx} non-2xx responses`,
    sample.mismatches && `${sample.mismatches} unexpected bodies`,
  ].filter(Boolean);
  return problems.length > 0 ? problems.join(', ') : undefined;
}
