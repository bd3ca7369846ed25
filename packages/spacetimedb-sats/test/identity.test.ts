import { describe, expect, it } from 'vitest';
import {
  type AlgebraicType,
  CONNECTION_ID_TYPE,
  encodeValue,
  IDENTITY_TYPE,
  identityFromHex,
  identityToHex,
  isSpecialType,
  specialTypeKind,
  TIME_DURATION_TYPE,
  TIMESTAMP_TYPE,
  UUID_TYPE,
} from '../src/index.js';

const hex = `c200${'0'.repeat(56)}01ff`;

describe('identity text', () => {
  it('writes 64 lowercase big-endian hex digits and reads them back', () => {
    const identity = identityFromHex(hex);
    expect(identity).toBe(BigInt(`0x${hex}`));
    expect(identityToHex(identity)).toBe(hex);
    expect(identityToHex(1n)).toBe(`${'0'.repeat(63)}1`);
    expect(identityFromHex(`0x${hex.toUpperCase()}`)).toBe(identity);
  });

  it('is little-endian in BSATN', () => {
    const bytes = encodeValue(IDENTITY_TYPE, [identityFromHex(hex)]);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(hex, 'hex').reverse().toString('hex'));
  });

  it('refuses anything but 64 hex digits', () => {
    for (const text of ['', 'c200', `${hex}0`, `${hex.slice(1)}g`, `0X${hex}`, ` ${hex}`]) {
      expect(() => identityFromHex(text)).toThrow(SyntaxError);
    }
    expect(() => identityToHex(-1n)).toThrow(RangeError);
    expect(() => identityToHex(2n ** 256n)).toThrow(RangeError);
  });
});

describe('special types', () => {
  it('recognises each special product, through refs too', () => {
    expect(specialTypeKind(IDENTITY_TYPE)).toBe('Identity');
    expect(specialTypeKind(CONNECTION_ID_TYPE)).toBe('ConnectionId');
    expect(specialTypeKind(TIMESTAMP_TYPE)).toBe('Timestamp');
    expect(specialTypeKind(TIME_DURATION_TYPE)).toBe('TimeDuration');
    expect(specialTypeKind(UUID_TYPE)).toBe('Uuid');
    expect(isSpecialType({ Ref: 0 }, { types: [IDENTITY_TYPE] })).toBe(true);
  });

  it('needs the magic name and the right inner type', () => {
    const wrongInner: AlgebraicType = {
      Product: { elements: [{ name: { some: '__identity__' }, algebraic_type: { U128: [] } }] },
    };
    const plain: AlgebraicType = {
      Product: { elements: [{ name: { some: 'identity' }, algebraic_type: { U256: [] } }] },
    };
    expect(isSpecialType(wrongInner)).toBe(false);
    expect(isSpecialType(plain)).toBe(false);
    expect(isSpecialType({ U256: [] })).toBe(false);
  });
});
