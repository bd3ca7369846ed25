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
import { array, BYTES, option, product, STRING, sum, U8, U32, U64, U128, UNIT } from './meta.js';

/**
 * Protocols `v1.bsatn.spacetimedb` and `v1.json.spacetimedb` (crates/client-api-messages/src/websocket/v1.rs).
 * One set of messages, two formats that differ only in how opaque data travels:
 *
 * | | BSATN | JSON |
 * |---|---|---|
 * | reducer/procedure args, a single value | bytes (BSATN) | a string holding JSON text |
 * | a list of rows | `BsatnRowList` | an array of strings, each a row's JSON text |
 * | a table's query update | `CompressableQueryUpdate` (may be brotli/gzip) | `QueryUpdate` as is |
 *
 * The message interfaces take the format (`V1Bsatn` or `V1Json`) as a type parameter; the
 * `V1Bsatn…`/`V1Json…` aliases fix it. Field order is BSATN order; variant order is the BSATN tag.
 */

/** How a format carries opaque data. */
export interface V1Format {
  /** One encoded value: reducer arguments, a procedure's return value. */
  single: Uint8Array | string;
  /** A list of encoded rows. */
  list: BsatnRowList | string[];
  /** The deletes and inserts of one table. */
  queryUpdate: unknown;
}

export interface V1QueryUpdate<List> {
  deletes: List;
  inserts: List;
}

/**
 * BSATN wraps each table's update: `Uncompressed` (0), or the BSATN of a `V1QueryUpdate`
 * compressed with `Brotli` (1) or `Gzip` (2). The real server compresses only large updates.
 */
export type V1CompressableQueryUpdate =
  | { Uncompressed: V1QueryUpdate<BsatnRowList> }
  | { Brotli: Uint8Array }
  | { Gzip: Uint8Array };

export interface V1Bsatn extends V1Format {
  single: Uint8Array;
  list: BsatnRowList;
  queryUpdate: V1CompressableQueryUpdate;
}

export interface V1Json extends V1Format {
  single: string;
  list: string[];
  queryUpdate: V1QueryUpdate<string[]>;
}

// ---------------------------------------------------------------------------------------------
// Client to server.

export interface V1CallReducer<F extends V1Format> {
  reducer: string;
  /** BSATN: the argument product's bytes. JSON: JSON text of the arguments (an array or an object by name). */
  args: F['single'];
  request_id: number;
  /** u8: 0 FullUpdate, 1 NoSuccessNotify (no update for the caller's own call unless its subscribed rows changed). */
  flags: number;
}

/** Replaces every query this client subscribed to with these (legacy). */
export interface V1Subscribe {
  query_strings: string[];
  request_id: number;
}

export interface V1SubscribeSingle {
  query: string;
  request_id: number;
  query_id: QuerySetId;
}

export interface V1SubscribeMulti {
  query_strings: string[];
  request_id: number;
  query_id: QuerySetId;
}

export interface V1Unsubscribe {
  request_id: number;
  query_id: QuerySetId;
}

export interface V1UnsubscribeMulti {
  request_id: number;
  query_id: QuerySetId;
}

export interface V1OneOffQuery {
  /** The client's id for the query, echoed in the response. */
  message_id: Uint8Array;
  query_string: string;
}

export interface V1CallProcedure<F extends V1Format> {
  procedure: string;
  args: F['single'];
  request_id: number;
  /** u8, reserved: 0. */
  flags: number;
}

/**
 * Tags: CallReducer 0, Subscribe 1, OneOffQuery 2, SubscribeSingle 3, SubscribeMulti 4,
 * Unsubscribe 5, UnsubscribeMulti 6, CallProcedure 7.
 */
export type V1ClientMessage<F extends V1Format> =
  | { CallReducer: V1CallReducer<F> }
  | { Subscribe: V1Subscribe }
  | { OneOffQuery: V1OneOffQuery }
  | { SubscribeSingle: V1SubscribeSingle }
  | { SubscribeMulti: V1SubscribeMulti }
  | { Unsubscribe: V1Unsubscribe }
  | { UnsubscribeMulti: V1UnsubscribeMulti }
  | { CallProcedure: V1CallProcedure<F> };

export type V1BsatnClientMessage = V1ClientMessage<V1Bsatn>;
export type V1JsonClientMessage = V1ClientMessage<V1Json>;

// ---------------------------------------------------------------------------------------------
// Server to client.

export interface V1TableUpdate<F extends V1Format> {
  /** u32 */
  table_id: number;
  table_name: string;
  /** u64: the rows in all of `updates`. */
  num_rows: bigint;
  updates: F['queryUpdate'][];
}

export interface V1DatabaseUpdate<F extends V1Format> {
  tables: V1TableUpdate<F>[];
}

/** The answer to the legacy `Subscribe`. */
export interface V1InitialSubscription<F extends V1Format> {
  database_update: V1DatabaseUpdate<F>;
  request_id: number;
  total_host_execution_duration: TimeDuration;
}

