import type { CommitEvent, RetireReason, Row } from '../datastore/index.js';
import type { LiveDatabase } from '../runtime.js';
import type { SubscriptionQuery } from './query.js';

/** What one commit did to one query's rows. */
export interface QueryDelta {
  readonly inserts: readonly Row[];
  readonly deletes: readonly Row[];
}

/**
 * A compiled query shared by every subscription of the same SQL (and, when it reads `:sender`, the
 * same subscriber): its delta is computed once per commit whoever subscribed to it. `cache` is a
 * place for encoders to keep what they made of the current commit's delta (see `HubClient`).
 */
export interface SharedQuery {
  readonly key: string;
  readonly query: SubscriptionQuery;
  /** Per-commit encodings of the delta (by encoder name), shared by all sessions; cleared after the fan-out. */
  readonly cache: Map<string, unknown>;
}

/** A session as the hub sees it. */
export interface HubClient {
  /**
   * One commit, in commit order, synchronously inside the database's queue: `deltaOf` gives each
   * shared query's delta (computed on first ask, then shared with every other session).
   */
  commit(event: CommitEvent, deltaOf: (query: SharedQuery) => QueryDelta): void;
  /** Closes the session's socket: the database went away, or the session failed on a commit. */
  close(code: number, reason: string): void;
}

/** A WebSocket close code (RFC 6455 §7.4) and its reason. */
export interface CloseReason {
  readonly code: number;
  readonly reason: string;
}

/** Close code and reason when the database is deleted: a normal closure, there is nothing to come back to. */
export const DELETED_CLOSE = { code: 1000, reason: 'database deleted' } as const;
/** Close code and reason when it is republished: 1012 "service restart", reconnecting gets the new module. */
export const REPLACED_CLOSE = { code: 1012, reason: 'database updated; reconnect' } as const;

/** Close code and reason for a session that failed on a commit: reconnecting resyncs it. */
export const FAILED_CLOSE = { code: 1011, reason: 'internal error' } as const;

/** How sessions of a database that went away for `reason` are closed. */
export function retiredClose(reason: RetireReason): CloseReason {
  return reason === 'deleted' ? DELETED_CLOSE : REPLACED_CLOSE;
}

/**
 * The encoding `name` of `shared`'s delta in the current commit: `make` runs for the first session
 * that asks, every other session sharing the query gets the same value (the hub drops it after
 * the fan-out).
 */
export function encodedOnce<T>(shared: SharedQuery, name: string, make: () => T): T {
  if (shared.cache.has(name)) return shared.cache.get(name) as T;
  const encoded = make();
  shared.cache.set(name, encoded);
  return encoded;
}

const NO_CHANGE: QueryDelta = { inserts: [], deletes: [] };

/** The key two subscriptions share their compiled query by. */
export function sharedQueryKey(sql: string, tableId: number, sender: string): string {
  // `:sender` is the only thing that makes one SQL text mean different rows for different callers.
  return /:sender\b/i.test(sql) ? `${tableId}\u0000${sql}\u0000${sender}` : `${tableId}\u0000${sql}`;
}

/**
 * The subscriptions of one live database: the sessions attached to it and the distinct queries they
 * subscribed to. Registered as a commit listener of the database's tables, it computes each
 * touched query's delta once per commit and hands every session the commit in commit order. When
 * the tables stop being the database's, every session is told to close.
 */
export class SubscriptionHub {
  private readonly clients = new Set<HubClient>();
  private readonly queries = new Map<string, { shared: SharedQuery; users: number }>();
  private readonly stops: (() => void)[] = [];
  private closed: CloseReason | undefined;

  /**
   * `reportError` hears of a session that failed on a commit; `retired`: the database already
   * went away (the hub is made closed; nothing listens).
   */
  constructor(
    readonly live: LiveDatabase,
    private readonly reportError: (error: unknown) => void,
    retired?: CloseReason,
  ) {
    // Tables that already retired never call `onRetire` again: the hub starts closed.
    const dropped = live.tables.retiredAs;
    this.closed = retired ?? (dropped === undefined ? undefined : retiredClose(dropped));
    if (this.closed !== undefined) return;
    this.stops.push(live.tables.onCommit((event) => this.onCommit(event)));
    this.stops.push(live.tables.onRetire((reason) => this.retire(retiredClose(reason))));
  }

