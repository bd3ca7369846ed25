import { parseJson, stringifyJson } from '@dbwire/json';

// Its own v1 JSON wire types rather than @dbwire/spacetimedb-sats/protocol (the server-side codec): browser bundle size.

/**
 * The `v1.json.spacetimedb` WebSocket protocol, as the client sees it: text frames holding typed
 * SATS-JSON (a struct is an object keyed by field name, an enum a one-key object `{"Variant": value}`,
 * an `Option` `{"some": x}` or `{"none": []}`). Rows and reducer arguments are JSON text inside JSON
 * strings, in untyped SATS-JSON (a row is an array of its column values).
 *
 * Only the messages this client sends or reads are typed here: it subscribes with `SubscribeMulti`
 * (one query id per subscription), so `Subscribe`/`SubscribeSingle` and their answers
 * (`InitialSubscription`, `SubscribeApplied`) never come; `TransactionUpdateLight` needs `light=true`,
 * which it never asks for.
 */

/** The subprotocol this client speaks. */
export const JSON_PROTOCOL = 'v1.json.spacetimedb';

/** 64- and 128-bit integers arrive as `bigint` beyond 2^53 (the messages are parsed losslessly). */
export type WireInteger = number | bigint;

export type WireOption<T> = { some: T } | { none: [] };

export interface WireQueryId {
  id: number;
}

export type ClientMessage =
  | { SubscribeMulti: { query_strings: string[]; request_id: number; query_id: WireQueryId } }
  | { UnsubscribeMulti: { request_id: number; query_id: WireQueryId } }
  /** `args`: the arguments as SATS-JSON text; `flags` 0 (`FullUpdate`): the caller always hears back. */
  | { CallReducer: { reducer: string; args: string; request_id: number; flags: 0 } }
  /** `message_id`: bytes, written as hex. */
  | { OneOffQuery: { message_id: string; query_string: string } };

/** A table's changes: each entry of `updates` is one query's; rows are JSON text. */
export interface WireTableUpdate {
  table_id: number;
  table_name: string;
  num_rows: WireInteger;
  updates: { deletes: string[]; inserts: string[] }[];
}

export interface WireDatabaseUpdate {
  tables: WireTableUpdate[];
}

export interface WireIdentity {
  __identity__: string | WireInteger;
}

export interface WireConnectionId {
  __connection_id__: string | WireInteger;
}

export interface IdentityTokenMessage {
  identity: WireIdentity;
  token: string;
  connection_id: WireConnectionId;
}

export interface SubscribeMultiAppliedMessage {
  request_id: number;
  total_host_execution_duration_micros: WireInteger;
  query_id: WireQueryId;
  update: WireDatabaseUpdate;
}

export interface SubscriptionErrorMessage {
  total_host_execution_duration_micros: WireInteger;
  request_id: WireOption<number>;
  query_id: WireOption<number>;
  table_id: WireOption<number>;
  error: string;
}

export type WireUpdateStatus = { Committed: WireDatabaseUpdate } | { Failed: string } | { OutOfEnergy: [] };

export interface TransactionUpdateMessage {
  status: WireUpdateStatus;
  timestamp: { __timestamp_micros_since_unix_epoch__: WireInteger };
  caller_identity: WireIdentity;
  caller_connection_id: WireConnectionId;
  reducer_call: { reducer_name: string; reducer_id: number; args: string; request_id: number };
  energy_quanta_used: { quanta: WireInteger };
  total_host_execution_duration: { __time_duration_micros__: WireInteger };
}

export interface OneOffQueryResponseMessage {
  message_id: string | number[];
  error: WireOption<string>;
  tables: { table_name: string; rows: string[] }[];
  total_host_execution_duration: { __time_duration_micros__: WireInteger };
}

/** The server messages this client acts on, by tag. */
export interface ServerMessages {
  IdentityToken: IdentityTokenMessage;
  SubscribeMultiApplied: SubscribeMultiAppliedMessage;
  UnsubscribeMultiApplied: SubscribeMultiAppliedMessage;
  SubscriptionError: SubscriptionErrorMessage;
  TransactionUpdate: TransactionUpdateMessage;
  OneOffQueryResponse: OneOffQueryResponseMessage;
}

/** A server message: its tag and its body, or a tag this client does not read (ignored, for newer servers). */
export type ServerMessage =
  | { [Tag in keyof ServerMessages]: { tag: Tag; body: ServerMessages[Tag] } }[keyof ServerMessages]
  | { tag: 'other'; name: string };

const KNOWN_TAGS = new Set<string>([
  'IdentityToken',
  'SubscribeMultiApplied',
  'UnsubscribeMultiApplied',
  'SubscriptionError',
  'TransactionUpdate',
  'OneOffQueryResponse',
]);

/** The server sent something that is not a `v1.json.spacetimedb` message. */
export class WireFormatError extends Error {
  override name = 'WireFormatError';
}

export function encodeClientMessage(message: ClientMessage): string {
  return stringifyJson(message);
}

/**
 * Reads one text frame. The envelope is checked (one tagged object); bodies are trusted to have
 * the shape of their tag, as the server is the product's or a conforming one.
 */
export function decodeServerMessage(text: string): ServerMessage {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw new WireFormatError(`A server message is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireFormatError('A server message is not a JSON object.');
  }
  const keys = Object.keys(value);
  const [tag] = keys;
  if (keys.length !== 1 || tag === undefined) {
    throw new WireFormatError(`A server message has ${keys.length} keys; a tagged message has one.`);
  }
  const body = (value as Record<string, unknown>)[tag];
  if (!KNOWN_TAGS.has(tag)) return { tag: 'other', name: tag };
  if (typeof body !== 'object' || body === null) throw new WireFormatError(`The body of ${tag} is not an object.`);
  return { tag, body } as ServerMessage;
}

/** A row or argument list sent as JSON text: parsed losslessly (u64 beyond 2^53 as `bigint`). */
export function decodeNestedJson(text: string): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    throw new WireFormatError(`A row or argument list is not JSON: ${(error as Error).message}`);
  }
}

export function optionValue<T>(option: WireOption<T>): T | undefined {
  return 'some' in option ? option.some : undefined;
}

/** An identity (64 hex digits) or connection id (32), from `"0x…"` text or a number, lower case without the prefix. */
export function wireHex(value: string | WireInteger, digits: number): string {
  const hex = typeof value === 'string' ? value.replace(/^0x/i, '') : BigInt(value).toString(16);
  return hex.toLowerCase().padStart(digits, '0');
}

export function identityHex(identity: WireIdentity): string {
  return wireHex(identity.__identity__, 64);
}

export function connectionIdHex(connectionId: WireConnectionId): string {
  return wireHex(connectionId.__connection_id__, 32);
}