export type V1UpdateStatus<F extends V1Format> =
  | { Committed: V1DatabaseUpdate<F> }
  | { Failed: string }
  | { OutOfEnergy: Unit };

export interface V1ReducerCallInfo<F extends V1Format> {
  reducer_name: string;
  /** u32 */
  reducer_id: number;
  args: F['single'];
  request_id: number;
}

export interface V1EnergyQuanta {
  /** u128 */
  quanta: bigint;
}

/** After a reducer runs: to clients whose subscribed rows changed, and to the caller (FullUpdate, or on failure). */
export interface V1TransactionUpdate<F extends V1Format> {
  status: V1UpdateStatus<F>;
  timestamp: Timestamp;
  caller_identity: Identity;
  caller_connection_id: ConnectionId;
  reducer_call: V1ReducerCallInfo<F>;
  energy_quanta_used: V1EnergyQuanta;
  total_host_execution_duration: TimeDuration;
}

/** A TransactionUpdate without the reducer details, for clients that connected with `light=true`. */
export interface V1TransactionUpdateLight<F extends V1Format> {
  request_id: number;
  update: V1DatabaseUpdate<F>;
}

/** The first message on every connection. */
export interface V1IdentityToken {
  identity: Identity;
  token: string;
  connection_id: ConnectionId;
}

export interface V1OneOffTable<F extends V1Format> {
  table_name: string;
  rows: F['list'];
}

export interface V1OneOffQueryResponse<F extends V1Format> {
  message_id: Uint8Array;
  error: Option<string>;
  tables: V1OneOffTable<F>[];
  total_host_execution_duration: TimeDuration;
}

export interface V1SubscribeRows<F extends V1Format> {
  /** u32 */
  table_id: number;
  table_name: string;
  table_rows: V1TableUpdate<F>;
}

/** The answer to SubscribeSingle. */
export interface V1SubscribeApplied<F extends V1Format> {
  request_id: number;
  /** u64 */
  total_host_execution_duration_micros: bigint;
  query_id: QuerySetId;
  rows: V1SubscribeRows<F>;
}

/** The answer to Unsubscribe. */
export interface V1UnsubscribeApplied<F extends V1Format> {
  request_id: number;
  /** u64 */
  total_host_execution_duration_micros: bigint;
  query_id: QuerySetId;
  rows: V1SubscribeRows<F>;
}

export interface V1SubscriptionError {
  /** u64 */
  total_host_execution_duration_micros: bigint;
  /** `none` when the failure came from evaluating a transaction. */
  request_id: Option<number>;
  /** The query id (a bare u32 here, not a `QuerySetId`); `none` for the legacy `Subscribe`. */
  query_id: Option<number>;
  /** u32 */
  table_id: Option<number>;
  error: string;
}

/** The answer to SubscribeMulti. */
export interface V1SubscribeMultiApplied<F extends V1Format> {
  request_id: number;
  /** u64 */
  total_host_execution_duration_micros: bigint;
  query_id: QuerySetId;
  update: V1DatabaseUpdate<F>;
}

/** The answer to UnsubscribeMulti. */
export interface V1UnsubscribeMultiApplied<F extends V1Format> {
  request_id: number;
  /** u64 */
  total_host_execution_duration_micros: bigint;
  query_id: QuerySetId;
  update: V1DatabaseUpdate<F>;
}

export type V1ProcedureStatus<F extends V1Format> =
  | { Returned: F['single'] }
  | { OutOfEnergy: Unit }
  | { InternalError: string };

export interface V1ProcedureResult<F extends V1Format> {
  status: V1ProcedureStatus<F>;
  timestamp: Timestamp;
  total_host_execution_duration: TimeDuration;
  request_id: number;
}

/**
 * Tags: InitialSubscription 0, TransactionUpdate 1, TransactionUpdateLight 2, IdentityToken 3,
 * OneOffQueryResponse 4, SubscribeApplied 5, UnsubscribeApplied 6, SubscriptionError 7,
 * SubscribeMultiApplied 8, UnsubscribeMultiApplied 9, ProcedureResult 10.
 */
export type V1ServerMessage<F extends V1Format> =
  | { InitialSubscription: V1InitialSubscription<F> }
  | { TransactionUpdate: V1TransactionUpdate<F> }
  | { TransactionUpdateLight: V1TransactionUpdateLight<F> }
  | { IdentityToken: V1IdentityToken }
  | { OneOffQueryResponse: V1OneOffQueryResponse<F> }
  | { SubscribeApplied: V1SubscribeApplied<F> }
  | { UnsubscribeApplied: V1UnsubscribeApplied<F> }
  | { SubscriptionError: V1SubscriptionError }
  | { SubscribeMultiApplied: V1SubscribeMultiApplied<F> }
  | { UnsubscribeMultiApplied: V1UnsubscribeMultiApplied<F> }
  | { ProcedureResult: V1ProcedureResult<F> };

export type V1BsatnServerMessage = V1ServerMessage<V1Bsatn>;
export type V1JsonServerMessage = V1ServerMessage<V1Json>;

