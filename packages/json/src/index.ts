import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * JSON for APIs with 64-bit integers (Iceberg snapshot ids are random 63-bit numbers). `JSON.parse`
 * rounds any integer beyond 2^53 to the nearest double, so an id read and written back would name
 * another snapshot. Here such integers become `bigint` and are written back digit for digit; every
 * other number stays a `number`, so code that never sees a large integer sees plain JSON values.
 */

/** A JSON value as `parseJson` returns it. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

// 2^53 has 16 digits: text without a run of 16 digits holds no unsafe integer, and the native
// parser (several times faster) reads it exactly.
const LONG_DIGIT_RUN = /\d{16}/;

function parseNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number.parseFloat(text);
}

/** `JSON.parse`, except that integers beyond `Number.MAX_SAFE_INTEGER` become `bigint`. */
export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return parse(text, null, parseNumber);
}

// Marks a bigint inside the native serializer's output; the random part keeps user strings from
// ever looking like one.
const MARK = `\u0000bigint-${Math.random().toString(36).slice(2)}:`;
const MARKED = new RegExp(`"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(-?\\d+)"`, 'g');

function markBigInt(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${MARK}${value}` : value;
}

/** `JSON.stringify`, except that a `bigint` is written as the integer it holds. */
export function stringifyJson(value: unknown, space?: number): string {
  return JSON.stringify(value, markBigInt, space).replace(MARKED, '$1');
}

/**
 * The value with every `bigint` as the nearest `number`: for code that checks shapes, not digits
 * (a JSON Schema validator, whose `integer` type knows only numbers).
 */
export function withNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  // One copy-on-write pass: a container is copied only when a child changed, so a tree without a
  // bigint comes back as itself and every node is visited once.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const next = withNumbers(item);
      if (!Object.is(next, item)) {
        copy ??= value.slice();
        copy[index] = next;
      }
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const entries: [string, unknown][] = Object.entries(value);
    let changed = false;
    for (const entry of entries) {
      const next = withNumbers(entry[1]);
      if (!Object.is(next, entry[1])) {
        entry[1] = next;
        changed = true;
      }
    }
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** Whether two int64 values (either `number` or `bigint`) are the same integer. */
export function int64Equal(a: number | bigint | null | undefined, b: number | bigint | null | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return a === b;
  return typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);
}

/**
 * JSON with object keys sorted at every level, no whitespace and bigints written exactly: one
 * text per value, so two requests that mean the same thing fingerprint the same (idempotency
 * keys, page-token filters). Members whose value is `undefined` are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return stringifyJson(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
