/**
 * WebSocket upgrades, framework-neutral. A handler answers an upgrade request (after its own
 * checks: authentication, the database exists, a subprotocol it speaks) with status 101 and a
 * `WebSocketUpgrade`; the adapter completes the RFC 6455 handshake and hands the open socket to
 * `accept`. Anything else the handler answers (a 400, a 404) goes out as a plain HTTP response.
 */

/** An open WebSocket, as the API's code sees it (the adapter wraps its library's socket). */
export interface WebSocketConnection {
  /** The subprotocol the handshake selected. */
  readonly protocol: string;
  /** Bytes queued but not yet written to the network: a slow reader shows here. */
  readonly bufferedAmount: number;
  /** A string goes out as a text frame, bytes as a binary frame. Ignored once closed. */
  send(data: string | Uint8Array): void;
  /** Starts the closing handshake (RFC 6455 §7.4 code; `reason` at most 123 bytes of UTF-8). */
  close(code: number, reason: string): void;
  /** Every message received, in order; `binary` tells a binary frame from a text one. */
  onMessage(listener: (data: Uint8Array, binary: boolean) => void): void;
  /**
   * Called once when the socket is closed, by either side or because the connection dropped.
   * A message over `maxMessageBytes` closes the socket with 1009 and then calls this.
   */
  onClose(listener: (code: number, reason: string) => void): void;
}

/** What a handler answers (with status 101) to accept an upgrade. */
export interface WebSocketUpgrade {
  /** The subprotocol to select; must be one the client offered. */
  protocol: string;
  /** Largest message accepted from the client, in bytes; a larger one closes the socket (1009). */
  maxMessageBytes: number;
  /** Extra headers for the 101 answer. */
  headers?: Record<string, string>;
  /**
   * Called with the open socket once the handshake is written. If it throws, the error is
   * reported, `abandon` is called too (to undo what `accept` did before it threw) and the socket
   * closes with 1011.
   */
  accept(socket: WebSocketConnection): void;
  /**
   * Called instead of `accept` when the handshake cannot be completed (the client went away, the
   * request did not come through an upgrade): lets the API undo what it did before answering 101.
   */
  abandon?(): void;
}