// ---------------------------------------------------------------------------------------------
// The layouts, as SATS meta-types, for either format.

/** How a format's opaque data looks as SATS. */
interface FormatTypes {
  single: AlgebraicType;
  list: AlgebraicType;
  queryUpdate: AlgebraicType;
}

const BSATN_FORMAT: FormatTypes = {
  single: BYTES,
  list: BSATN_ROW_LIST_TYPE,
  queryUpdate: sum({
    Uncompressed: product({ deletes: BSATN_ROW_LIST_TYPE, inserts: BSATN_ROW_LIST_TYPE }),
    Brotli: BYTES,
    Gzip: BYTES,
  }),
};

// JSON's `ByteString`s are strings: one for a value, one per row.
const JSON_FORMAT: FormatTypes = {
  single: STRING,
  list: array(STRING),
  queryUpdate: product({ deletes: array(STRING), inserts: array(STRING) }),
};

function clientMessageType(format: FormatTypes): AlgebraicType {
  return sum({
    CallReducer: product({ reducer: STRING, args: format.single, request_id: U32, flags: U8 }),
    Subscribe: product({ query_strings: array(STRING), request_id: U32 }),
    OneOffQuery: product({ message_id: BYTES, query_string: STRING }),
    SubscribeSingle: product({ query: STRING, request_id: U32, query_id: QUERY_SET_ID_TYPE }),
    SubscribeMulti: product({ query_strings: array(STRING), request_id: U32, query_id: QUERY_SET_ID_TYPE }),
    Unsubscribe: product({ request_id: U32, query_id: QUERY_SET_ID_TYPE }),
    UnsubscribeMulti: product({ request_id: U32, query_id: QUERY_SET_ID_TYPE }),
    CallProcedure: product({ procedure: STRING, args: format.single, request_id: U32, flags: U8 }),
  });
}

function serverMessageType(format: FormatTypes): AlgebraicType {
  const tableUpdate = product({
    table_id: U32,
    table_name: STRING,
    num_rows: U64,
    updates: array(format.queryUpdate),
  });
  const databaseUpdate = product({ tables: array(tableUpdate) });
  const subscribeRows = product({ table_id: U32, table_name: STRING, table_rows: tableUpdate });
  const multiApplied = product({
    request_id: U32,
    total_host_execution_duration_micros: U64,
    query_id: QUERY_SET_ID_TYPE,
    update: databaseUpdate,
  });
  const singleApplied = product({
    request_id: U32,
    total_host_execution_duration_micros: U64,
    query_id: QUERY_SET_ID_TYPE,
    rows: subscribeRows,
  });
  return sum({
    InitialSubscription: product({
      database_update: databaseUpdate,
      request_id: U32,
      total_host_execution_duration: TIME_DURATION_TYPE,
    }),
    TransactionUpdate: product({
      status: sum({ Committed: databaseUpdate, Failed: STRING, OutOfEnergy: UNIT }),
      timestamp: TIMESTAMP_TYPE,
      caller_identity: IDENTITY_TYPE,
      caller_connection_id: CONNECTION_ID_TYPE,
      reducer_call: product({ reducer_name: STRING, reducer_id: U32, args: format.single, request_id: U32 }),
      energy_quanta_used: product({ quanta: U128 }),
      total_host_execution_duration: TIME_DURATION_TYPE,
    }),
    TransactionUpdateLight: product({ request_id: U32, update: databaseUpdate }),
    IdentityToken: product({ identity: IDENTITY_TYPE, token: STRING, connection_id: CONNECTION_ID_TYPE }),
    OneOffQueryResponse: product({
      message_id: BYTES,
      error: option(STRING),
      tables: array(product({ table_name: STRING, rows: format.list })),
      total_host_execution_duration: TIME_DURATION_TYPE,
    }),
    SubscribeApplied: singleApplied,
    UnsubscribeApplied: singleApplied,
    SubscriptionError: product({
      total_host_execution_duration_micros: U64,
      request_id: option(U32),
      query_id: option(U32),
      table_id: option(U32),
      error: STRING,
    }),
    SubscribeMultiApplied: multiApplied,
    UnsubscribeMultiApplied: multiApplied,
    ProcedureResult: product({
      status: sum({ Returned: format.single, OutOfEnergy: UNIT, InternalError: STRING }),
      timestamp: TIMESTAMP_TYPE,
      total_host_execution_duration: TIME_DURATION_TYPE,
      request_id: U32,
    }),
  });
}

export const V1_BSATN_CLIENT_MESSAGE_TYPE: AlgebraicType = clientMessageType(BSATN_FORMAT);
export const V1_BSATN_SERVER_MESSAGE_TYPE: AlgebraicType = serverMessageType(BSATN_FORMAT);
export const V1_JSON_CLIENT_MESSAGE_TYPE: AlgebraicType = clientMessageType(JSON_FORMAT);
export const V1_JSON_SERVER_MESSAGE_TYPE: AlgebraicType = serverMessageType(JSON_FORMAT);
