import { describe, expect, test } from 'vitest';
import {
  clipReason,
  decodeV1BsatnClientMessage,
  decodeV1BsatnServerMessage,
  decodeV1JsonClientMessage,
  decodeV2ClientMessage,
  decodeV2ServerMessage,
  encodeV1BsatnClientMessage,
  encodeV1BsatnServerMessage,
  encodeV1JsonClientMessage,
  encodeV2ClientMessage,
  encodeV2ServerMessage,
  frameServerMessage,
  MAX_REASON_BYTES,
  ProtocolDecodeError,
  SERVER_COMPRESSION_GZIP,
  SERVER_COMPRESSION_NONE,
  unframeServerMessage,
} from '../src/protocol/index.js';
import {
  V1_BSATN_CLIENT_SAMPLES,
  V1_BSATN_SERVER_SAMPLES,
  V1_JSON_CLIENT_SAMPLES,
  V2_CLIENT_SAMPLES,
  V2_SERVER_SAMPLES,
} from './protocol-samples.js';

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The ProtocolDecodeError `run` throws; fails on any other outcome. */
function decodeError(run: () => unknown): ProtocolDecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    const message = (error as ProtocolDecodeError).message;
    expect(utf8Length(message)).toBeLessThanOrEqual(MAX_REASON_BYTES);
    return error as ProtocolDecodeError;
  }
  throw new Error('expected a ProtocolDecodeError, but the input decoded');
}

const binaryFamilies = [
  ['v2 ClientMessage', V2_CLIENT_SAMPLES.map((m) => encodeV2ClientMessage(m)), decodeV2ClientMessage],
  ['v2 ServerMessage', V2_SERVER_SAMPLES.map((m) => encodeV2ServerMessage(m)), decodeV2ServerMessage],
  ['v1 ClientMessage', V1_BSATN_CLIENT_SAMPLES.map((m) => encodeV1BsatnClientMessage(m)), decodeV1BsatnClientMessage],
  ['v1 ServerMessage', V1_BSATN_SERVER_SAMPLES.map((m) => encodeV1BsatnServerMessage(m)), decodeV1BsatnServerMessage],
] as const;

describe.each(binaryFamilies)('%s decoding refuses bad frames', (_name, frames, decode) => {
  test('an empty frame', () => {
    expect(decodeError(() => decode(new Uint8Array())).message).toMatch(/^empty /);
  });

  test('an unknown tag', () => {
    expect(decodeError(() => decode(Uint8Array.of(200, 0, 0, 0))).message).toMatch(/^unknown tag 200 of \w+Message/);
  });

  test('every truncation of every sample', () => {
    for (const frame of frames) {
      for (let length = 1; length < frame.length; length++) decodeError(() => decode(frame.subarray(0, length)));
    }
  });

  test('trailing bytes', () => {
    for (const frame of frames) {
      expect(decodeError(() => decode(Uint8Array.from([...frame, 0, 0]))).message).toMatch(/^2 trailing bytes after /);
    }
  });

  test('garbage, including huge lengths and counts, fails fast with a decode error', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed >> 16;
    };
    for (let round = 0; round < 500; round++) {
      const garbage = Uint8Array.from({ length: 1 + (random() % 64) }, () => random() & 0xff);
      try {
        decode(garbage);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolDecodeError);
      }
    }
    // Tag 0 (Subscribe / CallReducer / InitialConnection / InitialSubscription), then 0xffffffff lengths.
    decodeError(() => decode(Uint8Array.of(0, ...new Array(40).fill(0xff))));
  });
});

describe('semantic checks the product makes when it reads a call', () => {
  test('v2 reducer flags other than 0 are refused', () => {
    const frame = encodeV2ClientMessage({
      CallReducer: { request_id: 1, flags: 1, reducer: 'add', args: new Uint8Array() },
    });
    expect(decodeError(() => decodeV2ClientMessage(frame)).message).toBe(
      'bad ClientMessage CallReducer: invalid call reducer flag 1',
    );
  });

  test('v1 reducer flags 0 and 1 are accepted, 2 is refused', () => {
    const call = (flags: number) => ({ CallReducer: { reducer: 'add', args: new Uint8Array(), request_id: 1, flags } });
    expect(decodeV1BsatnClientMessage(encodeV1BsatnClientMessage(call(1)))).toEqual(call(1));
    decodeError(() => decodeV1BsatnClientMessage(encodeV1BsatnClientMessage(call(2))));
  });
});

