import { stringifyJson } from '@dbwire/json';
import type { RawModuleDefV9 } from './generated/types.gen.js';
import {
  type CacheChanges,
  type DecodedRow,
  decodeRow,
  type LiveRow,
  liveTableSchemas,
  RowCache,
} from './live-cache.js';
import {
  type LiveCloseInfo,
  LiveConnectionError,
  type LiveError,
  LiveProtocolError,
  LiveQueryError,
  LiveReducerError,
  LiveSubscriptionError,
} from './live-errors.js';
import { OPEN, subscribeUrl, type WebSocketConstructor, type WebSocketLike, webSocketClass } from './live-socket.js';
import {
  type ClientMessage,
  connectionIdHex,
  decodeNestedJson,
  decodeServerMessage,
  encodeClientMessage,
  identityHex,
  JSON_PROTOCOL,
  type OneOffQueryResponseMessage,
  optionValue,
  type ServerMessage,
  type SubscribeMultiAppliedMessage,
  type SubscriptionErrorMessage,
  type TransactionUpdateMessage,
  type WireDatabaseUpdate,
  WireFormatError,
  type WireInteger,
} from './live-wire.js';

export type { LiveRow } from './live-cache.js';

export interface LiveConnectOptions {
  /**
   * The WebSocket class to use. Defaults to `globalThis.WebSocket` (browsers, Deno, Bun, Node 22+);
   * on Node 20 pass one: `(await import('undici')).WebSocket` or the `ws` package's default export.
   */
  WebSocket?: WebSocketConstructor;
  /** Aborts connecting (the schema, the token exchange, the handshake); not the open connection: `close()` it. */
  signal?: AbortSignal;
}

/** A reducer call's outcome as the server broadcast it (`TransactionUpdate`). */
export interface LiveTransaction {
  /** `committed`: its changes are kept; `failed`: it returned an error or trapped (see `error`); `outOfEnergy`. */
  status: 'committed' | 'failed' | 'outOfEnergy';
  /** The reducer's error, for `failed`. */
  error: string | undefined;
  reducer: {
    name: string;
    id: number;
    /** The arguments as called, in untyped SATS-JSON (usually an array, in parameter order). */
    args: unknown;
    /** The caller's request id (the one `callReducer` sent, for this connection's calls). */
    requestId: number;
  };
  /** Who called it: identity (64 hex digits) and connection id (32). */
  callerIdentity: string;
  callerConnectionId: string;
  timestampMicros: WireInteger;
  energyQuantaUsed: WireInteger;
  hostExecutionDurationMicros: WireInteger;
  /** The changes to this connection's subscribed rows, per table, as the server sent them (empty unless `committed`). */
  tables: LiveTableUpdate[];
}

/** A table's rows in one update, as sent (a row matching two subscriptions comes twice). */
export interface LiveTableUpdate {
  table: string;
  inserts: LiveRow[];
  deletes: LiveRow[];
}

/**
 * Why rows entered or left the cache. `subscriptionError`: the server dropped subscriptions (its
 * `SubscriptionError`, `error.queries` says which) and no subscription is left to hold the rows.
 */
export type LiveEvent =
  | { kind: 'subscribeApplied'; subscription: LiveSubscription }
  | { kind: 'unsubscribeApplied'; subscription: LiveSubscription }
  | { kind: 'transaction'; transaction: LiveTransaction }
  | { kind: 'subscriptionError'; error: LiveSubscriptionError };

export interface LiveEventListeners {
  /** A row entered the cache: a subscription's initial rows, or a transaction's insert. */
  insert: (table: string, row: LiveRow, event: LiveEvent) => void;
  /** A row left the cache: a transaction's delete, the last subscription that matched it ended, or the server dropped the last subscription. */
  delete: (table: string, row: LiveRow, event: LiveEvent) => void;
  /** A transaction deleted a row and inserted one with the same primary key (tables with a primary key only). */
  update: (table: string, oldRow: LiveRow, newRow: LiveRow, event: LiveEvent) => void;
  /** Every `TransactionUpdate` (this connection's reducer calls, and others' that touched subscribed rows), after the row events. */
  transaction: (transaction: LiveTransaction) => void;
  /** A problem no pending call owns: a subscription the server dropped later, an unreadable frame (the connection then closes). */
  error: (error: LiveError) => void;
  /** The socket closed (by `close()`, the server or the network). Pending calls have been rejected. */
  close: (info: LiveCloseInfo) => void;
}

