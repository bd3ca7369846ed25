import type { RawData, WebSocket } from 'ws';
import type { WebSocketConnection } from '../core/websocket.js';

/** `ws`'s readyState values (the constants live on the class, which this module only imports as a type). */
const OPEN = 1;

/** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of them the close code. */
const MAX_REASON_BYTES = 123;

const encoder = new TextEncoder();

/** The close code ws sends for a frame it refuses, by its error code (anything else is 1002). */
const REFUSAL_CODES: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_INVALID_UTF8: 1007,
};

/**
 * A `ws` socket as the API's code sees it. Nothing the API does with it throws: sending or closing
 * after close is ignored, a listener that throws closes the socket with 1011 (and is reported),
 * `onClose` listeners run once even if added after the close.
 */
export class WsConnection implements WebSocketConnection {
  private closed: { code: number; reason: string } | undefined;
  private readonly closeListeners: Array<(code: number, reason: string) => void> = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly onError: (error: unknown) => void,
    keepaliveMs = 0,
  ) {
    if (keepaliveMs > 0) this.keepAlive(keepaliveMs);
    // ws closes the socket itself after a protocol error (1002), invalid UTF-8 (1007) or a message
    // over maxPayload (1009) and then emits 'close'; without a listener 'error' would crash Node.
    // It stops reading then, so 'close' reports 1006 (no close frame received): the API hears
    // the code that was sent instead, which says why.
    let refusal: { code: number; reason: string } | undefined;
    socket.on('error', (error: Error & { code?: string }) => {
      refusal ??= { code: REFUSAL_CODES[error.code ?? ''] ?? 1002, reason: error.message };
    });
    socket.once('close', (code: number, reason: Buffer) => {
      const closed = code === 1006 && refusal !== undefined ? refusal : { code, reason: reason.toString('utf8') };
      this.closed = closed;
      for (const listener of this.closeListeners.splice(0)) this.run(() => listener(closed.code, closed.reason));
    });
  }

  /**
   * Pings every `intervalMs` and cuts the connection off (onClose hears 1006) when the previous
   * ping got no pong: a peer gone without a FIN (a half-open TCP connection) otherwise holds its
   * session forever. Every RFC 6455 client answers pings by itself.
   */
  private keepAlive(intervalMs: number): void {
    let answered = true;
    this.socket.on('pong', () => {
      answered = true;
    });
    const timer = setInterval(() => {
      if (!answered) {
        this.socket.terminate();
        return;
      }
      answered = false;
      this.socket.ping();
    }, intervalMs);
    // The timer must keep neither the process nor a test alive; it ends with the socket.
    timer.unref();
    this.socket.once('close', () => clearInterval(timer));
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(data: string | Uint8Array): void {
    if (this.socket.readyState !== OPEN) return;
    // A write that fails surfaces as the socket's 'error' and then 'close'.
    this.socket.send(data, { binary: typeof data !== 'string' }, () => {});
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState !== OPEN) return;
    const text = truncateUtf8(reason, MAX_REASON_BYTES);
    try {
      this.socket.close(code, text);
    } catch (error) {
      // A code RFC 6455 does not allow on the wire (1005, 1006, out of range): the API's mistake.
      this.onError(error);
      this.socket.close(1011, text);
    }
  }

  onMessage(listener: (data: Uint8Array, binary: boolean) => void): void {
    this.socket.on('message', (data: RawData, binary: boolean) => this.run(() => listener(bytesOf(data), binary)));
  }

  onClose(listener: (code: number, reason: string) => void): void {
    const { closed } = this;
    if (closed === undefined) this.closeListeners.push(listener);
    else queueMicrotask(() => this.run(() => listener(closed.code, closed.reason)));
  }

  /** Runs an API listener; a throw is the API's fault, reported, and ends this socket only. */
  private run(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.onError(error);
      this.close(1011, 'internal error');
    }
  }
}

/** A message as one `Uint8Array` whatever `ws` handed over (a Buffer unless binaryType was changed). */
function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** `text` cut to at most `limit` bytes of UTF-8, never inside a character. */
function truncateUtf8(text: string, limit: number): string {
  if (encoder.encode(text).byteLength <= limit) return text;
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = encoder.encode(character).byteLength;
    if (bytes + size > limit) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end);
}
