import type { WebSocketConnection } from '@dbwire/server-stubs';
import type { ProductType } from '@dbwire/spacetimedb-sats';
import { clipReason, ProtocolDecodeError } from '@dbwire/spacetimedb-sats/protocol';
import type { SpacetimedbCaller } from '../auth.js';
import type { SpacetimedbContext } from '../context.js';
import {
  type CommitEvent,
  DatabaseDroppedError,
  type ReadView,
  type Row,
  type TableSchema,
} from '../datastore/index.js';
import { callFromSession, disconnectSession, microsSince, type SessionCallOutcome } from '../reducers.js';
import type { LiveDatabase } from '../runtime.js';
import {
  type HubClient,
  type QueryDelta,
  retiredClose,
  type SharedQuery,
  type SubscriptionHub,
  sharedQueryKey,
} from './hub.js';
import type { OpenSessions } from './open-sessions.js';
import { Outbound, type SessionCompression } from './outbound.js';
import { compileSubscription, type SubscriptionQuery, SubscriptionQueryError } from './query.js';

/** One subscription of a session: a v2 query set, a v1 single or multi query, or the v1 legacy set. */
export interface Subscription {
  /** The session's key for it (the protocol picks: e.g. `set:7`, `single:7`, `legacy`). */
  readonly key: string;
  /** The client's id for it (query set id / query id; 0 for the legacy set). */
  readonly id: number;
  readonly queries: readonly SharedQuery[];
}

/** A query's rows (initial, dropped, or a one-off answer), with the table they come from. */
export interface QueryRows {
  readonly table: TableSchema;
  readonly rows: readonly Row[];
  /** The shared query, when the rows belong to a subscription (encoders may cache by it). */
  readonly shared?: SharedQuery;
}

/** What one commit did to one subscription: the queries whose rows changed. */
export interface SubscriptionUpdate {
  readonly subscription: Subscription;
  readonly changes: readonly { readonly shared: SharedQuery; readonly delta: QueryDelta }[];
}

/** How a session's reducer call ended, when no commit told it (failure, nothing changed, database gone). */
export type CallAnswer =
  | Exclude<SessionCallOutcome, { kind: 'committed' }>
  | { kind: 'unchanged'; durationMicros: number };

/** A WebSocket protocol's side of a session: it decodes frames and encodes answers. */
export interface ProtocolHandler {
  /** Frames of this protocol are binary (BSATN) or text (JSON). */
  readonly binary: boolean;
  /** The first message (identity, token, connection id). */
  greet(): void;
  /** One frame from the client; throws `ProtocolDecodeError` for one it cannot read (1008). */
  receive(data: Uint8Array): Promise<void>;
  /**
   * A commit: `updates` are this session's subscriptions whose rows changed (possibly none);
   * `own` is the session's own reducer call (the answer to its request goes out now).
   */
  commit(event: CommitEvent, updates: readonly SubscriptionUpdate[], own: boolean): void;
}

export interface SessionOptions {
  context: SpacetimedbContext;
  live: LiveDatabase;
  hub: SubscriptionHub;
  /** The reference's open sessions: this one registers there and hands it its disconnect hook. */
  sessions: OpenSessions<Session>;
  caller: SpacetimedbCaller;
  connectionId: bigint;
  /** The caller owns the database (sees private tables). */
  isOwner: boolean;
  socket: WebSocketConnection;
  compression: SessionCompression;
}

/** Close codes (RFC 6455 §7.4.1). */
const POLICY_VIOLATION = 1008;
const UNSUPPORTED_DATA = 1003;

/**
 * How many frames of one connection may wait to be handled (they are handled one at a time): a
 * client that sends more without waiting for answers is closed rather than queued without end.
 */
export const MAX_FRAMES_IN_FLIGHT = 64;

/** The close code and reason beyond `MAX_FRAMES_IN_FLIGHT`. */
export const TOO_MANY_FRAMES_CLOSE = { code: POLICY_VIOLATION, reason: 'too many messages in flight' } as const;

/**
 * One WebSocket connection to a database, whatever its protocol: its subscriptions (registered
 * with the database's hub), its reducer calls, its outgoing queue and its end. Frames are handled
 * one at a time, in order. Subscribing reads the rows and registers the queries in one step of
 * the database's queue, so a subscription sees its snapshot plus exactly the later commits.
 */
