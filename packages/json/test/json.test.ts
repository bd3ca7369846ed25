import { describe, expect, it } from 'vitest';
import { canonicalJson, int64Equal, parseJson, stringifyJson, withNumbers } from '../src/index.js';

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
