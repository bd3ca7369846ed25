/** Pure helpers for summarising benchmark rounds. */

export interface Sample {
  target: string;
  round: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAverageMs: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

export interface Summary {
  target: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Spread of req/s over the rounds: (max - min) / median. */
  requestsPerSecondSpread: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Quantiles of latencies or other values, sorted once: for each `p` (0 to 1), the value at index
 * floor(p × n) of the n values in ascending order (the largest for p = 1); NaN when there are none.
 */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) =>
    sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number),
  );
}

/** One target's samples, summarised over the rounds: medians, and the spread of the rate. */
export interface RoundsSummary {
  /** Median of the rate (`rate` of each sample). */
  rate: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Spread of the rate over the rounds: (max - min) / median. */
  spread: number;
}

/** Summarises one target's samples (one a round); `rate` is what a sample measured per second. */
export function summariseRounds<S extends { latencyP50Ms: number; latencyP99Ms: number }>(
  samples: readonly S[],
  rate: (sample: S) => number,
): RoundsSummary {
  const rates = samples.map(rate);
  const middle = median(rates);
  return {
    rate: middle,
    latencyP50Ms: median(samples.map((sample) => sample.latencyP50Ms)),
    latencyP99Ms: median(samples.map((sample) => sample.latencyP99Ms)),
    spread: middle > 0 ? (Math.max(...rates) - Math.min(...rates)) / middle : Number.NaN,
  };
}

/**
 * `target`'s samples and their summary (`summariseRounds`), with `ratio`: its rate over the median
 * rate of the `baseline` target's samples, measured in the same rounds.
 */
export function summariseAgainst<S extends { target: string; latencyP50Ms: number; latencyP99Ms: number }>(
  samples: readonly S[],
  target: string,
  baseline: string,
  rate: (sample: S) => number,
): RoundsSummary & { samples: S[]; ratio: number } {
  const mine = samples.filter((sample) => sample.target === target);
  const summary = summariseRounds(mine, rate);
  const baselineRate = summariseRounds(
    samples.filter((sample) => sample.target === baseline),
    rate,
  ).rate;
  return { ...summary, samples: mine, ratio: summary.rate / baselineRate };
}

export function summarise(samples: readonly Sample[], target: string): Summary {
  const mine = samples.filter((sample) => sample.target === target);
  const { rate, latencyP50Ms, latencyP99Ms, spread } = summariseRounds(mine, (sample) => sample.requestsPerSecond);
  return { target, requestsPerSecond: rate, latencyP50Ms, latencyP99Ms, requestsPerSecondSpread: spread };
}

/** The order of the targets in round `round` (1-based): alternating, so neither always goes first. */
export function roundOrder<T>(targets: readonly T[], round: number): T[] {
  return round % 2 === 1 ? [...targets] : [...targets].reverse();
}

/** A fixed-width text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
