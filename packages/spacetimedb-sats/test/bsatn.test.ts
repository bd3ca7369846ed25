import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlgebraicType,
  type AlgebraicValue,
  BsatnError,
  BsatnReader,
  BsatnWriter,
  decodeProduct,
  decodeValue,
  encodeProduct,
  encodeValue,
  type ProductType,
  readValue,
  SatsValueError,
  type Typespace,
} from '../src/index.js';
import { typedValue } from './arbitraries.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));

const U8: AlgebraicType = { U8: [] };
const U32: AlgebraicType = { U32: [] };
const STRING: AlgebraicType = { String: [] };
const unit: AlgebraicType = { Product: { elements: [] } };
const optionOf = (type: AlgebraicType): AlgebraicType => ({
  Sum: {
    variants: [
      { name: { some: 'some' }, algebraic_type: type },
      { name: { some: 'none' }, algebraic_type: unit },
    ],
  },
});
const person: ProductType = {
  elements: [
    { name: { some: 'id' }, algebraic_type: { U64: [] } },
    { name: { some: 'name' }, algebraic_type: STRING },
    { name: { some: 'nick' }, algebraic_type: optionOf(STRING) },
  ],
};

describe('BSATN byte vectors', () => {
  it.each<[string, AlgebraicType, unknown, string]>([
    ['u32 1', U32, 1, '01000000'],
    ['u8 255', U8, 255, 'ff'],
    ['i8 -1', { I8: [] }, -1, 'ff'],
    ['i16 -2', { I16: [] }, -2, 'feff'],
    ['u16 0x1234', { U16: [] }, 0x1234, '3412'],
    ['i32 -1', { I32: [] }, -1, 'ffffffff'],
    ['u64 2^53 + 1', { U64: [] }, 2n ** 53n + 1n, '0100000000002000'],
    ['i64 -1', { I64: [] }, -1n, 'ffffffffffffffff'],
    ['u128 2^64', { U128: [] }, 2n ** 64n, '00000000000000000100000000000000'],
    ['i128 -2', { I128: [] }, -2n, `fe${'ff'.repeat(15)}`],
    ['u256 1', { U256: [] }, 1n, `01${'00'.repeat(31)}`],
    ['i256 min', { I256: [] }, -(2n ** 255n), `${'00'.repeat(31)}80`],
    ['bool true', { Bool: [] }, true, '01'],
    ['bool false', { Bool: [] }, false, '00'],
    ['f32 1.5', { F32: [] }, 1.5, '0000c03f'],
    ['f64 -2', { F64: [] }, -2, '00000000000000c0'],
    ['string "ab"', STRING, 'ab', '020000006162'],
    ['string with a leading U+FEFF (kept, not a byte-order mark)', STRING, '\uFEFFab', '05000000efbbbf6162'],
    ['string "é" is UTF-8', STRING, 'é', '02000000c3a9'],
    ['bytes', { Array: U8 }, new Uint8Array([1, 2, 3]), '03000000010203'],
    ['array of u16', { Array: { U16: [] } }, [1, 2], '0200000001000200'],
    ['option some(5u8)', optionOf(U8), { tag: 0, value: 5 }, '0005'],
    ['option none', optionOf(U8), { tag: 1, value: [] }, '01'],
    ['unit', unit, [], ''],
    ['product', { Product: person }, [7n, 'al', { tag: 1, value: [] }], '0700000000000000 02000000616c 01'],
  ])('%s', (_label, type, value, expected) => {
    const bytes = encodeValue(type, value as never);
    expect(hex(bytes)).toBe(expected.replace(/\s/g, ''));
    expect(decodeValue(type, bytes)).toEqual(value);
  });

  it('resolves refs through the typespace', () => {
    const typespace: Typespace = { types: [{ Product: person }, { Array: { Ref: 0 } }] };
    const rows = [
      [1n, 'a', { tag: 0, value: 'x' }],
      [2n, 'b', { tag: 1, value: [] }],
    ];
    const bytes = encodeValue({ Ref: 1 }, rows, typespace);
    expect(hex(bytes)).toBe(
      '02000000' + '0100000000000000' + '0100000061' + '00' + '0100000078' + '0200000000000000' + '0100000062' + '01',
    );
    expect(decodeValue({ Ref: 1 }, bytes, typespace)).toEqual(rows);
  });

  it('encodes and decodes rows with encodeProduct / decodeProduct', () => {
    const bytes = encodeProduct(person, [1n, 'x', { tag: 0, value: 'y' }]);
    expect(decodeProduct(person, bytes)).toEqual([1n, 'x', { tag: 0, value: 'y' }]);
  });

  it('reads consecutive values from one reader', () => {
    const writer = new BsatnWriter(1);
    writer.writeString('hello');
    writer.writeU64(5n);
    writer.writeBytes(new Uint8Array(100));
    const reader = new BsatnReader(writer.finish());
    expect(readValue(reader, STRING)).toBe('hello');
    expect(reader.readU64()).toBe(5n);
    expect(reader.readBytes()).toHaveLength(100);
    expect(reader.remaining).toBe(0);
  });
});

