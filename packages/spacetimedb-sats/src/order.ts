import type { AlgebraicType, AlgebraicValue, ProductType, SumType, SumValue, Typespace } from './types.js';
import { EMPTY_TYPESPACE, resolveType, SatsTypeError, typeLabel, typeTag } from './typespace.js';

/**
 * The total order of SpacetimeDB's `AlgebraicValue` (its derived `Ord`, crates/sats/src/algebraic_value.rs),
 * which index scans and `ORDER BY` follow, for two values of the same type:
 * - integers numerically, `false < true`;
 * - strings by their UTF-8 bytes (Rust's `str` order), which is code point order, not JavaScript's
 *   UTF-16 order (they differ for characters beyond U+FFFF against U+E000..U+FFFF);
 * - floats in decorum's `Total` order: -inf < ... < -0 = +0 < ... < +inf < NaN, every NaN equal;
 * - arrays and byte arrays lexicographically (a prefix first), products field by field;
 * - sums by tag, then by payload.
 * Returns a negative number, 0 or a positive number.
 */
export function compareValues(
  type: AlgebraicType,
  a: AlgebraicValue,
  b: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): number {
  const resolved = resolveType(type, typespace);
  switch (typeTag(resolved)) {
    case 'Bool':
      return Number(a) - Number(b);
    case 'I8':
    case 'U8':
    case 'I16':
    case 'U16':
    case 'I32':
    case 'U32':
      return (a as number) - (b as number);
    case 'I64':
    case 'U64':
    case 'I128':
    case 'U128':
    case 'I256':
    case 'U256':
      return a < b ? -1 : a > b ? 1 : 0;
    case 'F32':
    case 'F64':
      return compareFloats(a as number, b as number);
    case 'String':
      return compareStrings(a as string, b as string);
    case 'Array': {
      if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
      const elementType = (resolved as { Array: AlgebraicType }).Array;
      const left = a as AlgebraicValue[];
      const right = b as AlgebraicValue[];
      const shared = Math.min(left.length, right.length);
      for (let index = 0; index < shared; index++) {
        const order = compareValues(
          elementType,
          left[index] as AlgebraicValue,
          right[index] as AlgebraicValue,
          typespace,
        );
        if (order !== 0) return order;
      }
      return left.length - right.length;
    }
    case 'Product': {
      const { elements } = (resolved as { Product: ProductType }).Product;
      const left = a as AlgebraicValue[];
      const right = b as AlgebraicValue[];
      for (let index = 0; index < elements.length; index++) {
        const element = elements[index] as ProductType['elements'][number];
        const order = compareValues(
          element.algebraic_type,
          left[index] as AlgebraicValue,
          right[index] as AlgebraicValue,
          typespace,
        );
        if (order !== 0) return order;
      }
      return 0;
    }
    case 'Sum': {
      const left = a as SumValue;
      const right = b as SumValue;
      if (left.tag !== right.tag) return left.tag - right.tag;
      const variant = (resolved as { Sum: SumType }).Sum.variants[left.tag];
      if (variant === undefined) throw new SatsTypeError(`tag ${left.tag} is not a variant of ${typeLabel(resolved)}`);
      return compareValues(variant.algebraic_type, left.value, right.value, typespace);
    }
    default:
      throw new SatsTypeError(`unknown type ${typeLabel(resolved)}`);
  }
}

/** Whether two values of `type` are equal in SpacetimeDB's sense (NaN equals NaN, -0 equals +0). */
export function valuesEqual(
  type: AlgebraicType,
  a: AlgebraicValue,
  b: AlgebraicValue,
  typespace: Typespace = EMPTY_TYPESPACE,
): boolean {
  return compareValues(type, a, b, typespace) === 0;
}

function compareFloats(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return Number(aNaN) - Number(bNaN);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** UTF-8 byte order, which equals code point order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const shared = Math.min(a.length, b.length);
  for (let index = 0; index < shared; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) {
      // At the first differing UTF-16 unit, the code points starting there order the strings: a
      // surrogate pair reads as its whole code point; a shared high surrogate leaves low
      // surrogates, whose order is their code points' order.
      return (a.codePointAt(index) as number) - (b.codePointAt(index) as number);
    }
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const shared = Math.min(a.length, b.length);
  for (let index = 0; index < shared; index++) {
    const order = (a[index] as number) - (b[index] as number);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
