import type { ScanOptions } from '../engine.js';

/** Keys are stored as their UTF-8 bytes: byte order is code point order, which is the key order. */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeKey(key: string): Uint8Array {
  return encoder.encode(key);
}

export function decodeKey(bytes: unknown): string {
  return decoder.decode(bytes as Uint8Array);
}

/**
 * A bytea column's value as a plain Uint8Array of its own. `pg` returns Buffers, which may be
 * views into a shared pool; PGlite returns Uint8Arrays already.
 */
export function rowBytes(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError('Expected a bytea value from the database.');
  return value.constructor === Uint8Array ? value : new Uint8Array(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += HEX[byte];
  return text;
}

/**
 * A scan's key range in bytes: `lower` inclusive, `upper` exclusive (absent: no upper bound), or
 * `undefined` when the prefix and bounds leave nothing to scan.
 */
export function byteRange(options: ScanOptions): { lower: Uint8Array; upper?: Uint8Array } | undefined {
  let lower = encodeKey(options.start ?? '');
  let upper = options.end === undefined ? undefined : encodeKey(options.end);
  if (options.prefix !== undefined) {
    const prefix = encodeKey(options.prefix);
    if (compareBytes(prefix, lower) > 0) lower = prefix;
    const afterPrefix = successor(prefix);
    if (afterPrefix && (upper === undefined || compareBytes(afterPrefix, upper) < 0)) upper = afterPrefix;
  }
  if (upper !== undefined && compareBytes(lower, upper) >= 0) return undefined;
  return upper === undefined ? { lower } : { lower, upper };
}

/** The smallest byte string above every string that starts with `prefix` (none for 0xff...). */
function successor(prefix: Uint8Array): Uint8Array | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const next = prefix.slice(0, end);
  next[end - 1] = (next[end - 1] as number) + 1;
  return next;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return a.length - b.length;
}
