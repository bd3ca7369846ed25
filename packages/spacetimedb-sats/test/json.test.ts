import { parseJson, stringifyJson } from '@dbwire/json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlgebraicType,
  CONNECTION_ID_TYPE,
  fromJson,
  IDENTITY_TYPE,
  type ProductType,
  reducerArgsFromJson,
  SatsJsonError,
  TIMESTAMP_TYPE,
  type Typespace,
  toTypedJson,
  toUntypedJson,
} from '../src/index.js';
import { typedValue } from './arbitraries.js';

const opt = (name?: string) => (name === undefined ? { none: [] as [] } : { some: name });
const unit: AlgebraicType = { Product: { elements: [] } };
const optionOf = (type: AlgebraicType): AlgebraicType => ({
  Sum: {
    variants: [
      { name: opt('some'), algebraic_type: type },
      { name: opt('none'), algebraic_type: unit },
    ],
  },
});
const shape: AlgebraicType = {
  Sum: {
    variants: [
      { name: opt('Circle'), algebraic_type: { F64: [] } },
      { name: opt('Empty'), algebraic_type: unit },
    ],
  },
};
const row: ProductType = {
  elements: [
    { name: opt('id'), algebraic_type: { U64: [] } },
    { name: opt('owner'), algebraic_type: IDENTITY_TYPE },
    { name: opt('shape'), algebraic_type: shape },
    { name: opt('data'), algebraic_type: { Array: { U8: [] } } },
    { name: opt('nick'), algebraic_type: optionOf({ String: [] }) },
    { name: opt('big'), algebraic_type: { I256: [] } },
  ],
};
const identity = 0xc200_0000n * (1n << 200n) + 0x1fn;
const identityHex = identity.toString(16).padStart(64, '0');
const rowValue = [
  2n ** 64n - 1n,
  [identity],
  { tag: 0, value: 1.5 },
  new Uint8Array([0, 171, 255]),
  { tag: 1, value: [] },
  -255n,
];

describe('SATS-JSON out', () => {
  it('writes typed JSON: products as objects, sums by variant name, special types with their magic field', () => {
    expect(stringifyJson(toTypedJson({ Product: row }, rowValue))).toBe(
      `{"id":18446744073709551615,"owner":{"__identity__":"0x${identity.toString(16)}"},"shape":{"Circle":1.5},"data":"00abff","nick":{"none":{}},"big":"-0xff"}`,
    );
  });

  it('writes untyped JSON: products as arrays, sums as [tag, value]', () => {
    expect(stringifyJson(toUntypedJson({ Product: row }, rowValue))).toBe(
      `[18446744073709551615,["0x${identity.toString(16)}"],[0,1.5],"00abff",[1,[]],"-0xff"]`,
    );
  });

  it('writes every integer up to 128 bits as a JSON number with all its digits', () => {
    const big = 2n ** 127n - 1n;
    expect(stringifyJson(toTypedJson({ I128: [] }, big))).toBe('170141183460469231731687303715884105727');
    expect(stringifyJson(toTypedJson({ U64: [] }, 2n ** 53n + 1n))).toBe('9007199254740993');
    expect(toTypedJson({ U32: [] }, 7)).toBe(7);
  });

  it('writes 256-bit integers as 0x hex without leading zeros', () => {
    expect(toTypedJson({ U256: [] }, 0n)).toBe('0x0');
    expect(toTypedJson({ U256: [] }, 0x1fn)).toBe('0x1f');
    expect(toTypedJson({ I256: [] }, -1n)).toBe('-0x1');
  });

  // The server writes a typed unit value as a product with no fields, `{}` (serde map), and an
  // untyped one as `[]` (serde tuple); `()` of its own Rust types (the module def) is `[]`.
  it('writes unit as {} typed and [] untyped, floats as numbers and non-finite floats as null', () => {
    expect(toUntypedJson(unit, [])).toEqual([]);
    expect(toUntypedJson(shape, { tag: 1, value: [] })).toEqual([1, []]);
    expect(toTypedJson(unit, [])).toEqual({});
    expect(toTypedJson(shape, { tag: 1, value: [] })).toEqual({ Empty: {} });
    expect(toTypedJson({ F64: [] }, Number.NaN)).toBeNull();
    expect(toTypedJson({ F32: [] }, Number.POSITIVE_INFINITY)).toBeNull();
    expect(toTypedJson({ F64: [] }, -0.25)).toBe(-0.25);
  });

  it('writes an F32 with the fewest digits that read back as the same F32, as serde_json does', () => {
    const f32: AlgebraicType = { F32: [] };
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1 / 3, '0.33333334'],
      [16_777_216, '16777216'],
      [3.4028234663852886e38, '3.4028235e+38'],
      [1.401298464324817e-45, '1e-45'],
      [-2.5, '-2.5'],
    ];
    for (const [value, text] of cases) expect(String(toTypedJson(f32, Math.fround(value)))).toBe(text);
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const written = toUntypedJson(f32, value) as number;
        expect(Math.fround(written)).toBe(value);
        expect(written.toExponential().replace(/^-|\.|e.*$/g, '').length).toBeLessThanOrEqual(9);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes an unnamed variant as [tag, value] even in typed JSON', () => {
    const type: AlgebraicType = { Sum: { variants: [{ name: opt(), algebraic_type: { U8: [] } }] } };
    expect(toTypedJson(type, { tag: 0, value: 3 })).toEqual([0, 3]);
  });

  it('follows refs', () => {
    const typespace: Typespace = { types: [{ Product: row }] };
    expect(toUntypedJson({ Array: { Ref: 0 } }, [rowValue], typespace)).toEqual([
      toUntypedJson({ Product: row }, rowValue),
    ]);
  });
});

