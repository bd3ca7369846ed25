import { int64Equal } from '@dbwire/json';
import type { Int64 } from '../model.js';

/**
 * int64 values (snapshot ids, sequence numbers, row ids) arrive as `number`, or as `bigint` when
 * they exceed 2^53 (`@dbwire/json`). Values are kept in the representation they came in; arithmetic
 * is done in bigint and the result is a `number` again whenever that is exact.
 */
export { int64Equal };

/** A generated `int64` field read as what it may hold at run time. */
export function readInt64(value: number): Int64 {
  return value;
}

/**
 * An int64 stored in a field the generated types declare as `number`: the JSON layer writes a
 * `bigint` back digit for digit, so the value is kept as it is.
 */
export function storeInt64(value: Int64): number {
  return value as number;
}

/** A map key for an int64: the same string for `5` and `5n`. */
export function int64Key(value: Int64): string {
  return String(value);
}

/** The value as a `number` when that is exact, else as a `bigint`. */
function fromBigInt(value: bigint): Int64 {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareInt64(a: Int64, b: Int64): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `a + b` without losing digits beyond 2^53. */
export function addInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return fromBigInt(BigInt(a) + BigInt(b));
}

/** Whether an optional JSON value is missing: absent, or null (which JSON clients also send). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}
