import type { AlgebraicType } from '../types.js';
import { array, BYTES, product, sum, U16, U32, U64 } from './meta.js';

/**
 * The pieces both WebSocket protocol versions share (crates/client-api-messages/src/websocket/common.rs),
 * as TypeScript types in named-object form (products as objects keyed by the Rust field names, sums
 * as `{ Variant: payload }`, `()` as `[]`, 64-bit and wider integers as `bigint`, bytes as
 * `Uint8Array`) and as the SATS meta-types that fix their layout.
 */

/** The unit value `()`, the payload of a variant that carries nothing. */
export type Unit = [];

/** An Identity: the special product `{ __identity__: u256 }`. */
export interface Identity {
  __identity__: bigint;
}

/** A ConnectionId: the special product `{ __connection_id__: u128 }`. */
export interface ConnectionId {
  __connection_id__: bigint;
}

/** A Timestamp: microseconds since the Unix epoch (i64). */
export interface Timestamp {
  __timestamp_micros_since_unix_epoch__: bigint;
}

/** A TimeDuration: microseconds (i64). */
export interface TimeDuration {
  __time_duration_micros__: bigint;
}

/** The client's own id for a subscription (v2's query set, v1's `QueryId`): u32. */
export interface QuerySetId {
  id: number;
}

/**
 * How `rows_data` splits into rows: `FixedSize` (u16, every row that many bytes; tag 0) or
 * `RowOffsets` (u64 start offset of each row; tag 1).
 */
export type RowSizeHint = { FixedSize: number } | { RowOffsets: bigint[] };

/** A packed list of BSATN-encoded rows: the rows back to back, and where each one starts. */
export interface BsatnRowList {
  size_hint: RowSizeHint;
  rows_data: Uint8Array;
}

export const QUERY_SET_ID_TYPE: AlgebraicType = product({ id: U32 });

export const ROW_SIZE_HINT_TYPE: AlgebraicType = sum({ FixedSize: U16, RowOffsets: array(U64) });

export const BSATN_ROW_LIST_TYPE: AlgebraicType = product({ size_hint: ROW_SIZE_HINT_TYPE, rows_data: BYTES });