describe('BSATN decoding errors', () => {
  it.each<[string, AlgebraicType, string, RegExp]>([
    ['a truncated u32', U32, '010000', /end of input/],
    ['a truncated string', STRING, '05000000616263', /end of input/],
    ['a bool byte of 2', { Bool: [] }, '02', /invalid Bool byte 2/],
    ['invalid UTF-8', STRING, '01000000ff', /invalid UTF-8/],
    ['a sum tag past the variants', optionOf(U8), '0205', /invalid sum tag 2/],
    ['trailing bytes', U8, '0102', /1 unexpected trailing bytes/],
    ['an array count larger than the input', { Array: U32 }, 'ffffffff', /longer than the 0 bytes left/],
    ['too many zero-sized elements', { Array: unit }, '01000100', /65537 zero-sized elements .* over the limit/],
    ['2^32 - 1 zero-sized elements', { Array: { Product: { elements: [] } } }, 'ffffffff', /over the limit of 65536/],
  ])('throws BsatnError on %s', (_label, type, bytes, message) => {
    expect(() => decodeValue(type, fromHex(bytes))).toThrow(BsatnError);
    expect(() => decodeValue(type, fromHex(bytes))).toThrow(message);
  });
});

describe('BSATN arrays of zero-sized elements', () => {
  it('reads up to the limit without any bytes per element', () => {
    const started = performance.now();
    expect(decodeValue({ Array: unit }, fromHex('00000100'))).toHaveLength(65_536);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('BSATN nesting', () => {
  // A linked list: a self-referencing type is as deep as its input makes it.
  const list: Typespace = { types: [optionOf({ Ref: 0 })] };
  const nested = (depth: number) => {
    let value: AlgebraicValue = { tag: 1, value: [] };
    for (let level = 0; level < depth; level++) value = { tag: 0, value };
    return value;
  };
  const nestedBytes = (depth: number) => new Uint8Array([...new Array(depth).fill(0), 1]);

  it('reads and writes values nested up to the limit', () => {
    expect(decodeValue({ Ref: 0 }, nestedBytes(500), list)).toEqual(nested(500));
    expect(encodeValue({ Ref: 0 }, nested(500), list)).toEqual(nestedBytes(500));
  });

  it('refuses deeper values with BsatnError / SatsValueError, not a stack overflow', () => {
    expect(() => decodeValue({ Ref: 0 }, nestedBytes(100_000), list)).toThrow(BsatnError);
    expect(() => decodeValue({ Ref: 0 }, nestedBytes(100_000), list)).toThrow(/nests more than 1024 levels/);
    expect(() => encodeValue({ Ref: 0 }, nested(100_000), list)).toThrow(SatsValueError);
    expect(() => encodeValue({ Ref: 0 }, nested(100_000), list)).toThrow(/nests more than 1024 levels/);
  });

  it('keeps the error message short however deep the path', () => {
    expect(() => encodeValue({ Ref: 0 }, nested(100_000), list)).toThrow(
      /^at \(some\)\(some\).{80,100}…: the value nests/,
    );
  });
});

describe('BSATN value checks while writing', () => {
  it.each<[string, AlgebraicType, unknown, RegExp]>([
    ['a number for U64', { U64: [] }, 5, /expected a bigint for U64, got number 5/],
    ['a bigint for U32', U32, 5n, /expected an integer number for U32, got bigint 5n/],
    ['u8 256', U8, 256, /256 is out of range for U8/],
    ['a fraction for I32', { I32: [] }, 1.5, /expected an integer number for I32/],
    ['u64 -1', { U64: [] }, -1n, /-1 is out of range for U64/],
    ['i128 2^127', { I128: [] }, 2n ** 127n, /out of range for I128/],
    ['a string for Bool', { Bool: [] }, 'true', /expected a boolean/],
    ['a number for String', STRING, 1, /expected a string/],
    ['a product of the wrong length', { Product: person }, [1n], /expected a product of 3 fields/],
    ['a sum without a tag', optionOf(U8), 5, /expected a sum value/],
    ['a tag out of range', optionOf(U8), { tag: 3, value: [] }, /tag 3 is not a variant/],
  ])('refuses %s', (_label, type, value, message) => {
    expect(() => encodeValue(type, value as never)).toThrow(SatsValueError);
    expect(() => encodeValue(type, value as never)).toThrow(message);
  });

  it('names the path to the bad part', () => {
    const type: AlgebraicType = { Array: { Product: person } };
    const rows = [
      [1n, 'a', { tag: 1, value: [] }],
      [2n, 'b', { tag: 0, value: 7 }],
    ];
    expect(() => encodeValue(type, rows as never)).toThrow('at [1].nick(some): expected a string, got number 7');
  });
});

describe('encodeValue', () => {
  it('returns independent results, also after a failed encode', () => {
    const first = encodeValue(STRING, 'abc');
    expect(() => encodeValue({ Product: person }, [1n, 'x', 5] as never)).toThrow(SatsValueError);
    const second = encodeValue(U32, 7);
    expect(hex(first)).toBe('03000000616263');
    expect(hex(second)).toBe('07000000');
    const large = encodeValue(STRING, 'x'.repeat(3_000_000));
    expect(large.length).toBe(3_000_004);
    expect(hex(encodeValue(U8, 1))).toBe('01');
  });
});

describe('BSATN round trips', () => {
  it('decode(encode(v)) == v for random types and values', () => {
    fc.assert(
      fc.property(typedValue, ({ type, value }) => {
        const bytes = encodeValue(type, value);
        expect(decodeValue(type, bytes)).toEqual(value);
        // Re-encoding gives the same bytes: the encoding is canonical.
        expect(encodeValue(type, decodeValue(type, bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
