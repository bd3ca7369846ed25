import {
  encodeRowList,
  type V1Bsatn,
  type V1BsatnClientMessage,
  type V1BsatnServerMessage,
  type V1ClientMessage,
  type V1DatabaseUpdate,
  type V1Format,
  type V1Json,
  type V1JsonClientMessage,
  type V1JsonServerMessage,
  type V1ServerMessage,
  type V2ClientMessage,
  type V2QueryRows,
  type V2ServerMessage,
  type V2TransactionUpdate,
} from '../src/protocol/index.js';

/** One message of every kind of every protocol family, with values that use each field's range. */

const identity = { __identity__: (1n << 255n) + 0x1234n };
const connectionId = { __connection_id__: (1n << 127n) + 99n };
const timestamp = { __timestamp_micros_since_unix_epoch__: 1_750_000_000_123_456n };
const duration = { __time_duration_micros__: 4_321n };

const bytes = (...values: number[]) => Uint8Array.from(values);

// Rows of a `person(id: u32, name: string)` table, as BSATN: variable size, so RowOffsets.
const alice = bytes(1, 0, 0, 0, 5, 0, 0, 0, 97, 108, 105, 99, 101);
const bob = bytes(2, 0, 0, 0, 3, 0, 0, 0, 98, 111, 98);
// Rows of a `point(x: u16)` table: fixed size, so FixedSize.
const points = encodeRowList([bytes(1, 0), bytes(2, 0), bytes(3, 0)]);

const queryRows: V2QueryRows = {
  tables: [
    { table: 'person', rows: encodeRowList([alice, bob]) },
    { table: 'point', rows: points },
    { table: 'empty', rows: encodeRowList([]) },
  ],
};

const transactionUpdate: V2TransactionUpdate = {
  query_sets: [
    {
      query_set_id: { id: 7 },
      tables: [
        {
          table_name: 'person',
          rows: [
            { PersistentTable: { inserts: encodeRowList([bob]), deletes: encodeRowList([alice]) } },
            { EventTable: { events: points } },
          ],
        },
      ],
    },
  ],
};

export const V2_CLIENT_SAMPLES: V2ClientMessage[] = [
  {
    Subscribe: {
      request_id: 1,
      query_set_id: { id: 7 },
      query_strings: ['SELECT * FROM "person"', 'SELECT * FROM point WHERE x > 1'],
    },
  },
  { Unsubscribe: { request_id: 2, query_set_id: { id: 7 }, flags: { Default: [] } } },
  { Unsubscribe: { request_id: 0xffff_ffff, query_set_id: { id: 0 }, flags: { SendDroppedRows: [] } } },
  { OneOffQuery: { request_id: 3, query_string: 'SELECT * FROM person' } },
  { CallReducer: { request_id: 4, flags: 0, reducer: 'add', args: bytes(5, 0, 0, 0, 97, 108, 105, 99, 101) } },
  { CallProcedure: { request_id: 5, flags: 0, procedure: 'fetch_ü', args: bytes() } },
];

