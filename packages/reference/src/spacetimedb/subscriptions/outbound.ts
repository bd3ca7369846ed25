import type { WebSocketConnection } from '@dbwire/server-stubs';
import {
  frameServerMessage,
  SERVER_COMPRESSION_GZIP,
  SERVER_COMPRESSION_NONE,
} from '@dbwire/spacetimedb-sats/protocol';

/** The compressions dbwire applies (Brotli is answered uncompressed: see `checkCompression`). */
export type SessionCompression = 'None' | 'Gzip';

/** A reader this far behind is closed rather than buffered without end. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** The close code and reason for a reader that falls `MAX_BUFFERED_BYTES` behind. */
export const TOO_SLOW_CLOSE = { code: 1008, reason: 'too slow: the client does not read its messages' } as const;

/**
 * One connection's outgoing messages: they leave in the order they were queued. Binary messages
 * (the BSATN protocols) get the compression byte in front and, with Gzip, are compressed with the
 * Web `CompressionStream` (asynchronous: later messages wait for it, so order holds); text
 * messages (v1 JSON) go out as they are.
 */
export class Outbound {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(
    private readonly socket: WebSocketConnection,
    private readonly compression: SessionCompression,
  ) {}

  /** Queues one message (BSATN bytes without the compression byte, or JSON text). */
  send(message: Uint8Array | string): void {
    if (this.closed) return;
    if (typeof message === 'string' || this.compression === 'None') {
      const frame = typeof message === 'string' ? message : frameServerMessage(message, SERVER_COMPRESSION_NONE);
      if (this.pending === 0) this.write(frame);
      else this.later(async () => frame);
      return;
    }
    this.later(async () => frameServerMessage(await gzip(message), SERVER_COMPRESSION_GZIP));
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
    // Compressions may run side by side; the writes keep the queue's order.
    this.tail = this.tail.then(async () => {
      try {
        this.write(await frame);
      } finally {
        this.pending--;
      }
    });
  }

  private write(frame: Uint8Array | string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.closed = true;
      this.socket.close(TOO_SLOW_CLOSE.code, TOO_SLOW_CLOSE.reason);
      return;
    }
    this.socket.send(frame);
  }
}

/** Gzip through the Web Compression Streams API (runtime-neutral: Node 18+, Deno, Bun, workers). */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