/** Whether every float in the value is finite and not -0 (JSON writes NaN and infinities as null, -0 as 0). */
function survivesJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value === 'object' && value !== null && 'value' in value) return survivesJson(value.value);
  return true;
}

describe('SATS-JSON in', () => {
  it('reads back what it writes, typed and untyped, for random types and values', () => {
    fc.assert(
      fc.property(typedValue, ({ type, value }) => {
        // Through text and the lossless parser, as an HTTP body travels.
        fc.pre(survivesJson(value));
        for (const json of [toTypedJson(type, value), toUntypedJson(type, value)]) {
          expect(fromJson(type, parseJson(stringifyJson(json)))).toEqual(value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a product as an array or an object', () => {
    const type: AlgebraicType = {
      Product: {
        elements: [
          { name: opt('a'), algebraic_type: { U8: [] } },
          { name: opt('b'), algebraic_type: { String: [] } },
        ],
      },
    };
    expect(fromJson(type, [1, 'x'])).toEqual([1, 'x']);
    expect(fromJson(type, { b: 'x', a: 1 })).toEqual([1, 'x']);
  });

  it('reads a sum as {"name": v}, {"<tag>": v}, [tag, v] and [name, v]; an option none as null', () => {
    for (const json of [{ Circle: 2 }, { '0': 2 }, [0, 2], ['Circle', 2]])
      expect(fromJson(shape, json)).toEqual({ tag: 0, value: 2 });
    expect(fromJson(optionOf({ U8: [] }), null)).toEqual({ tag: 1, value: [] });
    expect(fromJson(optionOf({ U8: [] }), { none: [] })).toEqual({ tag: 1, value: [] });
    expect(fromJson(optionOf({ U8: [] }), { none: {} })).toEqual({ tag: 1, value: [] });
    expect(fromJson(optionOf({ U8: [] }), { some: 4 })).toEqual({ tag: 0, value: 4 });
  });

  it('reads an identity as hex, 0x hex, ["0x…"] or {"__identity__": "0x…"}', () => {
    for (const json of [
      identityHex,
      `0x${identityHex}`,
      [`0x${identity.toString(16)}`],
      { __identity__: `0x${identity.toString(16)}` },
    ]) {
      expect(fromJson(IDENTITY_TYPE, json)).toEqual([identity]);
    }
    expect(fromJson(CONNECTION_ID_TYPE, 'ff'.repeat(16))).toEqual([2n ** 128n - 1n]);
    expect(fromJson(TIMESTAMP_TYPE, 1_700_000_000_000_000)).toEqual([1_700_000_000_000_000n]);
  });

  it('reads bytes as hex or as an array of numbers', () => {
    const bytes: AlgebraicType = { Array: { U8: [] } };
    expect(fromJson(bytes, '00abFF')).toEqual(new Uint8Array([0, 171, 255]));
    expect(fromJson(bytes, [0, 171, 255])).toEqual(new Uint8Array([0, 171, 255]));
  });

  it('reads 64-bit and wider integers from numbers, lossless bigints, decimal strings and 0x strings', () => {
    const u64: AlgebraicType = { U64: [] };
    expect(fromJson(u64, parseJson('18446744073709551615'))).toBe(2n ** 64n - 1n);
    expect(fromJson(u64, '18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(fromJson(u64, '0xffffffffffffffff')).toBe(2n ** 64n - 1n);
    expect(fromJson(u64, 42)).toBe(42n);
    expect(fromJson({ I256: [] }, '-0x1')).toBe(-1n);
    expect(fromJson({ I128: [] }, '-170141183460469231731687303715884105728')).toBe(-(2n ** 127n));
    expect(fromJson(u64, `${'0'.repeat(1000)}42`)).toBe(42n);
    expect(fromJson(u64, `0x${'0'.repeat(1000)}2a`)).toBe(42n);
    expect(fromJson({ U256: [] }, (2n ** 256n - 1n).toString())).toBe(2n ** 256n - 1n);
  });

  it('refuses a JSON number beyond 2^53 that is not a lossless bigint, rather than rounding it', () => {
    const u64: AlgebraicType = { U64: [] };
    for (const text of ['9007199254740993.0', '9.007199254740993e15', '1e300']) {
      const json = parseJson(text);
      expect(typeof json).toBe('number');
      expect(() => fromJson(u64, json)).toThrow(SatsJsonError);
      expect(() => fromJson(u64, json)).toThrow(/is not exact as a JSON number \(beyond 2\^53\) for U64/);
    }
    expect(fromJson(u64, parseJson('9007199254740993'))).toBe(9007199254740993n);
    expect(fromJson(u64, parseJson('9007199254740991.0'))).toBe(9007199254740991n);
  });

  it('refuses integers of more than 78 digits (64 hex digits) before converting them', () => {
    const started = performance.now();
    for (const json of ['9'.repeat(79), `-${'1'.repeat(1_000_000)}`, `0x1${'0'.repeat(64)}`]) {
      expect(() => fromJson({ I256: [] }, json)).toThrow(SatsJsonError);
      expect(() => fromJson({ I256: [] }, json)).toThrow(
        /^[-0-9x]{1,100}…? is out of range for I256 \(more than (78|64 hex) digits\)$/,
      );
    }
    // Not a number at all, and no quadratic backtracking over the zeros before the `x`.
    expect(() => fromJson({ I256: [] }, `${'0'.repeat(1_000_000)}x`)).toThrow('expected an integer (I256)');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads floats from numbers and the words NaN / Infinity', () => {
    expect(fromJson({ F64: [] }, 1.25)).toBe(1.25);
    expect(fromJson({ F32: [] }, 0.1)).toBe(Math.fround(0.1));
    expect(fromJson({ F64: [] }, 'NaN')).toBeNaN();
    expect(fromJson({ F64: [] }, '-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });

  it.each<[string, AlgebraicType, unknown, string]>([
    ['a number for a string', { String: [] }, 42, 'expected a string, got 42'],
    ['a fraction for U32', { U32: [] }, 1.5, 'expected an integer (U32), got 1.5'],
    ['U8 out of range', { U8: [] }, 256, '256 is out of range for U8 (0 to 255)'],
    ['U64 below zero', { U64: [] }, '-1', '-1 is out of range for U64'],
    [
      'a word for U64',
      { U64: [] },
      'ten',
      'expected an integer (U64) as a number, a decimal string or a 0x hex string, got "ten"',
    ],
    ['odd hex bytes', { Array: { U8: [] } }, 'abc', 'expected bytes as a hex string'],
    ['an unknown variant', shape, { Square: 1 }, 'unknown variant "Square" (expected Circle, Empty)'],
    ['a tag out of range', shape, [5, 1], 'tag 5 is not a variant'],
    ['a negative tag', shape, [-1, 1], 'tag -1 is not a variant'],
    ['a fractional tag', shape, [0.5, 1], 'tag 0.5 is not a variant'],
    ['two variants at once', shape, { Circle: 1, Empty: [] }, 'expected one variant'],
    ['null for a sum that is not an option', shape, null, 'got null'],
    ['a short identity', IDENTITY_TYPE, 'abcd', 'expected an Identity as 64 hex digits, got "abcd"'],
    ['an unknown field', { Product: row }, { id: 1, extra: 2 }, 'unknown field "extra"'],
  ])('refuses %s with a clear message', (_label, type, json, message) => {
    expect(() => fromJson(type, json)).toThrow(SatsJsonError);
    expect(() => fromJson(type, json)).toThrow(message);
  });

  it('takes only own properties: names inherited from Object.prototype are not fields or words', () => {
    const type: AlgebraicType = {
      Product: { elements: [{ name: opt('constructor'), algebraic_type: { String: [] } }] },
    };
    expect(() => fromJson(type, {})).toThrow('missing field "constructor"');
    expect(fromJson(type, { constructor: 'x' })).toEqual(['x']);
    expect(() => fromJson({ F64: [] }, 'toString')).toThrow('expected a number (F64), got "toString"');
    const params: ProductType = { elements: [{ name: opt('toString'), algebraic_type: { U8: [] } }] };
    expect(() => reducerArgsFromJson(params, {})).toThrow('missing argument 0 (toString)');
  });

  it('refuses values nested deeper than the limit with SatsJsonError, not a stack overflow', () => {
    const list: Typespace = { types: [optionOf({ Ref: 0 })] };
    const nested = (depth: number) => {
      let json: unknown = null;
      for (let level = 0; level < depth; level++) json = { some: json };
      return json;
    };
    expect(() => fromJson({ Ref: 0 }, nested(500), list)).not.toThrow();
    expect(() => fromJson({ Ref: 0 }, nested(100_000), list)).toThrow(SatsJsonError);
    expect(() => fromJson({ Ref: 0 }, nested(100_000), list)).toThrow(
      /^\(some\)\(some\).{80,100}…: the value nests more than 1024 levels deep$/,
    );
  });

  it('echoes at most 100 characters of a bad value in an error', () => {
    const long = 'x'.repeat(1_000_000);
    const paddedTooBig = `${'0'.repeat(1_000_000)}18446744073709551616`;
    const cases: [AlgebraicType, unknown, string][] = [
      [{ U64: [] }, paddedTooBig, `${'0'.repeat(100)}… is out of range for U64`],
      [{ Product: row }, { [long]: 1 }, `unknown field "${'x'.repeat(100)}…" (expected`],
      [shape, { [long]: 1 }, `unknown variant "${'x'.repeat(100)}…" (expected`],
      [shape, [`9${'0'.repeat(200)}`, 1], `tag 9${'0'.repeat(99)}… is not a variant`],
    ];
    for (const [type, json, message] of cases) {
      expect(() => fromJson(type, json)).toThrow(message);
      expect(() => fromJson(type, json)).toThrow(/^.{0,300}$/);
    }
    const params: ProductType = { elements: [{ name: opt('a'), algebraic_type: { U8: [] } }] };
    expect(() => reducerArgsFromJson(params, { [long]: 1 })).toThrow(/^unknown argument "x{100}…" \(expected a\)$/);
  });

  it('names the path to a bad nested value', () => {
    const list: AlgebraicType = { Array: { Product: row } };
    const good = toUntypedJson({ Product: row }, rowValue) as unknown[];
    const bad = [good, [...good.slice(0, 2), { Circle: 'wide' }, ...good.slice(3)]];
    expect(() => fromJson(list, bad)).toThrow('[1].shape(Circle): expected a number (F64), got "wide"');
  });
});

describe('reducer arguments', () => {
  const params: ProductType = {
    elements: [
      { name: opt('name'), algebraic_type: { String: [] } },
      { name: opt('age'), algebraic_type: { U8: [] } },
    ],
  };

  it('reads an array in order or an object by name', () => {
    expect(reducerArgsFromJson(params, ['al', 3])).toEqual(['al', 3]);
    expect(reducerArgsFromJson(params, { age: 3, name: 'al' })).toEqual(['al', 3]);
  });

  it('names the argument in errors', () => {
    expect(() => reducerArgsFromJson(params, [42, 3])).toThrow('argument 0 (name): expected a string, got 42');
    expect(() => reducerArgsFromJson(params, ['al'])).toThrow('expected 2 arguments, got 1');
    expect(() => reducerArgsFromJson(params, { name: 'al' })).toThrow('missing argument 1 (age)');
    expect(() => reducerArgsFromJson(params, 'al')).toThrow('expected the arguments as a JSON array');
  });
});
