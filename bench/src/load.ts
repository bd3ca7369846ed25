import autocannon from 'autocannon';
import type { TargetInfo } from './protocol.js';
import type { Sample } from './stats.js';

/** What one autocannon run requests: url and headers, and as needed a method, a body, the expected body, hooks. */
export type LoadRequest = Pick<autocannon.Options, 'url' | 'headers' | 'method' | 'body' | 'expectBody' | 'requests'>;

export interface LoadOptions {
  connections: number;
  pipelining: number;
  durationSeconds: number;
}

/**
 * One autocannon run of `request`. Responses other than `request.expectBody` (when given) are
 * counted as mismatches; a request gets 10 s.
 */
export function runLoad(request: LoadRequest, options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    ...request,
    connections: options.connections,
    pipelining: options.pipelining,
    duration: options.durationSeconds,
    timeout: 10,
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

/** What makes a run not count: failed requests and wrong answers. */
export interface Failures {
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

/**
 * Why a run does not count (errors, timeouts, wrong statuses or bodies, and any further problems
 * given as `more`, `false` for none), or undefined.
 */
export function problemOf(sample: Failures, ...more: Array<string | false>): string | undefined {
  const problems = [
    sample.errors && `${sample.errors} errors`,
    sample.timeouts && `${sample.timeouts} timeouts`,
    sample.non2xx && `${sample.non2xx} non-2xx responses`,
    sample.mismatches && `${sample.mismatches} unexpected bodies`,
    ...more,
  ].filter(Boolean);
  return problems.length > 0 ? problems.join(', ') : undefined;
}
