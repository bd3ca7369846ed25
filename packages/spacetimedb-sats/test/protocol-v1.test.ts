import { describe, expect, test } from 'vitest';
import {
  decodeV1BsatnClientMessage,
  decodeV1BsatnServerMessage,
  decodeV1JsonClientMessage,
  decodeV1JsonServerMessage,
  encodeV1BsatnClientMessage,
  encodeV1BsatnServerMessage,
  encodeV1JsonClientMessage,
  encodeV1JsonServerMessage,
  type V1JsonServerMessage,
} from '../src/protocol/index.js';
import {
  V1_BSATN_CLIENT_SAMPLES,
  V1_BSATN_SERVER_SAMPLES,
  V1_JSON_CLIENT_SAMPLES,
  V1_JSON_SERVER_SAMPLES,
} from './protocol-samples.js';

const variantOf = (message: object) => Object.keys(message)[0] as string;
const named = <T extends object>(samples: T[]) => samples.map((message) => [variantOf(message), message] as const);

/** Little-endian bytes of an unsigned integer `width` bytes wide. */
function le(value: bigint, width: number): number[] {
  return Array.from({ length: width }, (_, index) => Number((value >> BigInt(8 * index)) & 0xffn));
}
const str = (text: string) => [...le(BigInt(text.length), 4), ...new TextEncoder().encode(text)];

