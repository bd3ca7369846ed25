import { CONNECTION_ID_TYPE, IDENTITY_TYPE, TIME_DURATION_TYPE, TIMESTAMP_TYPE } from '../identity.js';
import type { AlgebraicType, Option } from '../types.js';
import {
  BSATN_ROW_LIST_TYPE,
  type BsatnRowList,
  type ConnectionId,
  type Identity,
  QUERY_SET_ID_TYPE,
  type QuerySetId,
  type TimeDuration,
  type Timestamp,
  type Unit,
} from './common.js';
import { array, BYTES, option, product, result, STRING, sum, U8, U32, UNIT } from './meta.js';

/**
 * Protocol `v2.bsatn.spacetimedb` (crates/client-api-messages/src/websocket/v2.rs), the one the
 * `spacetimedb` npm client 2.x speaks. BSATN only. `v3.bsatn.spacetimedb` uses the same messages,
 * several back to back in one frame. Field order is BSATN order; variant order is the BSATN tag.
 */

// ---------------------------------------------------------------------------------------------
// Client to server.

export interface V2Subscribe {
  request_id: number;
  query_set_id: QuerySetId;
  /** SQL `SELECT`s. */
  query_strings: string[];
}

/** `SendDroppedRows` asks for the rows to drop in `UnsubscribeApplied.rows`. */
export type V2UnsubscribeFlags = { Default: Unit } | { SendDroppedRows: Unit };

export interface V2Unsubscribe {
  request_id: number;
  query_set_id: QuerySetId;
  flags: V2UnsubscribeFlags;
}

export interface V2OneOffQuery {
  request_id: number;
  query_string: string;
}

export interface V2CallReducer {
  request_id: number;
  /** u8, reserved: 0. */
  flags: number;
  reducer: string;
  /** The BSATN of the reducer's argument product. */
  args: Uint8Array;
}

export interface V2CallProcedure {
  request_id: number;
  /** u8, reserved: 0. */
  flags: number;
  procedure: string;
  /** The BSATN of the procedure's argument product. */
  args: Uint8Array;
}

/** Tags: Subscribe 0, Unsubscribe 1, OneOffQuery 2, CallReducer 3, CallProcedure 4. */
export type V2ClientMessage =
  | { Subscribe: V2Subscribe }
  | { Unsubscribe: V2Unsubscribe }
  | { OneOffQuery: V2OneOffQuery }
  | { CallReducer: V2CallReducer }
  | { CallProcedure: V2CallProcedure };

// ---------------------------------------------------------------------------------------------
// Server to client.

/** The first message on every connection. */
export interface V2InitialConnection {
  identity: Identity;
  connection_id: ConnectionId;
  token: string;
}

/** The rows one table holds for a query, in BSATN. */
export interface V2SingleTableRows {
  table: string;
  rows: BsatnRowList;
}

export interface V2QueryRows {
  tables: V2SingleTableRows[];
}

export interface V2SubscribeApplied {
  request_id: number;
  query_set_id: QuerySetId;
  rows: V2QueryRows;
}

export interface V2UnsubscribeApplied {
  request_id: number;
  query_set_id: QuerySetId;
  /** Only with `SendDroppedRows`. */
  rows: Option<V2QueryRows>;
}

export interface V2SubscriptionError {
  /** `none` when the query set failed later, while evaluating a transaction. */
  request_id: Option<number>;
  query_set_id: QuerySetId;
  error: string;
}

export interface V2PersistentTableRows {
  inserts: BsatnRowList;
  deletes: BsatnRowList;
}

export interface V2EventTableRows {
  events: BsatnRowList;
}

export type V2TableUpdateRows = { PersistentTable: V2PersistentTableRows } | { EventTable: V2EventTableRows };

export interface V2TableUpdate {
  table_name: string;
  rows: V2TableUpdateRows[];
}

export interface V2QuerySetUpdate {
  query_set_id: QuerySetId;
  tables: V2TableUpdate[];
}

/** Only the query sets the transaction touched; never sent empty. */
export interface V2TransactionUpdate {
  query_sets: V2QuerySetUpdate[];
}

export interface V2OneOffQueryResult {
  request_id: number;
  result: { ok: V2QueryRows } | { err: string };
}

export interface V2ReducerOk {
  /** The BSATN of the reducer's return value (empty for a reducer without one). */
  ret_value: Uint8Array;
  transaction_update: V2TransactionUpdate;
}