describe('v1 JSON decoding refuses bad frames', () => {
  test.each([
    ['not JSON', 'SELECT *', /^bad JSON in ClientMessage/],
    ['a JSON array', '[]', /must be a JSON object/],
    ['two variants', '{"Subscribe":{},"Unsubscribe":{}}', /exactly one variant, got 2/],
    ['an unknown variant', '{"Frobnicate":{}}', /^unknown variant "Frobnicate" of ClientMessage$/],
    ['a tag out of range', '{"9":{}}', /^unknown variant "9"/],
    ['a wrong field type', '{"Unsubscribe":{"request_id":"x","query_id":{"id":1}}}', /Unsubscribe.*request_id/],
    ['a missing field', '{"Unsubscribe":{"request_id":1}}', /missing field "query_id"/],
    ['an unknown field', '{"Unsubscribe":{"request_id":1,"query_id":{"id":1},"extra":1}}', /unknown field "extra"/],
    ['args that are not a string', '{"CallReducer":{"reducer":"a","args":["x"],"request_id":1,"flags":0}}', /args/],
    [
      'bad flags',
      '{"CallReducer":{"reducer":"a","args":"[]","request_id":1,"flags":5}}',
      /invalid call reducer flag 5/,
    ],
    ['deep nesting', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, /^bad JSON/],
    ['a huge integer', `{"Unsubscribe":{"request_id":${'9'.repeat(5000)},"query_id":{"id":1}}}`, /^bad JSON/],
  ])('%s', (_name, text, reason) => {
    expect(decodeError(() => decodeV1JsonClientMessage(text)).message).toMatch(reason);
  });

  test('a variant may also be given by its tag, as the product reads it', () => {
    expect(decodeV1JsonClientMessage('{"5":{"request_id":1,"query_id":{"id":2}}}')).toEqual({
      Unsubscribe: { request_id: 1, query_id: { id: 2 } },
    });
  });

  test('every sample survives a trip, and long echoed input is clipped', () => {
    for (const message of V1_JSON_CLIENT_SAMPLES) {
      expect(decodeV1JsonClientMessage(encodeV1JsonClientMessage(message))).toEqual(message);
    }
    const error = decodeError(() => decodeV1JsonClientMessage(`{"${'é'.repeat(500)}":{}}`));
    expect(error.message.endsWith('…')).toBe(true);
  });
});

describe('server frame compression byte', () => {
  test('frames and unframes', () => {
    const body = encodeV2ServerMessage(V2_SERVER_SAMPLES[0] as never);
    const frame = frameServerMessage(body);
    expect(frame[0]).toBe(SERVER_COMPRESSION_NONE);
    expect(unframeServerMessage(frame)).toEqual({ tag: SERVER_COMPRESSION_NONE, body });
    expect(unframeServerMessage(frameServerMessage(Uint8Array.of(1, 2), SERVER_COMPRESSION_GZIP))).toEqual({
      tag: SERVER_COMPRESSION_GZIP,
      body: Uint8Array.of(1, 2),
    });
  });

  test('refuses an empty frame and an unknown compression byte', () => {
    expect(decodeError(() => unframeServerMessage(new Uint8Array())).message).toMatch(/empty server frame/);
    expect(decodeError(() => unframeServerMessage(Uint8Array.of(3, 0))).message).toMatch(/compression byte 3/);
  });

  test('clipReason keeps reasons within a close frame', () => {
    expect(clipReason('short')).toBe('short');
    const clipped = clipReason('€'.repeat(100));
    expect(utf8Length(clipped)).toBeLessThanOrEqual(MAX_REASON_BYTES);
    expect(clipped.endsWith('…')).toBe(true);
  });
});
