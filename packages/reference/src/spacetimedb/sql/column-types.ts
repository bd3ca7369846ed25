import {
  type AlgebraicType,
  type PrimitiveTag,
  type ProductType,
  specialTypeKind,
  typeTag,
} from '@dbwire/spacetimedb-sats';

/**
 * What SQL needs to know about a column's type: which kind of literal it takes, and how to name
 * it in an error (in SpacetimeDB's notation: `U32`, `Array<U8>`, `(__identity__: U256)`).
 */

export type IntegerTag =
  | 'I8'
  | 'U8'
  | 'I16'
  | 'U16'
  | 'I32'
  | 'U32'
  | 'I64'
  | 'U64'
  | 'I128'
  | 'U128'
  | 'I256'
  | 'U256';

const INTEGER_BITS: Record<IntegerTag, number> = {
  I8: 8,
  U8: 8,
  I16: 16,
  U16: 16,
  I32: 32,
  U32: 32,
  I64: 64,
  U64: 64,
  I128: 128,
  U128: 128,
  I256: 256,
  U256: 256,
};

export function primitiveTag(type: AlgebraicType): PrimitiveTag | undefined {
  const tag = typeTag(type);
  return tag === 'Ref' || tag === 'Sum' || tag === 'Product' || tag === 'Array' ? undefined : (tag as PrimitiveTag);
}

export function integerTag(type: AlgebraicType): IntegerTag | undefined {
  const tag = primitiveTag(type);
  return tag !== undefined && tag in INTEGER_BITS ? (tag as IntegerTag) : undefined;
}

export function integerBits(tag: IntegerTag): number {
  return INTEGER_BITS[tag];
}

export function isSigned(tag: IntegerTag): boolean {
  return tag.startsWith('I');
}

/** Integers up to 32 bits are JS numbers, wider ones bigints (the SATS value convention). */
export function integerValue(tag: IntegerTag, value: bigint): number | bigint {
  return INTEGER_BITS[tag] <= 32 ? Number(value) : value;
}

export function isBytes(type: AlgebraicType): boolean {
  return 'Array' in type && primitiveTag(type.Array) === 'U8';
}

export function isBool(type: AlgebraicType): boolean {
  return primitiveTag(type) === 'Bool';
}

/**
 * Types SQL compares with `=`, `<` …: the scalars and the special types (as SpacetimeDB's type
 * checker allows); not other products, sums or arrays.
 */
export function isComparable(type: AlgebraicType): boolean {
  return primitiveTag(type) !== undefined || isBytes(type) || specialTypeKind(type) !== undefined;
}

/** Structural equality of two resolved types (what "columns of equal types" means). */
export function typesEqual(a: AlgebraicType, b: AlgebraicType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function typeName(type: AlgebraicType): string {
  if ('Ref' in type) return String(type.Ref);
  if ('Array' in type) return `Array<${typeName(type.Array)}>`;
  if ('Product' in type) return productTypeName(type.Product);
  if ('Sum' in type) {
    if (type.Sum.variants.length === 0) return '(|)';
    const variants = type.Sum.variants.map(
      (variant) => `${'some' in variant.name ? `${variant.name.some}: ` : ''}${typeName(variant.algebraic_type)}`,
    );
    return `(${variants.join(' | ')})`;
  }
  return primitiveTag(type) ?? '?';
}

function productTypeName(type: ProductType): string {
  const fields = type.elements.map(
    (element, index) => `${'some' in element.name ? element.name.some : index}: ${typeName(element.algebraic_type)}`,
  );
  return `(${fields.join(', ')})`;
}
