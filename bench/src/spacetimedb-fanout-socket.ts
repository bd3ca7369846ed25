/**
 * A client socket of the fan-out benchmark: `GET /v1/database/<name>/subscribe` upgraded to a
 * WebSocket speaking `v2.bsatn.spacetimedb` (the `ws` client, no compression), its first message
 * (`InitialConnection`) awaited, every later server message decoded with the
 * `@dbwire/spacetimedb-sats` protocol codecs and handed to a listener with the time it arrived.
 */
import {
  decodeV2ServerMessage,
  encodeV2ClientMessage,
  type Identity,
  unframeServerMessage,
  V2_BSATN_PROTOCOL,
  type V2ClientMessage,
  type V2ServerMessage,
} from '@dbwire/spacetimedb-sats/protocol';
import { WebSocket } from 'ws';

const OPEN_TIMEOUT_MS = 20_000;

/** A server message and `performance.now()` when its frame arrived (before it was decoded). */
export type MessageListener = (message: V2ServerMessage, arrivedAt: number) => void;

/** The `ws://` address of `database`'s subscribe route on the host at `base` (`http://host:port`). */
export function subscribeUrl(base: string, database: string): string {
  const url = new URL(`/v1/database/${encodeURIComponent(database)}/subscribe`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('compression', 'None');
  return url.toString();
}

export class V2Socket {
  /** Why the socket closed, once it has (a close the benchmark did not ask for is a failure). */
  closedBecause: string | undefined;
  private listener: MessageListener = () => {};
  private closing = false;

  private constructor(
    private readonly socket: WebSocket,
    /** The connection's identity, as `InitialConnection` named it. */
    readonly identity: Identity,
  ) {
    socket.on('message', (data, isBinary) => {
      const arrivedAt = performance.now();
      if (!isBinary) return this.fail('a text frame on a v2 BSATN socket');
      let message: V2ServerMessage;
      try {
        message = decodeV2ServerMessage(unframeServerMessage(toBytes(data)).body);
      } catch (error) {
        return this.fail(`an undecodable server message: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.listener(message, arrivedAt);
    });
    socket.on('close', (code, reason) => {
      if (!this.closing) this.closedBecause ??= `closed by the server: ${code} ${reason.toString('utf8')}`;
    });
  }

  /**
   * Connects to `database` on the host at `base` with the bearer `token`, and answers once the
   * server's `InitialConnection` arrived. Throws when the upgrade fails, the first message is
   * another, or it takes longer than 20 s.
   */
  static open(base: string, database: string, token: string): Promise<V2Socket> {
    const socket = new WebSocket(subscribeUrl(base, database), [V2_BSATN_PROTOCOL], {
      headers: { Authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    return new Promise<V2Socket>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no InitialConnection from ${database} in ${OPEN_TIMEOUT_MS} ms`));
      }, OPEN_TIMEOUT_MS);
      const failed = (why: string) => {
        clearTimeout(timer);
        socket.terminate();
        reject(new Error(`connecting to ${database}: ${why}`));
      };
      socket.once('unexpected-response', (_, response) => failed(`the upgrade answered ${response.statusCode}`));
      socket.once('error', (error) => failed(error.message));
      socket.once('close', (code, reason) => failed(`closed: ${code} ${reason.toString('utf8')}`));
      socket.once('message', (data) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        let first: V2ServerMessage;
        try {
          first = decodeV2ServerMessage(unframeServerMessage(toBytes(data)).body);
        } catch (error) {
          return failed(`an undecodable first message: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!('InitialConnection' in first)) return failed(`the first message is ${Object.keys(first)[0]}`);
        socket.on('error', () => {}); // a close follows, which says why
        resolve(new V2Socket(socket, first.InitialConnection.identity));
      });
    });
  }

  /** Where every later server message goes (one listener: the subscriber's or the caller's). */
  onMessage(listener: MessageListener): void {
    this.listener = listener;
  }

  send(message: V2ClientMessage): void {
    if (this.closedBecause !== undefined) throw new Error(this.closedBecause);
    this.socket.send(encodeV2ClientMessage(message));
  }

  /** Closes the socket and answers once it is closed (or after a second, terminated). */
  close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), 1000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000);
    });
  }

  /** A message that breaks the protocol: the socket is closed and stays failed. */
  private fail(why: string): void {
    this.closedBecause ??= why;
    this.socket.terminate();
  }
}

/** The bytes of a binary frame as `ws` hands it over (a Buffer unless binaryType was changed). */
function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
