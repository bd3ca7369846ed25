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

export function summarise(samples: readonly Sample[], target: string): Summary {
  const mine = samples.filter((sample) => sample.target === target);
  const rps = mine.map((sample) => sample.requestsPerSecond);
  const middle = median(rps);
  return {
    target,
    requestsPerSecond: middle,
    latencyP50Ms: median(mine.map((sample) => sample.latencyP50Ms)),
    latencyP99Ms: median(mine.map((sample) => sample.latencyP99Ms)),
    requestsPerSecondSpread: middle > 0 ? (Math.max(...rps) - Math.min(...rps)) / middle : Number.NaN,
  };
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