  get sessionCount(): number {
    return this.clients.size;
  }

  get queryCount(): number {
    return this.queries.size;
  }

  /**
   * Adds a session; when the database already went away, adds nothing and returns how to close
   * the session's socket instead.
   */
  attach(client: HubClient): CloseReason | undefined {
    if (this.closed !== undefined) return this.closed;
    this.clients.add(client);
    return undefined;
  }

  detach(client: HubClient): void {
    this.clients.delete(client);
  }

  /** The shared entry of `query` (the one already registered under `key` when there is one); pair with `release`. */
  acquire(key: string, query: SubscriptionQuery): SharedQuery {
    const known = this.queries.get(key);
    if (known !== undefined) {
      known.users++;
      return known.shared;
    }
    const shared: SharedQuery = { key, query, cache: new Map() };
    this.queries.set(key, { shared, users: 1 });
    return shared;
  }

  release(shared: SharedQuery): void {
    const known = this.queries.get(shared.key);
    if (known === undefined || known.shared !== shared) return;
    if (--known.users <= 0) this.queries.delete(shared.key);
  }

  /** Closes every session (the database went away) and stops listening. Idempotent. */
  retire(close: CloseReason): void {
    if (this.closed !== undefined) return;
    this.closed = close;
    for (const stop of this.stops) stop();
    const clients = [...this.clients];
    this.clients.clear();
    this.queries.clear();
    for (const client of clients) client.close(close.code, close.reason);
  }

  private onCommit(event: CommitEvent): void {
    const touched = new Set(event.changes.tables.map((table) => table.tableId));
    const deltas = new Map<SharedQuery, QueryDelta>();
    const deltaOf = (shared: SharedQuery): QueryDelta => {
      let delta = deltas.get(shared);
      if (delta === undefined) {
        delta = shared.query.readsTables.some((table) => touched.has(table))
          ? shared.query.delta(event.changes, event.after)
          : NO_CHANGE;
        deltas.set(shared, delta);
      }
      return delta;
    };
    for (const client of [...this.clients]) {
      try {
        client.commit(event, deltaOf);
      } catch (error) {
        // One session's failure must not keep the others from their updates. That session has a
        // gap now: closing it makes its client reconnect and resync.
        this.reportError(error);
        this.detach(client);
        client.close(FAILED_CLOSE.code, FAILED_CLOSE.reason);
      }
    }
    // The encodings served this commit only: keeping them would hold the rows until the next one.
    for (const shared of deltas.keys()) shared.cache.clear();
  }
}

/**
 * One hub per live database, made on first use. A database that went away before its first
 * session attached (deleted or republished between the 101 and `accept`) is remembered, so its
 * hub is made closed and the session closes at once with the right code.
 */
export class SubscriptionHubs {
  private readonly hubs = new WeakMap<LiveDatabase, SubscriptionHub>();
  private readonly retired = new WeakMap<LiveDatabase, CloseReason>();

  /** `reportError` hears of sessions that failed on a commit (they are closed with 1011). */
  constructor(private readonly reportError: (error: unknown) => void) {}

  /** The hub of `live` (closed when `live` was retired). */
  of(live: LiveDatabase): SubscriptionHub {
    let hub = this.hubs.get(live);
    if (hub === undefined) {
      hub = new SubscriptionHub(live, this.reportError, this.retired.get(live));
      this.hubs.set(live, hub);
    }
    return hub;
  }

  /** `live` is no longer the database's (the runtime forgot or replaced it): close its sessions. */
  retire(live: LiveDatabase, reason: RetireReason): void {
    const close = retiredClose(reason);
    if (!this.retired.has(live)) this.retired.set(live, close);
    this.hubs.get(live)?.retire(close);
  }
}
