import {
  decodeV1BsatnServerMessage,
  decodeV1JsonServerMessage,
  decodeV2ServerMessage,
  encodeV1BsatnClientMessage,
  encodeV1JsonClientMessage,
  encodeV2ClientMessage,
  type V1BsatnClientMessage,
  type V1BsatnServerMessage,
  type V1JsonClientMessage,
  type V1JsonServerMessage,
  type V2ClientMessage,
  type V2ServerMessage,
} from '@dbwire/spacetimedb-sats';
import {
  type ConnectOptions,
  type Frame,
  handshake,
  MESSAGE_TIMEOUT_MS,
  type Subprotocol,
  SubscriptionSocket,
} from './socket.js';

/**
 * The three protocols' messages on the wire, through the sats codecs (`@dbwire/spacetimedb-sats`
 * protocol): server frames (after socket.ts took off the compression byte) decoded into the
 * named-object form of the protocol types (`{ Variant: payload }`), client messages encoded back.
 */

export interface ProtocolMessages {
  'v2.bsatn.spacetimedb': { server: V2ServerMessage; client: V2ClientMessage };
  'v1.bsatn.spacetimedb': { server: V1BsatnServerMessage; client: V1BsatnClientMessage };
  'v1.json.spacetimedb': { server: V1JsonServerMessage; client: V1JsonClientMessage };
}

export type ServerMessageOf<P extends Subprotocol> = ProtocolMessages[P]['server'];
export type ClientMessageOf<P extends Subprotocol> = ProtocolMessages[P]['client'];
export type Socket<P extends Subprotocol> = SubscriptionSocket<ServerMessageOf<P>, ClientMessageOf<P>>;

/** Decodes one server frame of `protocol` (BSATN protocols send binary frames, JSON text ones). */
export function decodeServerFrame<P extends Subprotocol>(protocol: P, frame: Frame): ServerMessageOf<P> {
  const json = protocol === 'v1.json.spacetimedb';
  if (json && frame.binary) throw new Error('a binary frame on a JSON protocol');
  if (!json && !frame.binary) throw new Error('a text frame on a BSATN protocol');
  switch (protocol) {
    case 'v2.bsatn.spacetimedb':
      return decodeV2ServerMessage(frame.payload) as ServerMessageOf<P>;
    case 'v1.bsatn.spacetimedb':
      return decodeV1BsatnServerMessage(frame.payload) as ServerMessageOf<P>;
    default:
      return decodeV1JsonServerMessage(new TextDecoder().decode(frame.payload)) as ServerMessageOf<P>;
  }
}

/** Encodes a client message of `protocol`: BSATN bytes, or SATS-JSON text. */
export function encodeClientMessage<P extends Subprotocol>(
  protocol: P,
  message: ClientMessageOf<P>,
): Uint8Array | string {
  switch (protocol) {
    case 'v2.bsatn.spacetimedb':
      return encodeV2ClientMessage(message as V2ClientMessage);
    case 'v1.bsatn.spacetimedb':
      return encodeV1BsatnClientMessage(message as V1BsatnClientMessage);
    default:
      return encodeV1JsonClientMessage(message as V1JsonClientMessage);
  }
}

/** The variant name of a message in named-object form. */
export function kindOf(message: object): string {
  return Object.keys(message)[0] ?? '';
}

/** A predicate for the messages of one variant (narrowing the type). */
export function variant<Message extends object, K extends string>(kind: K) {
  return (message: Message): message is Extract<Message, Record<K, unknown>> => kind in message;
}

/** The payload of a message known to be of variant `kind`. */
export function payload<Message extends object, K extends string>(
  message: Extract<Message, Record<K, unknown>>,
  kind: K,
): Extract<Message, Record<K, unknown>>[K] {
  return (message as Record<K, never>)[kind];
}

/** The payload type of variant `K` of `Message`. */
export type PayloadOf<Message, K extends string> = Extract<Message, Record<K, unknown>>[K];

/**
 * The payload of the first queued message of variant `kind` that `where` accepts (taken off the
 * queue), waiting up to `timeoutMs`.
 */
export async function nextOf<Message extends object, Client, K extends string>(
  socket: SubscriptionSocket<Message, Client>,
  kind: K,
  where: (payload: PayloadOf<Message, K>) => boolean = () => true,
  timeoutMs?: number,
): Promise<PayloadOf<Message, K>> {
  const message = await socket.next(
    (candidate) => kind in candidate && where((candidate as Record<K, PayloadOf<Message, K>>)[kind]),
    kind,
    timeoutMs,
  );
  return (message as Record<K, PayloadOf<Message, K>>)[kind];
}

/**
 * Opens a subscription socket speaking `protocol` to `database` (offering only it), or fails with
 * the server's refusal.
 */
export async function connect<P extends Subprotocol>(
  baseUrl: string,
  database: string,
  protocol: P,
  options: Omit<ConnectOptions, 'protocols'> & { label?: string } = {},
): Promise<Socket<P>> {
  const result = await handshake(baseUrl, database, { ...options, protocols: [protocol] });
  if (!result.upgraded) {
    throw new Error(`subscribe to ${database} (${protocol}) refused: ${result.status} ${result.text}`);
  }
  if (result.protocol !== protocol) {
    result.socket.terminate();
    throw new Error(`offered only ${protocol}, the server selected '${result.protocol}'`);
  }
  return new SubscriptionSocket<ServerMessageOf<P>, ClientMessageOf<P>>(
    result.socket,
    protocol,
    (frame) => decodeServerFrame(protocol, frame),
    (message) => encodeClientMessage(protocol, message),
    options.label ?? protocol,
    result.early,
  );
}

export { MESSAGE_TIMEOUT_MS };
