import { type AlgebraicType, type AlgebraicValue, compareValues, valuesEqual } from '@dbwire/spacetimedb-sats';

/**
 * The values (all of `type`) without repeats, each kept where it first appears (DISTINCT after ORDER BY keeps the
 * order). Sorting positions by value puts equal values side by side: O(n log n), not n².
 */
export function distinctValues<T extends AlgebraicValue>(type: AlgebraicType, values: readonly T[]): T[] {
  const positions = values.map((_, position) => position);
  positions.sort((a, b) => compareValues(type, values[a] as T, values[b] as T) || a - b);
  const firsts = new Set<number>();
  let previous: T | undefined;
  for (const position of positions) {
    const value = values[position] as T;
    if (previous === undefined || !valuesEqual(type, previous, value)) firsts.add(position);
    previous = value;
  }
  return values.filter((_, position) => firsts.has(position));
}
