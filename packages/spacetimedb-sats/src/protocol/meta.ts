import type { AlgebraicType, ProductTypeElement, SumTypeVariant } from '../types.js';

/**
 * Small builders for the SATS meta-types that describe the WebSocket messages, so each message
 * layout reads like its Rust declaration: `product({ request_id: U32, query_strings: array(STRING) })`.
 * Object key order is field order (BSATN order) and variant order (BSATN tag).
 */

export const U8: AlgebraicType = { U8: [] };
export const U16: AlgebraicType = { U16: [] };
export const U32: AlgebraicType = { U32: [] };
export const U64: AlgebraicType = { U64: [] };
export const U128: AlgebraicType = { U128: [] };
export const STRING: AlgebraicType = { String: [] };
export const BYTES: AlgebraicType = { Array: { U8: [] } };
/** The unit type `()`: a product of nothing. */
export const UNIT: AlgebraicType = { Product: { elements: [] } };

export function product(fields: Record<string, AlgebraicType>): AlgebraicType {
  const elements: ProductTypeElement[] = Object.entries(fields).map(([name, algebraic_type]) => ({
    name: { some: name },
    algebraic_type,
  }));
  return { Product: { elements } };
}

export function sum(variants: Record<string, AlgebraicType>): AlgebraicType {
  const list: SumTypeVariant[] = Object.entries(variants).map(([name, algebraic_type]) => ({
    name: { some: name },
    algebraic_type,
  }));
  return { Sum: { variants: list } };
}

export function array(element: AlgebraicType): AlgebraicType {
  return { Array: element };
}

/** `Option<T>`: `some` = 0, `none` = 1, as SATS defines it. */
export function option(inner: AlgebraicType): AlgebraicType {
  return sum({ some: inner, none: UNIT });
}

/** `Result<T, E>`: `ok` = 0, `err` = 1, as SATS defines it. */
export function result(ok: AlgebraicType, err: AlgebraicType): AlgebraicType {
  return sum({ ok, err });
}