export class Session implements HubClient {
  readonly context: SpacetimedbContext;
  readonly live: LiveDatabase;
  readonly caller: SpacetimedbCaller;
  readonly connectionId: bigint;
  readonly isOwner: boolean;
  readonly outbound: Outbound;
  readonly hub: SubscriptionHub;
  private readonly sessions: OpenSessions<Session>;
  private readonly socket: WebSocketConnection;
  private readonly subscriptions = new Map<string, Subscription>();
  /** Request ids of this session's calls that a commit already answered. */
  private readonly answered = new Set<number>();
  private protocol: ProtocolHandler | undefined;
  private incoming: Promise<void> = Promise.resolve();
  /** Frames received and not yet handled (see `MAX_FRAMES_IN_FLIGHT`). */
  private framesInFlight = 0;
  private ended = false;

  constructor(options: SessionOptions) {
    this.context = options.context;
    this.live = options.live;
    this.hub = options.hub;
    this.sessions = options.sessions;
    this.caller = options.caller;
    this.connectionId = options.connectionId;
    this.isOwner = options.isOwner;
    this.socket = options.socket;
    this.outbound = new Outbound(options.socket, options.compression, (close, error) => {
      if (error !== undefined) this.context.reportError(error);
      this.close(close.code, close.reason);
    });
  }

  /** Speaks `protocol` on the socket: greets, then handles frames until the socket closes. */
  start(protocol: ProtocolHandler): void {
    this.protocol = protocol;
    this.socket.onClose(() => this.end());
    this.socket.onMessage((data, binary) => {
      if (this.ended) return;
      if (this.framesInFlight >= MAX_FRAMES_IN_FLIGHT) {
        this.close(TOO_MANY_FRAMES_CLOSE.code, TOO_MANY_FRAMES_CLOSE.reason);
        return;
      }
      this.framesInFlight++;
      this.incoming = this.incoming.then(async () => {
        try {
          await this.receive(protocol, data, binary);
        } finally {
          this.framesInFlight--;
        }
      });
    });
    const closed = this.hub.attach(this) ?? this.sessions.add(this);
    if (closed !== undefined) {
      this.close(closed.code, closed.reason);
      return;
    }
    protocol.greet();
  }

  /** The number of subscriptions (for tests and metrics). */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Closes the connection with a reason (clipped to what a close frame holds). */
  close(code: number, reason: string): void {
    this.outbound.stop();
    this.socket.close(code, clipReason(reason));
    this.end();
  }

  subscription(key: string): Subscription | undefined {
    return this.subscriptions.get(key);
  }

  /**
   * Compiles `sqls` and reads their rows in one step of the database's queue, registering them as
   * `key` (replacing a subscription under that key when `replace`); `answer` runs in that same step,
   * so what it queues goes out before any later commit's update. A query that does not compile
   * registers nothing: `answer` gets the error.
   */
  subscribe(
    key: string,
    id: number,
    sqls: readonly string[],
    replace: boolean,
    answer: (result: { rows: QueryRows[]; micros: number } | { error: string; micros: number }) => void,
  ): Promise<void> {
    return this.inDatabase((view) => {
      const started = performance.now();
      const micros = () => microsSince(started);
      if (this.ended) return;
      if (!replace && this.subscriptions.has(key)) {
        answer({ error: `Subscription ${id} already exists on this connection`, micros: micros() });
        return;
      }
      let compiled: SubscriptionQuery[];
      let rows: Array<Pick<QueryRows, 'table' | 'rows'>>;
      try {
        compiled = sqls.map((sql) => compileSubscription(sql, view, this.access));
        // A join too expensive to evaluate is refused here, before anything is registered.
        rows = compiled.map((query) => ({ table: query.table, rows: query.initialRows(view) }));
      } catch (error) {
        if (error instanceof SubscriptionQueryError) {
          answer({ error: error.message, micros: micros() });
          return;
        }
        throw error;
      }
      const previous = this.subscriptions.get(key);
      const queries = compiled.map((query) =>
        this.hub.acquire(sharedQueryKey(query.sql, query.table.id, this.caller.identity), query),
      );
      this.subscriptions.set(key, { key, id, queries });
      if (previous !== undefined) this.releaseAll(previous);
      answer({ rows: rows.map((entry, index) => ({ ...entry, shared: queries[index] })), micros: micros() });
    });
  }

  /**
   * Drops the subscription `key`; `answer` gets its rows as they are now (the rows the client
   * drops), or undefined when there is no such subscription. In one step of the database's queue.
   */
  unsubscribe(key: string, answer: (result: { rows: QueryRows[]; micros: number } | undefined) => void): Promise<void> {
    return this.inDatabase((view) => {
      const started = performance.now();
      const subscription = this.subscriptions.get(key);
      if (subscription === undefined || this.ended) {
        answer(undefined);
        return;
      }
      this.subscriptions.delete(key);
      this.releaseAll(subscription);
      const rows = subscription.queries.map((shared) => ({
        table: shared.query.table,
        // No row-visit limit: the query was accepted at subscribe, and its rows must be dropped.
        rows: shared.query.initialRows(view, Number.POSITIVE_INFINITY),
        shared,
      }));
      answer({ rows, micros: microsSince(started) });
    });
  }

