import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  DEFAULT_JSON_LIMITS,
  int64Equal,
  JsonLimitError,
  nestingExceeds,
  parseJson,
  stringifyJson,
  withNumbers,
} from '../src/index.js';

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exactly, as bigint', () => {
    const value = parseJson('{"id": 9223372036854775807, "low": -9223372036854775808, "ids": [9007199254740993]}');
    expect(value).toEqual({ id: 9223372036854775807n, low: -9223372036854775808n, ids: [9007199254740993n] });
  });

  it('leaves safe integers, fractions and long digit runs inside strings as JSON.parse does', () => {
    const text = '{"a": 9007199254740991, "b": 1.5, "c": "12345678901234567890", "d": [1e3, -0.25]}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('rejects malformed text like JSON.parse', () => {
    expect(() => parseJson('{"a": 12345678901234567890')).toThrow();
    expect(() => parseJson('{"a": 1,}')).toThrow();
  });
});

describe('parseJson limits', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('accepts nesting up to the depth limit and refuses deeper text in both integer modes', () => {
    expect(DEFAULT_JSON_LIMITS.maxDepth).toBe(512);
    expect(parseJson(nested(512))).toHaveLength(1);
    for (const largeIntegers of ['bigint', 'number'] as const) {
      expect(() => parseJson(nested(513), { largeIntegers })).toThrow(JsonLimitError);
      expect(() => parseJson(nested(100_000), { largeIntegers })).toThrow(/nested more than 512 levels/);
    }
    expect(() => parseJson(`{"id": 12345678901234567890, "deep": ${nested(600)}}`)).toThrow(JsonLimitError);
    expect(parseJson(nested(600), { maxDepth: 1000 })).toHaveLength(1);
  });

  it('counts brackets outside strings only, escaped quotes included', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(1000)}`, t: '\\', u: [[1]] });
    expect(nestingExceeds(text, 3)).toBe(false);
    expect(nestingExceeds(text, 2)).toBe(true);
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses integers longer than 80 digits before converting them', () => {
    const widest = (2n ** 256n).toString();
    expect(parseJson(`[${widest}, -${widest}]`)).toEqual([2n ** 256n, -(2n ** 256n)]);
    expect(parseJson(`[${'9'.repeat(80)}]`)).toEqual([10n ** 80n - 1n]);
    expect(() => parseJson(`[${'9'.repeat(81)}]`)).toThrow(JsonLimitError);
    const started = performance.now();
    expect(() => parseJson(`{"n": -1${'0'.repeat(4_000_000)}}`)).toThrow(/4000001 digits; at most 80/);
    expect(performance.now() - started).toBeLessThan(1000);
    // Digits in strings and fractions are not integers.
    expect(parseJson(`["${'1'.repeat(100)}", 1.${'5'.repeat(100)}]`)).toEqual(['1'.repeat(100), 1.5555555555555556]);
  });

  it('scans a large flat body in linear time', () => {
    const text = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `row "${i}"`, tags: [1] })));
    const started = performance.now();
    expect(nestingExceeds(text, 3)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('stringifyJson', () => {
  it('writes bigints digit for digit and everything else as JSON.stringify', () => {
    const value = { id: 9223372036854775807n, n: 3, s: 'x', nested: [{ big: -4611686018427387904n }] };
    expect(stringifyJson(value)).toBe(
      '{"id":9223372036854775807,"n":3,"s":"x","nested":[{"big":-4611686018427387904}]}',
    );
  });

  it('round-trips with parseJson', () => {
    const text = '{"snapshot-id":1234567890123456789,"parent":null,"log":[{"snapshot-id":42}]}';
    expect(stringifyJson(parseJson(text))).toBe(text);
  });

  it('does not rewrite strings that look like its internal marks', () => {
    const value = { s: '\u0000bigint-abc:123', t: 'bigint:5' };
    expect(JSON.parse(stringifyJson(value))).toEqual(value);
  });
});

describe('withNumbers and int64Equal', () => {
  it('turns bigints into numbers for shape checks without touching other values', () => {
    const plain = { a: [1, 2] };
    expect(withNumbers(plain)).toBe(plain);
    expect(withNumbers({ a: [1n << 60n], b: 'x' })).toEqual({ a: [2 ** 60], b: 'x' });
  });

  it('copies only the containers on the way to a bigint, and copes with any depth', () => {
    const untouched = { c: [1] };
    const value = { a: [0, 7n], untouched };
    const result = withNumbers(value) as { a: unknown[]; untouched: unknown };
    expect(result).toEqual({ a: [0, 7], untouched });
    expect(result.untouched).toBe(untouched);
    expect(value.a[1]).toBe(7n);
    const own = JSON.parse('{"__proto__": [1]}');
    expect(Object.hasOwn(withNumbers({ ...own, n: 1n }) as object, '__proto__')).toBe(true);
    let deep: unknown = [5n];
    for (let level = 0; level < 100_000; level++) deep = [deep];
    let inner = withNumbers(deep);
    for (let level = 0; level < 100_000; level++) inner = (inner as unknown[])[0];
    expect(inner).toEqual([5]);
  });

  it('compares ids across number and bigint', () => {
    expect(int64Equal(5, 5n)).toBe(true);
    expect(int64Equal(9007199254740993n, 9007199254740992)).toBe(false);
    expect(int64Equal(null, undefined)).toBe(false);
    expect(int64Equal(undefined, undefined)).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('writes one text per value: keys sorted at every level, bigints exact, undefined members left out', () => {
    const a = { b: [{ z: 1, y: 9223372036854775807n }], a: 'x', gone: undefined };
    const b = { a: 'x', b: [{ y: 9223372036854775807n, z: 1 }] };
    expect(canonicalJson(a)).toBe('{"a":"x","b":[{"y":9223372036854775807,"z":1}]}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
  });
});