export type LiveEventName = keyof LiveEventListeners;

/** One table's rows in a one-off query's answer. */
export interface LiveQueryResult {
  table: string;
  /** Keyed by the table's column names (by position when the query's columns are not the table's). */
  rows: LiveRow[];
  /** Each row's values in column order, as the server sent them. */
  rawRows: unknown[][];
}

/** A set of queries subscribed together (`SubscribeMulti`): their rows stay in the connection's cache while it is active. */
export interface LiveSubscription {
  readonly queries: readonly string[];
  /** The query id the client chose for it. */
  readonly queryId: number;
  /** The tables whose rows its initial answer carried. */
  readonly tables: readonly string[];
  /** Until `unsubscribe()`, a server error that dropped it, or the connection's close. */
  readonly active: boolean;
  /**
   * Ends it (`UnsubscribeMulti`): resolves once its rows that no other subscription holds have left
   * the cache; rejects with `LiveSubscriptionError` when the server answers with an error (the
   * subscription has ended all the same). Called again while that is under way: the same promise.
   */
  unsubscribe(): Promise<void>;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

/**
 * A live connection to one database over `v1.json.spacetimedb`: subscriptions keep a cache of
 * rows current, row events tell what changed, reducers are called over the socket. Made by
 * `SpacetimedbClient.connectLive`.
 */
export class LiveConnection {
  readonly database: string;
  readonly #socket: WebSocketLike;
  readonly #cache: RowCache;
  readonly #listeners: { [Name in LiveEventName]: Set<LiveEventListeners[Name]> } = {
    insert: new Set(),
    delete: new Set(),
    update: new Set(),
    transaction: new Set(),
    error: new Set(),
    close: new Set(),
  };
  #identity = '';
  #token = '';
  #connectionId = '';
  #nextRequestId = 1;
  #nextQueryId = 1;
  #closeInfo: LiveCloseInfo | undefined;
  readonly #ready: Pending<void>;
  readonly #subscribing = new Map<number, Pending<void> & { subscription: Subscription }>();
  readonly #unsubscribing = new Map<number, Pending<void> & { subscription: Subscription; promise: Promise<void> }>();
  readonly #active = new Map<number, Subscription>();
  readonly #calls = new Map<number, Pending<LiveTransaction> & { reducer: string }>();
  readonly #queries = new Map<string, Pending<LiveQueryResult[]> & { query: string }>();
  readonly #closed: Promise<LiveCloseInfo>;
  #markClosed: (info: LiveCloseInfo) => void = () => {};