export const V2_SERVER_SAMPLES: V2ServerMessage[] = [
  { InitialConnection: { identity, connection_id: connectionId, token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' } },
  { SubscribeApplied: { request_id: 1, query_set_id: { id: 7 }, rows: queryRows } },
  { UnsubscribeApplied: { request_id: 2, query_set_id: { id: 7 }, rows: { none: [] } } },
  { UnsubscribeApplied: { request_id: 2, query_set_id: { id: 7 }, rows: { some: queryRows } } },
  { SubscriptionError: { request_id: { some: 1 }, query_set_id: { id: 7 }, error: 'no such table: `persons`' } },
  { SubscriptionError: { request_id: { none: [] }, query_set_id: { id: 8 }, error: 'evaluation failed' } },
  { TransactionUpdate: transactionUpdate },
  { OneOffQueryResult: { request_id: 3, result: { ok: queryRows } } },
  { OneOffQueryResult: { request_id: 3, result: { err: 'syntax error' } } },
  {
    ReducerResult: {
      request_id: 4,
      timestamp,
      result: { Ok: { ret_value: bytes(), transaction_update: transactionUpdate } },
    },
  },
  { ReducerResult: { request_id: 4, timestamp, result: { OkEmpty: [] } } },
  { ReducerResult: { request_id: 4, timestamp, result: { Err: bytes(4, 0, 0, 0, 110, 111, 112, 101) } } },
  { ReducerResult: { request_id: 4, timestamp, result: { InternalError: 'the reducer panicked' } } },
  {
    ProcedureResult: {
      status: { Returned: bytes(1, 2, 3) },
      timestamp,
      total_host_execution_duration: duration,
      request_id: 5,
    },
  },
  {
    ProcedureResult: {
      status: { InternalError: 'no such procedure' },
      timestamp,
      total_host_execution_duration: duration,
      request_id: 6,
    },
  },
];

function v1ClientSamples<F extends V1Format>(args: F['single']): V1ClientMessage<F>[] {
  return [
    { CallReducer: { reducer: 'add', args, request_id: 1, flags: 0 } },
    { CallReducer: { reducer: 'add', args, request_id: 2, flags: 1 } },
    { Subscribe: { query_strings: ['SELECT * FROM person'], request_id: 3 } },
    { OneOffQuery: { message_id: bytes(0xde, 0xad, 0xbe, 0xef), query_string: 'SELECT * FROM person' } },
    { SubscribeSingle: { query: 'SELECT * FROM person', request_id: 4, query_id: { id: 1 } } },
    { SubscribeMulti: { query_strings: ['SELECT * FROM a', 'SELECT * FROM b'], request_id: 5, query_id: { id: 2 } } },
    { Unsubscribe: { request_id: 6, query_id: { id: 1 } } },
    { UnsubscribeMulti: { request_id: 7, query_id: { id: 2 } } },
    { CallProcedure: { procedure: 'fetch', args, request_id: 8, flags: 0 } },
  ];
}

export const V1_BSATN_CLIENT_SAMPLES: V1BsatnClientMessage[] = v1ClientSamples<V1Bsatn>(
  bytes(5, 0, 0, 0, 97, 108, 105, 99, 101),
);
export const V1_JSON_CLIENT_SAMPLES: V1JsonClientMessage[] = v1ClientSamples<V1Json>('["alice"]');

function v1ServerSamples<F extends V1Format>(format: {
  single: F['single'];
  list: F['list'];
  queryUpdates: F['queryUpdate'][];
}): V1ServerMessage<F>[] {
  const tableUpdate = { table_id: 4096, table_name: 'person', num_rows: 2n, updates: format.queryUpdates };
  const update: V1DatabaseUpdate<F> = { tables: [tableUpdate] };
  const subscribeRows = { table_id: 4096, table_name: 'person', table_rows: tableUpdate };
  const transaction = (status: unknown) => ({
    TransactionUpdate: {
      status,
      timestamp,
      caller_identity: identity,
      caller_connection_id: connectionId,
      reducer_call: { reducer_name: 'add', reducer_id: 3, args: format.single, request_id: 1 },
      energy_quanta_used: { quanta: (1n << 100n) + 1n },
      total_host_execution_duration: duration,
    },
  });
  const applied = { request_id: 4, total_host_execution_duration_micros: 77n, query_id: { id: 1 } };
  const messages = [
    { InitialSubscription: { database_update: update, request_id: 3, total_host_execution_duration: duration } },
    transaction({ Committed: update }),
    transaction({ Failed: 'the reducer panicked' }),
    transaction({ OutOfEnergy: [] }),
    { TransactionUpdateLight: { request_id: 1, update } },
    { IdentityToken: { identity, token: 'eyJ0.e30.sig', connection_id: connectionId } },
    {
      OneOffQueryResponse: {
        message_id: bytes(0xde, 0xad),
        error: { none: [] },
        tables: [{ table_name: 'person', rows: format.list }],
        total_host_execution_duration: duration,
      },
    },
    {
      OneOffQueryResponse: {
        message_id: bytes(),
        error: { some: 'syntax error' },
        tables: [],
        total_host_execution_duration: duration,
      },
    },
    { SubscribeApplied: { ...applied, rows: subscribeRows } },
    { UnsubscribeApplied: { ...applied, rows: subscribeRows } },
    {
      SubscriptionError: {
        total_host_execution_duration_micros: 5n,
        request_id: { some: 4 },
        query_id: { some: 1 },
        table_id: { none: [] },
        error: 'no such table',
      },
    },
    { SubscribeMultiApplied: { ...applied, update } },
    { UnsubscribeMultiApplied: { ...applied, update } },
    {
      ProcedureResult: {
        status: { Returned: format.single },
        timestamp,
        total_host_execution_duration: duration,
        request_id: 8,
      },
    },
    {
      ProcedureResult: {
        status: { OutOfEnergy: [] },
        timestamp,
        total_host_execution_duration: duration,
        request_id: 8,
      },
    },
  ];
  return messages as V1ServerMessage<F>[];
}

export const V1_BSATN_SERVER_SAMPLES: V1BsatnServerMessage[] = v1ServerSamples<V1Bsatn>({
  single: bytes(5, 0, 0, 0, 97, 108, 105, 99, 101),
  list: encodeRowList([alice, bob]),
  queryUpdates: [
    { Uncompressed: { deletes: encodeRowList([alice]), inserts: encodeRowList([bob]) } },
    { Gzip: bytes(0x1f, 0x8b, 8, 0) },
    { Brotli: bytes(0x0b, 0x02) },
  ],
});

export const V1_JSON_SERVER_SAMPLES: V1JsonServerMessage[] = v1ServerSamples<V1Json>({
  single: '["alice"]',
  list: ['[1,"alice"]', '[2,"bob"]'],
  queryUpdates: [{ deletes: ['[1,"alice"]'], inserts: ['[2,"bob"]', '[3,"carol \\"c\\""]'] }],
});