/**
 * Tags: Ok 0, OkEmpty 1 (committed, no return value and no query set touched), Err 2 (the BSATN
 * of the reducer's error value; a string for reducers that return `Result<(), String>`),
 * InternalError 3 (a panic or a host failure).
 */
export type V2ReducerOutcome =
  | { Ok: V2ReducerOk }
  | { OkEmpty: Unit }
  | { Err: Uint8Array }
  | { InternalError: string };

/** The answer to the caller's CallReducer. */
export interface V2ReducerResult {
  request_id: number;
  timestamp: Timestamp;
  result: V2ReducerOutcome;
}

export type V2ProcedureStatus = { Returned: Uint8Array } | { InternalError: string };

export interface V2ProcedureResult {
  status: V2ProcedureStatus;
  timestamp: Timestamp;
  total_host_execution_duration: TimeDuration;
  request_id: number;
}

/**
 * Tags: InitialConnection 0, SubscribeApplied 1, UnsubscribeApplied 2, SubscriptionError 3,
 * TransactionUpdate 4, OneOffQueryResult 5, ReducerResult 6, ProcedureResult 7.
 */
export type V2ServerMessage =
  | { InitialConnection: V2InitialConnection }
  | { SubscribeApplied: V2SubscribeApplied }
  | { UnsubscribeApplied: V2UnsubscribeApplied }
  | { SubscriptionError: V2SubscriptionError }
  | { TransactionUpdate: V2TransactionUpdate }
  | { OneOffQueryResult: V2OneOffQueryResult }
  | { ReducerResult: V2ReducerResult }
  | { ProcedureResult: V2ProcedureResult };

// ---------------------------------------------------------------------------------------------
// The layouts, as SATS meta-types.

const QUERY_ROWS: AlgebraicType = product({
  tables: array(product({ table: STRING, rows: BSATN_ROW_LIST_TYPE })),
});

const TRANSACTION_UPDATE: AlgebraicType = product({
  query_sets: array(
    product({
      query_set_id: QUERY_SET_ID_TYPE,
      tables: array(
        product({
          table_name: STRING,
          rows: array(
            sum({
              PersistentTable: product({ inserts: BSATN_ROW_LIST_TYPE, deletes: BSATN_ROW_LIST_TYPE }),
              EventTable: product({ events: BSATN_ROW_LIST_TYPE }),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const V2_CLIENT_MESSAGE_TYPE: AlgebraicType = sum({
  Subscribe: product({ request_id: U32, query_set_id: QUERY_SET_ID_TYPE, query_strings: array(STRING) }),
  Unsubscribe: product({
    request_id: U32,
    query_set_id: QUERY_SET_ID_TYPE,
    flags: sum({ Default: UNIT, SendDroppedRows: UNIT }),
  }),
  OneOffQuery: product({ request_id: U32, query_string: STRING }),
  CallReducer: product({ request_id: U32, flags: U8, reducer: STRING, args: BYTES }),
  CallProcedure: product({ request_id: U32, flags: U8, procedure: STRING, args: BYTES }),
});

export const V2_SERVER_MESSAGE_TYPE: AlgebraicType = sum({
  InitialConnection: product({ identity: IDENTITY_TYPE, connection_id: CONNECTION_ID_TYPE, token: STRING }),
  SubscribeApplied: product({ request_id: U32, query_set_id: QUERY_SET_ID_TYPE, rows: QUERY_ROWS }),
  UnsubscribeApplied: product({ request_id: U32, query_set_id: QUERY_SET_ID_TYPE, rows: option(QUERY_ROWS) }),
  SubscriptionError: product({ request_id: option(U32), query_set_id: QUERY_SET_ID_TYPE, error: STRING }),
  TransactionUpdate: TRANSACTION_UPDATE,
  OneOffQueryResult: product({ request_id: U32, result: result(QUERY_ROWS, STRING) }),
  ReducerResult: product({
    request_id: U32,
    timestamp: TIMESTAMP_TYPE,
    result: sum({
      Ok: product({ ret_value: BYTES, transaction_update: TRANSACTION_UPDATE }),
      OkEmpty: UNIT,
      Err: BYTES,
      InternalError: STRING,
    }),
  }),
  ProcedureResult: product({
    status: sum({ Returned: BYTES, InternalError: STRING }),
    timestamp: TIMESTAMP_TYPE,
    total_host_execution_duration: TIME_DURATION_TYPE,
    request_id: U32,
  }),
});
