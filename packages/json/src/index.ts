import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * JSON for APIs with 64-bit integers (Iceberg snapshot ids are random 63-bit numbers). `JSON.parse`
 * rounds any integer beyond 2^53 to the nearest double, so an id read and written back would name
 * another snapshot. Here such integers become `bigint` and are written back digit for digit; every
 * other number stays a `number`, so code that never sees a large integer sees plain JSON values.
 */

/** A JSON value as `parseJson` returns it. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Limits that keep hostile text from costing more than its length. Both refusals are
 * `JsonLimitError`s (a `SyntaxError`, as malformed text is), thrown before anything recursive or
 * quadratic runs.
 *
 * - `maxDepth` (default 512): arrays and objects nested deeper are refused. `JSON.parse` copes with
 *   any depth, but everything that walks the value afterwards (the lossless parser, schema
 *   validators, `JSON.stringify`, handlers) recurses and would overflow the stack somewhere around
 *   a few thousand levels. No API payload comes near 512.
 * - `maxIntegerDigits` (default 80): longer integers are refused. Converting a run of n digits to a
 *   `bigint` takes time quadratic in n (seconds for a few million digits); 78 digits hold any
 *   256-bit value, the widest integer any of the APIs has. Applies where integers become bigints
 *   (`largeIntegers: 'bigint'`, the default); `JSON.parse` reads a long run in linear time.
 */
export interface JsonLimits {
  maxDepth?: number;
  maxIntegerDigits?: number;
}

export interface ParseJsonOptions extends JsonLimits {
  /**
   * `'bigint'` (the default): integers beyond `Number.MAX_SAFE_INTEGER` become `bigint`.
   * `'number'`: `JSON.parse`'s doubles, with the depth limit.
   */
  largeIntegers?: 'bigint' | 'number';
}

export const DEFAULT_JSON_LIMITS: Readonly<Required<JsonLimits>> = Object.freeze({
  maxDepth: 512,
  maxIntegerDigits: 80,
});

/** Text refused by a `JsonLimits` limit rather than for its syntax. */
export class JsonLimitError extends SyntaxError {
  override readonly name = 'JsonLimitError';
}

// 2^53 has 16 digits: text without a run of 16 digits holds no unsafe integer, and the native
// parser (several times faster) reads it exactly.
const LONG_DIGIT_RUN = /\d{16}/;

function numberParser(maxIntegerDigits: number): (text: string) => number | bigint {
  return (text) => {
    if (!isInteger(text) || isSafeNumber(text)) return Number.parseFloat(text);
    const digits = text.length - (text.startsWith('-') ? 1 : 0);
    if (digits > maxIntegerDigits) {
      throw new JsonLimitError(`an integer has ${digits} digits; at most ${maxIntegerDigits} are accepted`);
    }
    return BigInt(text);
  };
}

/**
 * `JSON.parse`, except that integers beyond `Number.MAX_SAFE_INTEGER` become `bigint` (unless
 * `largeIntegers: 'number'`), and text beyond the `JsonLimits` is refused.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_JSON_LIMITS.maxDepth;
  if (nestingExceeds(text, maxDepth)) {
    throw new JsonLimitError(`arrays and objects are nested more than ${maxDepth} levels deep`);
  }
  if (options.largeIntegers === 'number' || !LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return parse(text, null, numberParser(options.maxIntegerDigits ?? DEFAULT_JSON_LIMITS.maxIntegerDigits));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether brackets and braces outside strings nest deeper than `limit` in `text`: one linear scan
 * that jumps over strings with `indexOf`. Malformed text answers `false` and is left for the
 * parser to report.
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(text, at + 1);
      if (at < 0) return false;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth++;
      if (depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
    at++;
  }
  return false;
}

/** The index of the quote that ends a string whose content starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  let search = from;
  for (;;) {
    const quote = text.indexOf('"', search);
    if (quote < 0) return -1;
    // A quote preceded by an odd number of backslashes is escaped.
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && text.charCodeAt(quote - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    search = quote + 1;
  }
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
  if (value === null || typeof value !== 'object') return value;
  // One copy-on-write pass: a container is copied only when a child changed, so a tree without a
  // bigint comes back as itself and every node is visited once. An explicit stack instead of
  // recursion, so no depth overflows the call stack.
  const stack: ContainerCopy[] = [new ContainerCopy(value)];
  for (;;) {
    const top = stack[stack.length - 1] as ContainerCopy;
    if (top.done()) {
      stack.pop();
      const result = top.result();
      const parent = stack[stack.length - 1];
      if (parent === undefined) return result;
      parent.settle(result);
      continue;
    }
    const child = top.current();
    if (typeof child === 'bigint') top.settle(Number(child));
    else if (child !== null && typeof child === 'object') stack.push(new ContainerCopy(child));
    else top.settle(child);
  }
}

/** An array or object being copied child by child, and copied only once a child changes. */
class ContainerCopy {
  /** An array's items: the source itself until a child changes, then a copy. */
  private items: unknown[] | undefined;
  /** An object's entries (`Object.fromEntries` rebuilds them, `__proto__` keys included). */
  private readonly entries: [string, unknown][] | undefined;
  private readonly length: number;
  private index = 0;
  private changed = false;

  constructor(private readonly source: object) {
    if (Array.isArray(source)) this.items = source;
    else this.entries = Object.entries(source);
    this.length = this.items?.length ?? this.entries?.length ?? 0;
  }

  done(): boolean {
    return this.index === this.length;
  }

  current(): unknown {
    return this.items !== undefined ? this.items[this.index] : this.entries?.[this.index]?.[1];
  }

  /** The current child's new value; moves on to the next child. */
  settle(next: unknown): void {
    if (!Object.is(next, this.current())) {
      if (this.items !== undefined) {
        if (!this.changed) this.items = this.items.slice();
        this.items[this.index] = next;
      } else {
        (this.entries?.[this.index] as [string, unknown])[1] = next;
      }
      this.changed = true;
    }
    this.index++;
  }

  result(): unknown {
    if (!this.changed) return this.source;
    return this.items ?? Object.fromEntries(this.entries ?? []);
  }
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
