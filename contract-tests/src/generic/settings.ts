/**
 * How much the generic checks generate. Runs are seeded, so a failure reproduces with the same
 * seed (`DBWIRE_SEED` / `--seed`); the reported seed is in every failure message.
 */
export interface GenerationSettings {
  seed: number;
  /** Valid requests per operation. */
  runs: number;
  /** Sampled body mutations per operation (fixed negative cases come on top). */
  negativeRuns: number;
}

export const DEFAULT_SEED = 20_250_101;
export const DEFAULT_RUNS = 25;

export function generationSettings(env: NodeJS.ProcessEnv = process.env): GenerationSettings {
  const seed = integerFrom(env.DBWIRE_SEED, 'DBWIRE_SEED') ?? DEFAULT_SEED;
  const runs = integerFrom(env.DBWIRE_RUNS, 'DBWIRE_RUNS') ?? DEFAULT_RUNS;
  if (runs < 1) throw new Error('DBWIRE_RUNS must be at least 1.');
  return { seed, runs, negativeRuns: Math.max(1, Math.ceil(runs * 0.6)) };
}

/** A stable per-operation seed, so adding an operation does not change the others' requests. */
export function operationSeed(seed: number, operationId: string): number {
  let hash = seed | 0;
  for (const char of operationId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) | 0;
  return hash;
}

function integerFrom(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got '${text}'.`);
  return value;
}
