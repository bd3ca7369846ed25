import { bsatnCodec, jsonCodec, type MessageCheck } from './codec.js';
import {
  V1_BSATN_CLIENT_MESSAGE_TYPE,
  V1_BSATN_SERVER_MESSAGE_TYPE,
  V1_JSON_CLIENT_MESSAGE_TYPE,
  V1_JSON_SERVER_MESSAGE_TYPE,
  type V1BsatnClientMessage,
  type V1BsatnServerMessage,
  type V1JsonClientMessage,
  type V1JsonServerMessage,
} from './v1.js';
import { V2_CLIENT_MESSAGE_TYPE, V2_SERVER_MESSAGE_TYPE, type V2ClientMessage, type V2ServerMessage } from './v2.js';

/**
 * The encoders and decoders of each protocol's messages. Server frames of the BSATN protocols
 * also carry a compression byte in front (framing.ts); these functions see only the message.
 * Decoders throw `ProtocolDecodeError`; encoders throw `SatsValueError` on a malformed message.
 */

// The product refuses flags it does not know when it reads a call (`invalid call reducer flag`).
const checkV2Flags: MessageCheck<V2ClientMessage> = (message) => {
  if ('CallReducer' in message && message.CallReducer.flags !== 0)
    return `invalid call reducer flag ${message.CallReducer.flags}`;
  if ('CallProcedure' in message && message.CallProcedure.flags !== 0)
    return `invalid call procedure flag ${message.CallProcedure.flags}`;
  return undefined;
};

// v1 reducer calls know FullUpdate (0) and NoSuccessNotify (1).
const checkV1Flags: MessageCheck<V1BsatnClientMessage | V1JsonClientMessage> = (message) => {
  if ('CallReducer' in message && message.CallReducer.flags > 1)
    return `invalid call reducer flag ${message.CallReducer.flags}`;
  if ('CallProcedure' in message && message.CallProcedure.flags !== 0)
    return `invalid call procedure flag ${message.CallProcedure.flags}`;
  return undefined;
};

const v2Client = bsatnCodec<V2ClientMessage>(V2_CLIENT_MESSAGE_TYPE, 'ClientMessage', checkV2Flags);
const v2Server = bsatnCodec<V2ServerMessage>(V2_SERVER_MESSAGE_TYPE, 'ServerMessage');
const v1BsatnClient = bsatnCodec<V1BsatnClientMessage>(V1_BSATN_CLIENT_MESSAGE_TYPE, 'ClientMessage', checkV1Flags);
const v1BsatnServer = bsatnCodec<V1BsatnServerMessage>(V1_BSATN_SERVER_MESSAGE_TYPE, 'ServerMessage');
const v1JsonClient = jsonCodec<V1JsonClientMessage>(V1_JSON_CLIENT_MESSAGE_TYPE, 'ClientMessage', checkV1Flags);
const v1JsonServer = jsonCodec<V1JsonServerMessage>(V1_JSON_SERVER_MESSAGE_TYPE, 'ServerMessage');

// v2.bsatn.spacetimedb (and v3, one message at a time).
export const encodeV2ClientMessage = (message: V2ClientMessage): Uint8Array => v2Client.encode(message);
export const decodeV2ClientMessage = (bytes: Uint8Array): V2ClientMessage => v2Client.decode(bytes);
export const encodeV2ServerMessage = (message: V2ServerMessage): Uint8Array => v2Server.encode(message);
export const decodeV2ServerMessage = (bytes: Uint8Array): V2ServerMessage => v2Server.decode(bytes);

// v3.bsatn.spacetimedb: v2's messages, one or more back to back in a frame.
export const decodeV3ClientMessages = (bytes: Uint8Array): V2ClientMessage[] => v2Client.decodeMany(bytes);
export const decodeV3ServerMessages = (bytes: Uint8Array): V2ServerMessage[] => v2Server.decodeMany(bytes);

// v1.bsatn.spacetimedb
export const encodeV1BsatnClientMessage = (message: V1BsatnClientMessage): Uint8Array => v1BsatnClient.encode(message);
export const decodeV1BsatnClientMessage = (bytes: Uint8Array): V1BsatnClientMessage => v1BsatnClient.decode(bytes);
export const encodeV1BsatnServerMessage = (message: V1BsatnServerMessage): Uint8Array => v1BsatnServer.encode(message);
export const decodeV1BsatnServerMessage = (bytes: Uint8Array): V1BsatnServerMessage => v1BsatnServer.decode(bytes);

// v1.json.spacetimedb (text frames)
export const encodeV1JsonClientMessage = (message: V1JsonClientMessage): string => v1JsonClient.encode(message);
export const decodeV1JsonClientMessage = (text: string): V1JsonClientMessage => v1JsonClient.decode(text);
export const encodeV1JsonServerMessage = (message: V1JsonServerMessage): string => v1JsonServer.encode(message);
export const decodeV1JsonServerMessage = (text: string): V1JsonServerMessage => v1JsonServer.decode(text);
