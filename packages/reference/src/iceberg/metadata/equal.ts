import { int64Equal } from './ids.js';

/**
 * Whether two JSON values are the same value: object key order and `undefined` members do not
 * matter, and an integer equals itself whether it is a `number` or a `bigint`. Java compares
 * schemas, sort fields and statistics files by value; this is that comparison for our JSON shapes.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return Number.isInteger(Number(a)) && Number.isInteger(Number(b)) && int64Equal(a, b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  const left = definedKeys(a);
  const right = definedKeys(b);
  if (left.length !== right.length) return false;
  const other = b as Record<string, unknown>;
  const self = a as Record<string, unknown>;
  return left.every((key) => key in other && jsonEqual(self[key], other[key]));
}

/** Whether two lists hold the same items in the same order, items compared on `keys` (with ===). */
export function sameInOrder<T extends object>(a: readonly T[], b: readonly T[], keys: readonly (keyof T)[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, i) => {
      const other = b[i];
      return other !== undefined && keys.every((key) => item[key] === other[key]);
    })
  );
}

function definedKeys(value: object): string[] {
  return Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .map(([key]) => key);
}