  /** @internal Use `SpacetimedbClient.connectLive`. */
  constructor(socket: WebSocketLike, database: string, schema: RawModuleDefV9, ready: Pending<void>) {
    this.#socket = socket;
    this.database = database;
    this.#cache = new RowCache(liveTableSchemas(schema));
    this.#ready = ready;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) =>
      this.#onClose({ code: event.code, reason: event.reason, wasClean: event.wasClean }),
    );
    // An `error` is always followed by a `close`, which rejects whatever waits.
    socket.addEventListener('error', () => {});
  }

  /** The identity this connection acts as (64 hex digits). */
  get identity(): string {
    return this.#identity;
  }
  /** The token the server gave this connection (keep it to connect as the same identity again). */
  get token(): string {
    return this.#token;
  }
  /** This connection's id (32 hex digits), as in `LiveTransaction.callerConnectionId`. */
  get connectionId(): string {
    return this.#connectionId;
  }
  get isOpen(): boolean {
    return this.#closeInfo === undefined && this.#socket.readyState === OPEN;
  }
  /** Resolves when the socket has closed, with how. */
  get closed(): Promise<LiveCloseInfo> {
    return this.#closed;
  }
  /** The active subscriptions, oldest first. */
  get subscriptions(): LiveSubscription[] {
    return [...this.#active.values()];
  }

  /**
   * The current rows of `table` held by the active subscriptions, keyed by column name. Empty once
   * the connection has closed: nothing keeps them current any more.
   */
  rows(table: string): LiveRow[] {
    return this.#cache.rows(table).map((row) => row.row);
  }

  /** The same rows, each as its values in column order (untyped SATS-JSON, as the server sent them). */
  rawRows(table: string): unknown[][] {
    return this.#cache.rows(table).map((row) => row.raw);
  }

  /**
   * Subscribes to one or more queries (`SELECT * FROM t [WHERE …]`, or a join of two tables on
   * indexed columns). Resolves once the server has sent their current rows (they are in `rows()` and
   * were announced as `insert` events); rejects with `LiveSubscriptionError` for a query the server
   * refuses.
   */
  subscribe(queries: string | readonly string[]): Promise<LiveSubscription> {
    const queryStrings = typeof queries === 'string' ? [queries] : [...queries];
    const queryId = this.#nextQueryId++;
    const subscription = new Subscription(this, queryStrings, queryId);
    return new Promise<LiveSubscription>((resolve, reject) => {
      this.#subscribing.set(queryId, { subscription, resolve: () => resolve(subscription), reject });
      this.#send(
        {
          SubscribeMulti: { query_strings: queryStrings, request_id: this.#nextRequestId++, query_id: { id: queryId } },
        },
        () => this.#subscribing.delete(queryId),
        reject,
      );
    });
  }

  /**
   * Calls a reducer over the socket, with its arguments in parameter order (an array) or by name
   * (an object), in SATS-JSON (`bigint`s go out exactly). Resolves with its `TransactionUpdate`
   * once committed, after its row events; rejects with `LiveReducerError` when it failed.
   */
  callReducer(reducer: string, args: readonly unknown[] | Record<string, unknown> = []): Promise<LiveTransaction> {
    const requestId = this.#nextRequestId++;
    return new Promise<LiveTransaction>((resolve, reject) => {
      this.#calls.set(requestId, { reducer, resolve, reject });
      this.#send(
        { CallReducer: { reducer, args: stringifyJson(args), request_id: requestId, flags: 0 } },
        () => this.#calls.delete(requestId),
        reject,
      );
    });
  }

  /** Runs a read-only SQL query once, outside any subscription. Rejects with `LiveQueryError` for a query the server refuses. */
  oneOffQuery(query: string): Promise<LiveQueryResult[]> {
    // Any bytes will do; the counter, as 4 bytes of hex, is unique on this connection.
    const messageId = (this.#nextRequestId++).toString(16).padStart(8, '0');
    return new Promise<LiveQueryResult[]>((resolve, reject) => {
      this.#queries.set(messageId, { query, resolve, reject });
      this.#send(
        { OneOffQuery: { message_id: messageId, query_string: query } },
        () => this.#queries.delete(messageId),
        reject,
      );
    });
  }

  /** Listens to an event; returns the function that stops listening. */
  on<Name extends LiveEventName>(event: Name, listener: LiveEventListeners[Name]): () => void {
    const listeners = this.#listeners[event] as Set<LiveEventListeners[Name]>;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Closes the socket (code 1000). Pending calls reject with `LiveConnectionError`. Resolves once closed. */
  close(): Promise<LiveCloseInfo> {
    if (this.#closeInfo === undefined) this.#socket.close(1000, 'closed by the client');
    return this.#closed;
  }

  /** @internal Sends `UnsubscribeMulti` for a subscription, once: a second call gets the first one's promise. */
  unsubscribe(subscription: Subscription): Promise<void> {
    const { queryId } = subscription;
    const inFlight = this.#unsubscribing.get(queryId);
    if (inFlight) return inFlight.promise;
    if (!this.#active.has(queryId)) return Promise.resolve();
    let settle!: Pending<void>;
    const promise = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    this.#unsubscribing.set(queryId, { subscription, promise, ...settle });
    this.#send(
      { UnsubscribeMulti: { request_id: this.#nextRequestId++, query_id: { id: queryId } } },
      () => this.#unsubscribing.delete(queryId),
      settle.reject,
    );
    return promise;
  }

  /** Sends a message, or fails the call at once (`forget` drops it from its pending map) when the socket is not open. */
  #send(message: ClientMessage, forget: () => void, reject: (error: Error) => void): void {
    if (!this.isOpen) {
      forget();
      reject(new LiveConnectionError('The connection is closed.', this.#closeInfo));
      return;
    }
    this.#socket.send(encodeClientMessage(message));
  }

  #emit<Name extends LiveEventName>(event: Name, ...args: Parameters<LiveEventListeners[Name]>): void {
    for (const listener of this.#listeners[event]) {
      // A throwing listener must not stop the others nor the connection; it is reported where uncaught errors go.
      try {
        (listener as (...values: unknown[]) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #receive(data: unknown): void {
    if (this.#closeInfo !== undefined) return;
    try {
      if (typeof data !== 'string') throw new WireFormatError(`${JSON_PROTOCOL} sends text frames; a binary one came.`);
      this.#dispatch(decodeServerMessage(data));
    } catch (error) {
      // A malformed frame, or a body without the fields its tag has: either way unreadable.
      const problem = new LiveProtocolError(
        error instanceof WireFormatError ? error.message : `Unreadable server message: ${error}`,
        { cause: error },
      );
      this.#ready.reject(problem);
      this.#emit('error', problem);
      this.#socket.close(1000, 'unreadable server message');
    }
  }

  #dispatch(message: ServerMessage): void {
    if (!this.#identity && message.tag !== 'IdentityToken') {
      throw new WireFormatError(`The first server message must be IdentityToken, not ${messageName(message)}.`);
    }
    switch (message.tag) {
      case 'IdentityToken':
        this.#identity = identityHex(message.body.identity);
        this.#token = message.body.token;
        this.#connectionId = connectionIdHex(message.body.connection_id);
        this.#ready.resolve();
        return;
      case 'SubscribeMultiApplied':
        this.#onSubscribed(message.body);
        return;
      case 'UnsubscribeMultiApplied':
        this.#onUnsubscribed(message.body);
        return;
      case 'SubscriptionError':
        this.#onSubscriptionError(message.body);
        return;
      case 'TransactionUpdate':
        this.#onTransaction(message.body);
        return;
      case 'OneOffQueryResponse':
        this.#onQueryAnswer(message.body);
        return;
      case 'other':
        return; // A message this client does not use (a newer server's): ignored.
    }
  }

  #onSubscribed(body: SubscribeMultiAppliedMessage): void {
    const pending = this.#subscribing.get(body.query_id.id);
    if (!pending) return;
    this.#subscribing.delete(body.query_id.id);
    const { subscription } = pending;
    subscription.applied(body.update.tables.map((table) => table.table_name));
    this.#active.set(subscription.queryId, subscription);
    this.#applyToCache(body.update, false, { kind: 'subscribeApplied', subscription });
    pending.resolve();
  }

  #onUnsubscribed(body: SubscribeMultiAppliedMessage): void {
    const pending = this.#unsubscribing.get(body.query_id.id);
    if (!pending) return;
    this.#unsubscribing.delete(body.query_id.id);
    this.#active.delete(body.query_id.id);
    const event: LiveEvent = { kind: 'unsubscribeApplied', subscription: pending.subscription };
    this.#applyToCache(body.update, false, event);
    // Rows of a subscription the server dropped earlier, which no update could take back.
    if (this.#active.size === 0) this.#emitAll(this.#cache.clear(), event);
    pending.resolve();
  }

  #onSubscriptionError(body: SubscriptionErrorMessage): void {
    const queryId = optionValue(body.query_id);
    const pending = queryId === undefined ? undefined : this.#subscribing.get(queryId);
    if (pending && queryId !== undefined) {
      this.#subscribing.delete(queryId);
      pending.reject(new LiveSubscriptionError(body.error, pending.subscription.queries));
      return;
    }
    // An applied subscription the server dropped (answering our unsubscribe, or later on its own),
    // or (no query id) all of them.
    const dropped = queryId === undefined ? [...this.#active.values()] : [this.#active.get(queryId) ?? []].flat();
    const error = new LiveSubscriptionError(
      body.error,
      dropped.flatMap((subscription) => subscription.queries),
    );
    for (const subscription of dropped) this.#active.delete(subscription.queryId);
    // v1 updates do not say which subscription a row came through: with none left, every row goes;
    // with others left, the dropped one's rows stay until the last subscription ends.
    if (dropped.length > 0 && this.#active.size === 0) {
      this.#emitAll(this.#cache.clear(), { kind: 'subscriptionError', error });
    }
    let unowned = dropped.length === 0;
    for (const subscription of dropped) {
      const unsubscribing = this.#unsubscribing.get(subscription.queryId);
      if (!unsubscribing) {
        unowned = true;
        continue;
      }
      this.#unsubscribing.delete(subscription.queryId);
      unsubscribing.reject(new LiveSubscriptionError(body.error, subscription.queries));
    }
    if (unowned) this.#emit('error', error);
  }

  #onTransaction(body: TransactionUpdateMessage): void {
    // Each row text is read once, for the transaction and the cache alike (the same row objects).
    const decoded = new Map<string, Map<string, DecodedRow>>();
    const decode = (table: string, text: string): DecodedRow => {
      let byText = decoded.get(table);
      if (!byText) {
        byText = new Map();
        decoded.set(table, byText);
      }
      let row = byText.get(text);
      if (!row) {
        row = decodeRow(text, this.#cache.columns(table));
        byText.set(text, row);
      }
      return row;
    };
    const transaction = readTransaction(body, decode);
    if ('Committed' in body.status) {
      this.#applyToCache(body.status.Committed, true, { kind: 'transaction', transaction }, decode);
    }
    this.#emit('transaction', transaction);
    if (transaction.callerConnectionId !== this.#connectionId) return;
    const call = this.#takeCall(transaction);
    if (!call) return;
    if (transaction.status === 'committed') call.resolve(transaction);
    else call.reject(new LiveReducerError(transaction.error ?? 'The reducer ran out of energy.', transaction));
  }

  /**
   * The pending call a transaction answers: by request id; a call the server could not even start
   * (an unknown reducer, arguments that do not fit) comes back failed without our request id, so
   * then the oldest pending call of that reducer.
   */
  #takeCall(transaction: LiveTransaction): (Pending<LiveTransaction> & { reducer: string }) | undefined {
    let requestId: number | undefined = transaction.reducer.requestId;
    if (!this.#calls.has(requestId) && transaction.status !== 'committed') {
      requestId = [...this.#calls].find(([, call]) => call.reducer === transaction.reducer.name)?.[0];
    }
    const call = requestId === undefined ? undefined : this.#calls.get(requestId);
    if (requestId !== undefined) this.#calls.delete(requestId);
    return call;
  }

  #onQueryAnswer(body: OneOffQueryResponseMessage): void {
    const messageId =
      typeof body.message_id === 'string'
        ? body.message_id.toLowerCase()
        : body.message_id.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const pending = this.#queries.get(messageId);
    if (!pending) return;
    this.#queries.delete(messageId);
    const error = optionValue(body.error);
    if (error !== undefined) {
      pending.reject(new LiveQueryError(error, pending.query));
      return;
    }
    pending.resolve(
      body.tables.map(({ table_name, rows }) => {
        const decoded = rows.map((text) => decodeRow(text, this.#cache.columns(table_name)));
        return { table: table_name, rows: decoded.map((row) => row.row), rawRows: decoded.map((row) => row.raw) };
      }),
    );
  }

  #applyToCache(
    update: WireDatabaseUpdate,
    pairByPrimaryKey: boolean,
    event: LiveEvent,
    decode?: (table: string, text: string) => DecodedRow,
  ): void {
    this.#emitAll(this.#cache.apply(update, pairByPrimaryKey, decode), event);
  }

  #emitAll(changes: readonly CacheChanges[], event: LiveEvent): void {
    for (const tableChanges of changes) this.#emitChanges(tableChanges, event);
  }

  #emitChanges({ table, deletes, updates, inserts }: CacheChanges, event: LiveEvent): void {
    for (const { row } of deletes) this.#emit('delete', table, row, event);
    for (const { oldRow, newRow } of updates) this.#emit('update', table, oldRow.row, newRow.row, event);
    for (const { row } of inserts) this.#emit('insert', table, row, event);
  }

  #onClose(info: LiveCloseInfo): void {
    if (this.#closeInfo !== undefined) return;
    this.#closeInfo = info;
    const why = info.reason ? `: ${info.reason}` : '';
    const error = () => new LiveConnectionError(`The connection closed (${info.code}${why}).`, info);
    this.#ready.reject(error());
    for (const pending of [
      ...this.#subscribing.values(),
      ...this.#unsubscribing.values(),
      ...this.#calls.values(),
      ...this.#queries.values(),
    ]) {
      pending.reject(error());
    }
    this.#subscribing.clear();
    this.#unsubscribing.clear();
    this.#calls.clear();
    this.#queries.clear();
    this.#active.clear();
    // Nothing keeps the rows current any more: `rows()` must not pretend otherwise. No delete
    // events: `close` says it for all of them.
    this.#cache.clear();
    this.#emit('close', info);
    this.#markClosed(info);
  }
}

class Subscription implements LiveSubscription {
  #tables: readonly string[] = [];

  constructor(
    private readonly connection: LiveConnection,
    readonly queries: readonly string[],
    readonly queryId: number,
  ) {}

  get tables(): readonly string[] {
    return this.#tables;
  }

  get active(): boolean {
    return this.connection.subscriptions.includes(this);
  }

  applied(tables: readonly string[]): void {
    this.#tables = tables;
  }

  unsubscribe(): Promise<void> {
    return this.connection.unsubscribe(this);
  }
}

function messageName(message: ServerMessage): string {
  return message.tag === 'other' ? message.name : message.tag;
}

function readTransaction(
  body: TransactionUpdateMessage,
  decode: (table: string, text: string) => DecodedRow,
): LiveTransaction {
  const { status } = body;
  const tables =
    'Committed' in status
      ? status.Committed.tables.map((table) => {
          const rows = (texts: (update: { deletes: string[]; inserts: string[] }) => string[]) =>
            table.updates.flatMap(texts).map((text) => decode(table.table_name, text).row);
          return { table: table.table_name, inserts: rows((u) => u.inserts), deletes: rows((u) => u.deletes) };
        })
      : [];
  const call = body.reducer_call;
  return {
    status: 'Committed' in status ? 'committed' : 'Failed' in status ? 'failed' : 'outOfEnergy',
    error: 'Failed' in status ? status.Failed : undefined,
    reducer: { name: call.reducer_name, id: call.reducer_id, args: readArgs(call.args), requestId: call.request_id },
    callerIdentity: identityHex(body.caller_identity),
    callerConnectionId: connectionIdHex(body.caller_connection_id),
    timestampMicros: body.timestamp.__timestamp_micros_since_unix_epoch__,
    energyQuantaUsed: body.energy_quanta_used.quanta,
    hostExecutionDurationMicros: body.total_host_execution_duration.__time_duration_micros__,
    tables,
  };
}

/** The arguments' JSON text, parsed; empty text (a call that could not start) is no arguments. */
function readArgs(text: string): unknown {
  return text === '' ? [] : decodeNestedJson(text);
}

/** What `connectLive` needs from the HTTP client. */
export interface LiveConnectParams extends LiveConnectOptions {
  baseUrl: string;
  database: string;
  /** The module's schema (column names of the rows). */
  schema: RawModuleDefV9;
  /** A token for `?token=` (a short-lived websocket token); without one the server mints an identity. */
  token: string | undefined;
}

/**
 * Opens the socket (`v1.json.spacetimedb`, uncompressed) and waits for the server's first
 * message, the connection's identity. Rejects with `LiveConnectionError` when the socket closes
 * first (the server refused the upgrade: browsers do not say why) or `signal` aborts.
 */
export async function openLiveConnection(params: LiveConnectParams): Promise<LiveConnection> {
  params.signal?.throwIfAborted();
  const WebSocketClass = webSocketClass(params.WebSocket);
  const query: Record<string, string> = { compression: 'None' };
  if (params.token !== undefined) query.token = params.token;
  const url = subscribeUrl(params.baseUrl, params.database, query);
  let ready!: Pending<void>;
  const identified = new Promise<void>((resolve, reject) => {
    ready = { resolve, reject };
  });
  const socket = new WebSocketClass(url, JSON_PROTOCOL);
  const connection = new LiveConnection(socket, params.database, params.schema, ready);
  const onAbort = () => {
    ready.reject(new LiveConnectionError('Connecting was aborted.', undefined, { cause: params.signal?.reason }));
    socket.close(1000, 'aborted');
  };
  params.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await identified;
  } finally {
    params.signal?.removeEventListener('abort', onAbort);
  }
  return connection;
}
