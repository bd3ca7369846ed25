/**
 * SATS, SpacetimeDB's algebraic type system: the types of a module's columns and reducer
 * parameters, and the values they take.
 *
 * Types are kept in their SATS-JSON form (`{"U32": []}`, `{"Ref": 3}`, `{"Product": {...}}`), so
 * a module definition decoded from BSATN is already the JSON `/schema` serves. The variant order
 * of `AlgebraicType` (see `ALGEBRAIC_TYPE_TAGS`) is its BSATN tag.
 */

/** `Option<T>` as SATS-JSON writes it. */
export type Option<T> = { some: T } | { none: [] };

export interface ProductTypeElement {
  name: Option<string>;
  algebraic_type: AlgebraicType;
}

export interface ProductType {
  elements: ProductTypeElement[];
}

export interface SumTypeVariant {
  name: Option<string>;
  algebraic_type: AlgebraicType;
}

export interface SumType {
  variants: SumTypeVariant[];
}

/** The tags of the primitive types, in BSATN order (`String` = 4 ... `F64` = 19). */
export const PRIMITIVE_TAGS = [
  'String',
  'Bool',
  'I8',
  'U8',
  'I16',
  'U16',
  'I32',
  'U32',
  'I64',
  'U64',
  'I128',
  'U128',
  'I256',
  'U256',
  'F32',
  'F64',
] as const;

/** The BSATN tags of `AlgebraicType`, in order (`Ref` = 0 ... `F64` = 19). */
export const ALGEBRAIC_TYPE_TAGS = ['Ref', 'Sum', 'Product', 'Array', ...PRIMITIVE_TAGS] as const;

export type AlgebraicTypeTag = (typeof ALGEBRAIC_TYPE_TAGS)[number];

export type PrimitiveTag = (typeof PRIMITIVE_TAGS)[number];

export type AlgebraicType =
  | { Ref: number }
  | { Sum: SumType }
  | { Product: ProductType }
  | { Array: AlgebraicType }
  | { [Tag in PrimitiveTag]: { [K in Tag]: [] } }[PrimitiveTag];

/**
 * A value of some `AlgebraicType`. The type says how to read it:
 * - `Bool`: boolean; `I8`..`I32`, `U8`..`U32`, `F32`, `F64`: number;
 *   `I64`, `U64`, `I128`, `U128`, `I256`, `U256`: bigint; `String`: string;
 * - `Array` of `U8`: `Uint8Array`; any other `Array`: `AlgebraicValue[]`;
 * - `Product`: its fields in order, as `AlgebraicValue[]` (a row is a product);
 * - `Sum`: `SumValue`.
 * Special types are products too: an Identity is `[u256 bigint]`, a Timestamp `[i64 bigint]`.
 */
export type AlgebraicValue = boolean | number | bigint | string | Uint8Array | AlgebraicValue[] | SumValue;

export interface SumValue {
  tag: number;
  value: AlgebraicValue;
}

/** The module's types, which `{"Ref": n}` points into. */
export interface Typespace {
  types: AlgebraicType[];
}

/** A table row, or any product value: the fields in column order. */
export type ProductValue = AlgebraicValue[];