  /**
   * A one-off query: the subscription subset of SELECT (dbwire decision: the product's one-off
   * queries take any SELECT; here they are compiled as subscriptions), answered with its rows now.
   */
  oneOff(
    sql: string,
    answer: (result: { rows: QueryRows; micros: number } | { error: string; micros: number }) => void,
  ) {
    return this.inDatabase((view) => {
      const started = performance.now();
      const micros = () => microsSince(started);
      try {
        const query = compileSubscription(sql, view, this.access);
        answer({ rows: { table: query.table, rows: query.initialRows(view) }, micros: micros() });
      } catch (error) {
        if (!(error instanceof SubscriptionQueryError)) throw error;
        answer({ error: error.message, micros: micros() });
      }
    });
  }

  /**
   * Calls a reducer as this connection. A call that commits changes is answered by the commit
   * (`ProtocolHandler.commit` with `own`), in commit order; any other ending goes to `answer`.
   */
  async call(reducerId: number, args: Uint8Array, requestId: number, answer: (outcome: CallAnswer) => void) {
    const identity = { identity: this.caller.identity, connectionId: this.connectionId };
    const outcome = await callFromSession(this.context, this.live, identity, reducerId, args, {
      requestId,
      session: this,
    });
    if (this.answered.delete(requestId)) return;
    if (outcome.kind === 'committed') answer({ kind: 'unchanged', durationMicros: outcome.durationMicros });
    else answer(outcome);
  }

  /**
   * The reducer a client may call by `name`: its index and parameters, or why not (no such
   * reducer, or a lifecycle one, as `/call` refuses them).
   */
  reducer(name: string): { id: number; params: ProductType } | { error: string } {
    const { def } = this.live.module;
    const id = def.reducers.findIndex((reducer) => reducer.name === name);
    const reducer = def.reducers[id];
    if (reducer === undefined) return { error: `No such reducer \`${name}\` in database ${this.live.identity}` };
    if ('some' in reducer.lifecycle)
      return { error: `Reducer \`${name}\` is a lifecycle reducer and cannot be called` };
    return { id, params: reducer.params };
  }

  // HubClient

  commit(event: CommitEvent, deltaOf: (query: SharedQuery) => QueryDelta): void {
    if (this.ended || this.protocol === undefined) return;
    const updates: SubscriptionUpdate[] = [];
    for (const subscription of this.subscriptions.values()) {
      const changes = [];
      for (const shared of subscription.queries) {
        const delta = deltaOf(shared);
        if (delta.inserts.length > 0 || delta.deletes.length > 0) changes.push({ shared, delta });
      }
      if (changes.length > 0) updates.push({ subscription, changes });
    }
    const { origin } = event;
    const own = origin?.session === this && origin.requestId !== undefined;
    this.protocol.commit(event, updates, own);
    // Only once the answer is queued: a commit that throws (the hub closes the session) leaves the call to `answer`.
    if (own) this.answered.add(origin.requestId as number);
  }

  private get access() {
    return { isOwner: this.isOwner, identity: this.caller.identity };
  }

  private async receive(protocol: ProtocolHandler, data: Uint8Array, binary: boolean): Promise<void> {
    if (this.ended) return;
    if (binary !== protocol.binary) {
      const expected = protocol.binary ? 'binary' : 'text';
      this.close(UNSUPPORTED_DATA, `this protocol takes ${expected} frames only`);
      return;
    }
    try {
      await protocol.receive(data);
    } catch (error) {
      if (error instanceof ProtocolDecodeError) {
        this.close(POLICY_VIOLATION, error.message);
        return;
      }
      if (error instanceof DatabaseDroppedError) {
        const close = retiredClose(this.live.tables.retiredAs ?? 'deleted');
        this.close(close.code, close.reason);
        return;
      }
      this.context.reportError(error);
      this.close(1011, 'internal error');
    }
  }

  private inDatabase(work: (view: ReadView) => void): Promise<void> {
    return this.live.tables.read(this.context.storage, work);
  }

  private releaseAll(subscription: Subscription): void {
    for (const shared of subscription.queries) this.hub.release(shared);
  }

  /** The socket closed (or is closing): frees the subscriptions and runs the disconnect hook, once. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.outbound.stop();
    this.hub.detach(this);
    this.sessions.delete(this);
    for (const subscription of this.subscriptions.values()) this.releaseAll(subscription);
    this.subscriptions.clear();
    const caller = { identity: this.caller.identity, connectionId: this.connectionId };
    // Tracked: a shutting-down server waits for it before it closes the storage.
    this.sessions.track(disconnectSession(this.context, this.live, caller));
  }
}
