import type { LiveTransaction } from './live.js';

/**
 * The errors of a live connection (`connectLive`). They are not `ApiError`s: no HTTP response
 * carries them. Errors of the HTTP calls made while connecting (the schema, a websocket token)
 * are the client's usual `SpacetimedbError`s (`NotFoundError` for an unknown database...).
 */
export class LiveError extends Error {
  override name = 'LiveError';
}

/** How a WebSocket closed. */
export interface LiveCloseInfo {
  /** The close code (1000 normal, 1006 dropped without a close frame, 1008 policy, 1009 too big...). */
  code: number;
  reason: string;
  wasClean: boolean;
}

/**
 * The socket could not be opened, or closed while something waited on it (a subscription, a
 * reducer call, a query, the connection's first message). `close` says how, when it closed.
 */
export class LiveConnectionError extends LiveError {
  override name = 'LiveConnectionError';
  readonly close: LiveCloseInfo | undefined;

  constructor(message: string, close?: LiveCloseInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.close = close;
  }
}

/** The server refused a subscription (`SubscriptionError`): a query it cannot parse or serve. `message` is the server's. */
export class LiveSubscriptionError extends LiveError {
  override name = 'LiveSubscriptionError';

  constructor(
    message: string,
    /** The subscription's queries; empty for an error about the whole connection. */
    readonly queries: readonly string[],
  ) {
    super(message);
  }
}

/**
 * A reducer called over the socket failed (`status` `failed`: it returned an error or trapped,
 * or could not be called; `outOfEnergy`). Nothing it did was kept. `message` is the server's.
 */
export class LiveReducerError extends LiveError {
  override name = 'LiveReducerError';

  constructor(
    message: string,
    /** The server's `TransactionUpdate` for the call. */
    readonly transaction: LiveTransaction,
  ) {
    super(message);
  }
}

/** A one-off query failed (the server's `error`: a SQL error, an unknown table...). */
export class LiveQueryError extends LiveError {
  override name = 'LiveQueryError';

  constructor(
    message: string,
    readonly query: string,
  ) {
    super(message);
  }
}

/** The server sent a frame this client cannot read; the client closes the connection. */
export class LiveProtocolError extends LiveError {
  override name = 'LiveProtocolError';
}