describe('v1.bsatn.spacetimedb', () => {
  test.each(named(V1_BSATN_CLIENT_SAMPLES))('ClientMessage %s round-trips', (_name, message) => {
    expect(decodeV1BsatnClientMessage(encodeV1BsatnClientMessage(message))).toEqual(message);
  });

  test.each(named(V1_BSATN_SERVER_SAMPLES))('ServerMessage %s round-trips', (_name, message) => {
    expect(decodeV1BsatnServerMessage(encodeV1BsatnServerMessage(message))).toEqual(message);
  });

  test('tags are the variant order of the Rust enums', () => {
    expect(V1_BSATN_CLIENT_SAMPLES.map((message) => encodeV1BsatnClientMessage(message)[0])).toEqual([
      0, 0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(V1_BSATN_SERVER_SAMPLES.map((message) => encodeV1BsatnServerMessage(message)[0])).toEqual([
      0, 1, 1, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 10,
    ]);
  });

  // The layouts below are written out from the Rust declarations (websocket/v1.rs), field by field.
  test('CallReducer is reducer, args, request_id, flags', () => {
    const bytes = encodeV1BsatnClientMessage({
      CallReducer: { reducer: 'add', args: Uint8Array.of(9, 8), request_id: 0x01020304, flags: 1 },
    });
    expect([...bytes]).toEqual([0, ...str('add'), 2, 0, 0, 0, 9, 8, 4, 3, 2, 1, 1]);
  });

  test('IdentityToken is identity (u256), token, connection_id (u128), little-endian', () => {
    const identity = 0xc200_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_00abn;
    const connectionId = 0x1122_3344_5566_7788_99aa_bbcc_ddee_ff00n;
    const bytes = encodeV1BsatnServerMessage({
      IdentityToken: {
        identity: { __identity__: identity },
        token: 'tok',
        connection_id: { __connection_id__: connectionId },
      },
    });
    expect([...bytes]).toEqual([3, ...le(identity, 32), ...str('tok'), ...le(connectionId, 16)]);
  });

  test('a table update in a TransactionUpdate is wrapped as CompressableQueryUpdate::Uncompressed (tag 0)', () => {
    const bytes = encodeV1BsatnServerMessage({
      TransactionUpdateLight: {
        request_id: 1,
        update: {
          tables: [
            {
              table_id: 4096,
              table_name: 't',
              num_rows: 1n,
              updates: [
                {
                  Uncompressed: {
                    deletes: { size_hint: { RowOffsets: [] }, rows_data: new Uint8Array() },
                    inserts: { size_hint: { FixedSize: 1 }, rows_data: Uint8Array.of(7) },
                  },
                },
              ],
            },
          ],
        },
      },
    });
    expect([...bytes]).toEqual([
      2, // TransactionUpdateLight
      ...le(1n, 4), // request_id
      ...le(1n, 4), // one table
      ...le(4096n, 4), // table_id
      ...str('t'),
      ...le(1n, 8), // num_rows
      ...le(1n, 4), // one update
      0, // Uncompressed
      1,
      ...le(0n, 4),
      ...le(0n, 4), // deletes: RowOffsets [], no data
      0,
      ...le(1n, 2),
      ...le(1n, 4),
      7, // inserts: FixedSize 1, one byte
    ]);
  });
});

describe('v1.json.spacetimedb', () => {
  test.each(named(V1_JSON_CLIENT_SAMPLES))('ClientMessage %s round-trips', (_name, message) => {
    expect(decodeV1JsonClientMessage(encodeV1JsonClientMessage(message))).toEqual(message);
  });

  test.each(named(V1_JSON_SERVER_SAMPLES))('ServerMessage %s round-trips', (_name, message) => {
    expect(decodeV1JsonServerMessage(encodeV1JsonServerMessage(message))).toEqual(message);
  });

  test('reads a Subscribe as the product CLI writes it', () => {
    expect(
      decodeV1JsonClientMessage('{"Subscribe":{"query_strings":["SELECT * FROM person"],"request_id":0}}'),
    ).toEqual({ Subscribe: { query_strings: ['SELECT * FROM person'], request_id: 0 } });
  });

  test('reducer arguments are JSON text inside a JSON string; message ids are hex', () => {
    const message = decodeV1JsonClientMessage(
      '{"CallReducer":{"reducer":"add","args":"[\\"alice\\", 42]","request_id":7,"flags":0}}',
    );
    expect(message).toEqual({ CallReducer: { reducer: 'add', args: '["alice", 42]', request_id: 7, flags: 0 } });
    expect(decodeV1JsonClientMessage('{"OneOffQuery":{"message_id":"beef","query_string":"SELECT 1"}}')).toEqual({
      OneOffQuery: { message_id: Uint8Array.of(0xbe, 0xef), query_string: 'SELECT 1' },
    });
  });

  test('writes a TransactionUpdate as the product serde adapter does', () => {
    const message: V1JsonServerMessage = {
      TransactionUpdate: {
        status: {
          Committed: {
            tables: [
              {
                table_id: 4096,
                table_name: 'person',
                num_rows: 1n,
                updates: [{ deletes: [], inserts: ['[1,"alice"]'] }],
              },
            ],
          },
        },
        timestamp: { __timestamp_micros_since_unix_epoch__: 1_750_000_000_000_000n },
        caller_identity: { __identity__: 0xabn },
        caller_connection_id: { __connection_id__: (1n << 127n) + 1n },
        reducer_call: { reducer_name: 'add', reducer_id: 2, args: '["alice"]', request_id: 9 },
        energy_quanta_used: { quanta: 0n },
        total_host_execution_duration: { __time_duration_micros__: 15n },
      },
    };
    expect(encodeV1JsonServerMessage(message)).toBe(
      '{"TransactionUpdate":{"status":{"Committed":{"tables":[{"table_id":4096,"table_name":"person","num_rows":1,' +
        '"updates":[{"deletes":[],"inserts":["[1,\\"alice\\"]"]}]}]}},' +
        '"timestamp":{"__timestamp_micros_since_unix_epoch__":1750000000000000},' +
        '"caller_identity":{"__identity__":"0xab"},' +
        '"caller_connection_id":{"__connection_id__":170141183460469231731687303715884105729},' +
        '"reducer_call":{"reducer_name":"add","reducer_id":2,"args":"[\\"alice\\"]","request_id":9},' +
        '"energy_quanta_used":{"quanta":0},"total_host_execution_duration":{"__time_duration_micros__":15}}}',
    );
  });

  test('unit payloads are written [] and options as some/none', () => {
    const text = encodeV1JsonServerMessage(V1_JSON_SERVER_SAMPLES[3] as V1JsonServerMessage);
    expect(text).toContain('"status":{"OutOfEnergy":[]}');
    const error = encodeV1JsonServerMessage({
      SubscriptionError: {
        total_host_execution_duration_micros: 1n,
        request_id: { some: 4 },
        query_id: { none: [] },
        table_id: { none: [] },
        error: 'e',
      },
    });
    expect(error).toBe(
      '{"SubscriptionError":{"total_host_execution_duration_micros":1,"request_id":{"some":4},' +
        '"query_id":{"none":[]},"table_id":{"none":[]},"error":"e"}}',
    );
  });
});
