import type { AlgebraicType, ProductType, Typespace } from './types.js';
import { EMPTY_TYPESPACE, resolveType } from './typespace.js';

/**
 * SpacetimeDB's special types: one-field products whose field has a reserved name
 * (crates/sats/src/product_type.rs): Identity `__identity__: U256`, ConnectionId
 * `__connection_id__: U128`, Timestamp `__timestamp_micros_since_unix_epoch__: I64`, TimeDuration
 * `__time_duration_micros__: I64`, Uuid `__uuid__: U128`. A type is special only when the field's
 * type matches too (the product's `is_identity` and friends check both).
 */

function newtype(field: string, inner: AlgebraicType): AlgebraicType {
  return { Product: { elements: [{ name: { some: field }, algebraic_type: inner }] } };
}

export const IDENTITY_TYPE: AlgebraicType = newtype('__identity__', { U256: [] });
export const CONNECTION_ID_TYPE: AlgebraicType = newtype('__connection_id__', { U128: [] });
export const TIMESTAMP_TYPE: AlgebraicType = newtype('__timestamp_micros_since_unix_epoch__', { I64: [] });
export const TIME_DURATION_TYPE: AlgebraicType = newtype('__time_duration_micros__', { I64: [] });
export const UUID_TYPE: AlgebraicType = newtype('__uuid__', { U128: [] });

export type SpecialTypeKind = 'Identity' | 'ConnectionId' | 'Timestamp' | 'TimeDuration' | 'Uuid';

const SPECIAL_FIELDS: Record<string, [SpecialTypeKind, string]> = {
  __identity__: ['Identity', 'U256'],
  __connection_id__: ['ConnectionId', 'U128'],
  __timestamp_micros_since_unix_epoch__: ['Timestamp', 'I64'],
  __time_duration_micros__: ['TimeDuration', 'I64'],
  __uuid__: ['Uuid', 'U128'],
};

/** Which special type a product type is, if any. Does not follow `Ref`s (the product's check does not either). */
export function specialProductKind(type: ProductType): SpecialTypeKind | undefined {
  const [only, extra] = type.elements;
  if (only === undefined || extra !== undefined || !('some' in only.name)) return undefined;
  const special = SPECIAL_FIELDS[only.name.some];
  if (special === undefined || !(special[1] in only.algebraic_type)) return undefined;
  return special[0];
}

/** Which special type `type` is (after following `Ref`s), if any. */
export function specialTypeKind(
  type: AlgebraicType,
  typespace: Typespace = EMPTY_TYPESPACE,
): SpecialTypeKind | undefined {
  const resolved = resolveType(type, typespace);
  return 'Product' in resolved ? specialProductKind(resolved.Product) : undefined;
}

/** Whether `type` is one of SpacetimeDB's special types (Identity, ConnectionId, Timestamp, TimeDuration, Uuid). */
export function isSpecialType(type: AlgebraicType, typespace: Typespace = EMPTY_TYPESPACE): boolean {
  return specialTypeKind(type, typespace) !== undefined;
}

const U256_MAX = (1n << 256n) - 1n;

/** An identity (its u256) as text: 64 lowercase hex digits, big-endian, no prefix. */
export function identityToHex(identity: bigint): string {
  if (typeof identity !== 'bigint' || identity < 0n || identity > U256_MAX) {
    throw new RangeError(`an identity is a u256 bigint, got ${String(identity)}`);
  }
  return identity.toString(16).padStart(64, '0');
}

const IDENTITY_HEX = /^(?:0x)?([0-9a-fA-F]{64})$/;

/** Parses 64 hex digits (an optional `0x`) into the identity's u256. Throws `SyntaxError` on anything else. */
export function identityFromHex(text: string): bigint {
  const match = typeof text === 'string' ? IDENTITY_HEX.exec(text) : null;
  if (match === null)
    throw new SyntaxError(`an identity is 64 hex digits (optionally 0x-prefixed), got ${JSON.stringify(text)}`);
  return BigInt(`0x${match[1]}`);
}

/** Whether `text` is an identity in hex (64 hex digits, optional `0x`). */
export function isIdentityHex(text: string): boolean {
  return IDENTITY_HEX.test(text);
}
