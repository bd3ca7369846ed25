import type { WebSocketConnection } from '@dbwire/server-stubs';
import {
  frameServerMessage,
  SERVER_COMPRESSION_GZIP,
  SERVER_COMPRESSION_NONE,
} from '@dbwire/spacetimedb-sats/protocol';
import { type CloseReason, FAILED_CLOSE } from './hub.js';

/** The compressions dbwire applies (Brotli is answered uncompressed: see `checkCompression`). */
export type SessionCompression = 'None' | 'Gzip';

/**
 * How far behind a reader may fall: it is closed once more than this many bytes wait in its
 * socket's buffer beyond the largest single message sent to it so far (so one big
 * `SubscribeApplied` still waiting to leave does not count against a healthy client).
 */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Messages of at most this many bytes go out uncompressed (tagged so) even under Gzip, as the
 * product does: compressing a small message costs more than the bytes it saves.
 */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** The close code and reason for a reader that falls `MAX_BUFFERED_BYTES` behind. */
export const TOO_SLOW_CLOSE = { code: 1008, reason: 'too slow: the client does not read its messages' } as const;

/**
 * Told when the queue gives up: `TOO_SLOW_CLOSE` for a reader too far behind, `FAILED_CLOSE` with
 * the error when a message could not be made (compression failed) or written. The session closes
 * the socket and ends at once (a socket's own close event may wait for a client that never reads).
 */
export type OutboundFailure = (close: CloseReason, error?: unknown) => void;

/**
 * One connection's outgoing messages: they leave in the order they were queued. Binary messages
 * (the BSATN protocols) get the compression byte in front and, with Gzip, those over
 * `COMPRESSION_THRESHOLD_BYTES` are compressed with the Web `CompressionStream` (asynchronous: later messages wait for it, so order holds); text
 * messages (v1 JSON) go out as they are.
 */
export class Outbound {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;
  /** The largest message written so far, in bytes (characters for text: JSON is mostly ASCII). */
  private largest = 0;

  constructor(
    private readonly socket: WebSocketConnection,
    private readonly compression: SessionCompression,
    private readonly fail: OutboundFailure,
    private readonly compress: (bytes: Uint8Array) => Promise<Uint8Array> = gzip,
  ) {}

  /** Queues one message (BSATN bytes without the compression byte, or JSON text). */
  send(message: Uint8Array | string): void {
    if (this.closed) return;
    if (typeof message === 'string' || this.compression === 'None' || message.length <= COMPRESSION_THRESHOLD_BYTES) {
      const frame = typeof message === 'string' ? message : frameServerMessage(message, SERVER_COMPRESSION_NONE);
      if (this.pending === 0) this.write(frame);
      else this.later(async () => frame);
      return;
    }
    this.later(async () => frameServerMessage(await this.compress(message), SERVER_COMPRESSION_GZIP));
  }

  /** Nothing more goes out (the socket is closing). */
  stop(): void {
    this.closed = true;
  }

  /** Resolves once every message queued so far is written. */
  flushed(): Promise<void> {
    return this.tail;
  }

  private later(make: () => Promise<Uint8Array | string>): void {
    this.pending++;
    const frame = make();
    // Its failure is handled in turn below; until then it must not count as unhandled.
    frame.catch(() => undefined);
    // Compressions may run side by side; the writes keep the queue's order.
    this.tail = this.tail.then(async () => {
      try {
        this.write(await frame);
      } catch (error) {
        this.giveUp(FAILED_CLOSE, error);
      } finally {
        this.pending--;
      }
    });
  }

  private write(frame: Uint8Array | string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES + this.largest) {
      this.giveUp(TOO_SLOW_CLOSE);
      return;
    }
    this.socket.send(frame);
    this.largest = Math.max(this.largest, typeof frame === 'string' ? frame.length : frame.byteLength);
  }

  private giveUp(close: CloseReason, error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.fail(close, error);
  }
}

/** Gzip through the Web Compression Streams API (runtime-neutral: Node 18+, Deno, Bun, workers). */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
