import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlgebraicType, compareValues, encodeValue, valuesEqual } from '../src/index.js';
import { typedValue, valueFor } from './arbitraries.js';

const sign = (n: number) => Math.sign(n);
const opt = (name: string) => ({ some: name });
const unit: AlgebraicType = { Product: { elements: [] } };

describe('compareValues', () => {
  it('orders integers numerically, including wide and negative ones', () => {
    expect(sign(compareValues({ I32: [] }, -5, 3))).toBe(-1);
    expect(sign(compareValues({ U64: [] }, 2n ** 63n, 5n))).toBe(1);
    expect(sign(compareValues({ I256: [] }, -(2n ** 200n), -1n))).toBe(-1);
    expect(compareValues({ U128: [] }, 7n, 7n)).toBe(0);
  });

  it('orders false before true', () => {
    expect(sign(compareValues({ Bool: [] }, false, true))).toBe(-1);
  });

  it('orders strings by UTF-8 bytes, not UTF-16 units', () => {
    // U+FF61 is one UTF-16 unit (0xFF61), U+1F600 two (0xD83D 0xDE00): JavaScript's `<` puts the
    // emoji first; UTF-8 (EF BD A1 vs F0 9F 98 80) puts it last.
    expect('😀' < '｡').toBe(true);
    expect(sign(compareValues({ String: [] }, '😀', '｡'))).toBe(1);
    expect(sign(compareValues({ String: [] }, 'ab', 'abc'))).toBe(-1);
    expect(sign(compareValues({ String: [] }, 'B', 'a'))).toBe(-1);
  });

  it('orders floats totally: -inf < ... < -0 = 0 < ... < inf < NaN', () => {
    const f64: AlgebraicType = { F64: [] };
    const sorted = [Number.NaN, 1, Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY, -2].sort((a, b) =>
      compareValues(f64, a, b),
    );
    expect(sorted).toEqual([Number.NEGATIVE_INFINITY, -2, 0, 1, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(valuesEqual(f64, -0, 0)).toBe(true);
    expect(valuesEqual(f64, Number.NaN, Number.NaN)).toBe(true);
  });

  it('orders arrays and bytes lexicographically, a prefix first', () => {
    expect(sign(compareValues({ Array: { U16: [] } }, [1, 2], [1, 2, 0]))).toBe(-1);
    expect(sign(compareValues({ Array: { U16: [] } }, [2], [1, 9]))).toBe(1);
    expect(sign(compareValues({ Array: { U8: [] } }, new Uint8Array([1, 255]), new Uint8Array([2])))).toBe(-1);
  });

  it('orders products field by field and sums by tag, then payload', () => {
    const pair: AlgebraicType = {
      Product: {
        elements: [
          { name: opt('a'), algebraic_type: { U8: [] } },
          { name: opt('b'), algebraic_type: { String: [] } },
        ],
      },
    };
    expect(sign(compareValues(pair, [1, 'z'], [2, 'a']))).toBe(-1);
    expect(sign(compareValues(pair, [1, 'b'], [1, 'a']))).toBe(1);
    const option: AlgebraicType = {
      Sum: {
        variants: [
          { name: opt('some'), algebraic_type: { I8: [] } },
          { name: opt('none'), algebraic_type: unit },
        ],
      },
    };
    expect(sign(compareValues(option, { tag: 0, value: 100 }, { tag: 1, value: [] }))).toBe(-1);
    expect(sign(compareValues(option, { tag: 0, value: -1 }, { tag: 0, value: 1 }))).toBe(-1);
  });

  it('is a total order consistent with BSATN equality', () => {
    const twoValues = typedValue.chain(({ type, value }) =>
      valueFor(type).map((other) => ({ type, a: value, b: other })),
    );
    fc.assert(
      fc.property(twoValues, ({ type, a, b }) => {
        expect(sign(compareValues(type, a, b)) + sign(compareValues(type, b, a))).toBe(0);
        expect(compareValues(type, a, a)).toBe(0);
        const sameBytes = Buffer.from(encodeValue(type, a)).equals(Buffer.from(encodeValue(type, b)));
        // Equal encodings mean equal values; equal values differ in bytes only through -0 / NaN payloads.
        if (sameBytes) expect(valuesEqual(type, a, b)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
