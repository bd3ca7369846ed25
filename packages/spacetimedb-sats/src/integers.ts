/** The ranges of SATS's integer types, which both BSATN and SATS-JSON hold values to. */

/** The integer types below 64 bits, held as `number`: their [min, max]. */
export const SMALL_INTEGER_BOUNDS = {
  I8: [-(2 ** 7), 2 ** 7 - 1],
  U8: [0, 2 ** 8 - 1],
  I16: [-(2 ** 15), 2 ** 15 - 1],
  U16: [0, 2 ** 16 - 1],
  I32: [-(2 ** 31), 2 ** 31 - 1],
  U32: [0, 2 ** 32 - 1],
} as const;

export type SmallIntegerTag = keyof typeof SMALL_INTEGER_BOUNDS;

/** The integer types of 64 bits and more, held as `bigint`: their widths. */
const BIG_INTEGER_BITS = { I64: 64, U64: 64, I128: 128, U128: 128, I256: 256, U256: 256 } as const;

export type BigIntegerTag = keyof typeof BIG_INTEGER_BITS;

/** Whether `value` is within the range of `tag` (two's complement for `I…`, unsigned for `U…`). */
export function fitsBigInteger(tag: BigIntegerTag, value: bigint): boolean {
  const bits = BIG_INTEGER_BITS[tag];
  return tag.startsWith('I') ? BigInt.asIntN(bits, value) === value : BigInt.asUintN(bits, value) === value;
}
