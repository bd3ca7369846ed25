import { DEFAULT_BODY_LIMIT, type WebSocketUpgrade } from '@dbwire/server-stubs';
import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';
import { V1_JSON_PROTOCOL, V2_BSATN_PROTOCOL } from '@dbwire/spacetimedb-sats/protocol';
import type { SpacetimedbCaller } from '../auth.js';
import type { SpacetimedbContext } from '../context.js';
import { connectSession, disconnectSession, randomConnectionId } from '../reducers.js';
import type { LiveDatabase } from '../runtime.js';
import type { SubscriptionHubs } from './hub.js';
import type { OpenSessions } from './open-sessions.js';
import type { SessionCompression } from './outbound.js';
import { V1Protocol } from './protocol-v1.js';
import { V2Protocol } from './protocol-v2.js';
import { Session } from './session.js';

/** The largest message a client may send: the dispatcher's body limit (a larger one closes with 1009). */
export const MAX_CLIENT_MESSAGE_BYTES = DEFAULT_BODY_LIMIT;

/**
 * The `compression` query parameter as dbwire takes it: `Gzip` is honoured; `None`, `Brotli` and an
 * absent parameter (the product's default is Brotli) give uncompressed frames. Every client reads
 * the compression byte in front of each frame, so a Brotli client still reads them (dbwire
 * decision: no Brotli encoder in a runtime-neutral package).
 */
export function checkCompression(value: string | undefined): SessionCompression {
  if (value === undefined || value === 'None' || value === 'Brotli') return 'None';
  if (value === 'Gzip') return 'Gzip';
  throw spacetimedbError(400, `Unknown compression \`${value}\`: use None, Gzip or Brotli.`);
}

/** The `connection_id` query parameter (hex, `0x` allowed), or a fresh random one. */
export function sessionConnectionId(parameter: string | undefined): bigint {
  if (parameter === undefined || parameter === '') return randomConnectionId();
  const hex = parameter.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{1,32}$/.test(hex)) {
    throw spacetimedbError(400, `Invalid connection id \`${parameter}\`: expected up to 32 hex digits.`);
  }
  const value = BigInt(`0x${hex}`);
  if (value === 0n) throw spacetimedbError(400, 'A connection id of zero is not allowed.');
  return value;
}

export interface SubscribeRequest {
  context: SpacetimedbContext;
  hubs: SubscriptionHubs;
  sessions: OpenSessions<Session>;
  live: LiveDatabase;
  caller: SpacetimedbCaller;
  isOwner: boolean;
  /** The subprotocol `checkUpgrade` chose. */
  protocol: string;
  compression: SessionCompression;
  connectionId: bigint;
  /** v1 `light=true`: other sessions' commits come as `TransactionUpdateLight`. */
  light: boolean;
  /** The 404 for a database deleted while the connect hook waited. */
  gone: () => Error;
}

/**
 * Runs the connect hook (its refusal is the 403 `/call` answers, before any 101), then answers
 * the upgrade: once the socket is open a `Session` speaks the chosen protocol on it; a handshake
 * that does not complete runs the disconnect hook.
 */
export async function openSubscription(request: SubscribeRequest): Promise<WebSocketUpgrade> {
  const { context, live, caller, connectionId } = request;
  const sessionCaller = { identity: caller.identity, connectionId };
  await connectSession(context, live, sessionCaller, request.gone);
  return {
    protocol: request.protocol,
    maxMessageBytes: MAX_CLIENT_MESSAGE_BYTES,
    accept: (socket) => {
      const session = new Session({
        context,
        live,
        hub: request.hubs.of(live),
        sessions: request.sessions,
        caller,
        connectionId,
        isOwner: request.isOwner,
        socket,
        compression: request.compression,
      });
      session.start(
        request.protocol === V2_BSATN_PROTOCOL
          ? new V2Protocol(session)
          : new V1Protocol(session, request.protocol === V1_JSON_PROTOCOL ? 'json' : 'bsatn', request.light),
      );
    },
    abandon: () => {
      request.sessions.track(disconnectSession(context, live, sessionCaller));
    },
  };
}
