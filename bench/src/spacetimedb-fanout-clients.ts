/**
 * The two kinds of client of the fan-out benchmark, each on its own v2 socket
 * (spacetimedb-fanout-socket.ts):
 * - a `Subscriber` subscribes to `SELECT * FROM user` and counts every inserted row each
 *   `TransactionUpdate` brings it (by email: every call creates a new one), telling `Deliveries`
 *   when it arrived;
 * - a `Caller` calls `create_user` through `CallReducer` and answers when its `ReducerResult` arrived.
 */
import { decodeProduct, encodeProduct, type ProductType } from '@dbwire/spacetimedb-sats';
import { decodeRowList, type V2ServerMessage } from '@dbwire/spacetimedb-sats/protocol';
import { testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { userOf } from './spacetimedb-api.js';
import { V2Socket } from './spacetimedb-fanout-socket.js';

export const SUBSCRIPTION = 'SELECT * FROM user';
const TABLE = 'user';
const QUERY_SET_ID = 1;
const SUBSCRIBE_TIMEOUT_MS = 20_000;

const KEYED = testModuleDef('keyed');

/** `user`'s row type (`id: u64, email: String, name: String, age: u32`), from the module's definition. */
const USER_ROW: ProductType = (() => {
  const type = KEYED.typespace.types[0];
  if (type === undefined || !('Product' in type)) throw new Error('keyed: the first type is not the user row');
  return type.Product;
})();

/** `create_user`'s parameters (`email, name, age`): its BSATN arguments are a product of them. */
const CREATE_USER_PARAMS: ProductType = (() => {
  const reducer = KEYED.reducers.find((candidate) => candidate.name === 'create_user');
  if (reducer === undefined) throw new Error('keyed has no create_user');
  return reducer.params;
})();

// ------------------------------------------------------------------------------------------------
// Deliveries of the call in flight
// ------------------------------------------------------------------------------------------------

interface Awaited {
  remaining: number;
  arrivals: number[];
  resolve: (arrivals: number[]) => void;
}

/**
 * The rows a caller waits to see delivered: per email, how many subscribers must still receive it,
 * and when each did.
 */
export class Deliveries {
  private readonly awaited = new Map<string, Awaited>();

  /** Answers the arrival times at `subscribers` subscribers of the row `email` (at once for none). */
  expect(email: string, subscribers: number): Promise<number[]> {
    if (subscribers === 0) return Promise.resolve([]);
    return new Promise((resolve) => this.awaited.set(email, { remaining: subscribers, arrivals: [], resolve }));
  }

  /** A subscriber received the row `email` at `arrivedAt`. */
  arrived(email: string, arrivedAt: number): void {
    const awaited = this.awaited.get(email);
    if (awaited === undefined) return; // not awaited (any more): the subscriber's own count says whether it belongs
    awaited.arrivals.push(arrivedAt);
    if (--awaited.remaining > 0) return;
    this.awaited.delete(email);
    awaited.resolve(awaited.arrivals);
  }

  /** Stops waiting for `email` (its call failed or timed out). */
  forget(email: string): void {
    this.awaited.delete(email);
  }
}

// ------------------------------------------------------------------------------------------------
// Subscriber
// ------------------------------------------------------------------------------------------------

export class Subscriber {
  /** Times each email was received as an insert. */
  readonly received = new Map<string, number>();
  /** What was wrong with a message, first seen (a delete, another table, an undecodable row...). */
  problem: string | undefined;

  private constructor(
    private readonly socket: V2Socket,
    private readonly deliveries: Deliveries,
  ) {}

  /**
   * Connects to `database`, subscribes to `SELECT * FROM user` and answers once it is applied.
   * Throws unless the subscription's initial rows are exactly `existing` (emails).
   */
  static async open(
    base: string,
    database: string,
    token: string,
    deliveries: Deliveries,
    existing: ReadonlySet<string>,
  ): Promise<Subscriber> {
    const socket = await V2Socket.open(base, database, token);
    const subscriber = new Subscriber(socket, deliveries);
    const applied = new Promise<Uint8Array[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no SubscribeApplied in ${SUBSCRIBE_TIMEOUT_MS} ms`)),
        SUBSCRIBE_TIMEOUT_MS,
      );
      socket.onMessage((message) => {
        clearTimeout(timer);
        if (!('SubscribeApplied' in message)) return reject(new Error(`subscribing answered ${describe(message)}`));
        const rows = message.SubscribeApplied.rows.tables.flatMap((table) =>
          table.table === TABLE ? decodeRowList(table.rows) : [],
        );
        resolve(rows);
      });
    });
    socket.send({ Subscribe: { request_id: 1, query_set_id: { id: QUERY_SET_ID }, query_strings: [SUBSCRIPTION] } });
    const initial = (
      await applied.catch(async (error: unknown) => {
        await socket.close();
        throw error;
      })
    ).map(emailOf);
    if (initial.length !== existing.size || !initial.every((email) => existing.has(email))) {
      await socket.close();
      throw new Error(`the subscription's initial rows are ${initial.length} users, ${existing.size} expected`);
    }
    for (const email of initial) subscriber.received.set(email, 1);
    socket.onMessage((message, arrivedAt) => subscriber.handle(message, arrivedAt));
    return subscriber;
  }

  /** Why this subscriber's socket closed, if it did. */
  get closedBecause(): string | undefined {
    return this.socket.closedBecause;
  }

  close(): Promise<void> {
    return this.socket.close();
  }

  private handle(message: V2ServerMessage, arrivedAt: number): void {
    if (!('TransactionUpdate' in message)) {
      this.note(`an unexpected ${describe(message)}`);
      return;
    }
    for (const set of message.TransactionUpdate.query_sets) {
      if (set.query_set_id.id !== QUERY_SET_ID) this.note(`an update of query set ${set.query_set_id.id}`);
      for (const table of set.tables) {
        if (table.table_name !== TABLE) this.note(`an update of table ${table.table_name}`);
        for (const rows of table.rows) {
          if (!('PersistentTable' in rows)) {
            this.note('event-table rows');
            continue;
          }
          if (decodeRowList(rows.PersistentTable.deletes).length > 0) this.note('deleted rows');
          for (const row of decodeRowList(rows.PersistentTable.inserts)) this.inserted(row, arrivedAt);
        }
      }
    }
  }

  private inserted(row: Uint8Array, arrivedAt: number): void {
    let email: string;
    try {
      email = emailOf(row);
    } catch (error) {
      this.note(`an undecodable row: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.received.set(email, (this.received.get(email) ?? 0) + 1);
    this.deliveries.arrived(email, arrivedAt);
  }

  private note(problem: string): void {
    this.problem ??= problem;
  }
}

/** The email of a BSATN `user` row, checked to be the row its call created. */
function emailOf(row: Uint8Array): string {
  const [, email, name, age] = decodeProduct(USER_ROW, row) as [bigint, string, string, number];
  const serial = Number(/^u(\d+)@/.exec(email)?.[1]);
  const expected = userOf(serial);
  if (expected.email !== email || expected.name !== name || expected.age !== age) {
    throw new Error(`user ${JSON.stringify([email, name, age])} is not as created`);
  }
  return email;
}

// ------------------------------------------------------------------------------------------------
// Caller
// ------------------------------------------------------------------------------------------------

interface PendingCall {
  resolve: (arrivedAt: number) => void;
  reject: (error: Error) => void;
}

export class Caller {
  private readonly pending = new Map<number, PendingCall>();
  private nextRequest = 1;

  private constructor(private readonly socket: V2Socket) {
    socket.onMessage((message, arrivedAt) => this.handle(message, arrivedAt));
  }

  /** Connects to `database` (no subscription: its calls' `ReducerResult`s carry no rows). */
  static async open(base: string, database: string, token: string): Promise<Caller> {
    return new Caller(await V2Socket.open(base, database, token));
  }

  /**
   * Calls `create_user` for `userOf(serial)`; answers when its `ReducerResult` arrived, and rejects
   * unless the reducer committed (`Ok` or `OkEmpty`).
   */
  createUser(serial: number): Promise<number> {
    const { email, name, age } = userOf(serial);
    const request_id = this.nextRequest++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(request_id, { resolve, reject });
      this.socket.send({
        CallReducer: {
          request_id,
          flags: 0,
          reducer: 'create_user',
          args: encodeProduct(CREATE_USER_PARAMS, [email, name, age]),
        },
      });
    });
  }

  /** Why this caller's socket closed, if it did. */
  get closedBecause(): string | undefined {
    return this.socket.closedBecause;
  }

  close(): Promise<void> {
    for (const call of this.pending.values()) call.reject(new Error('the caller closed'));
    this.pending.clear();
    return this.socket.close();
  }

  private handle(message: V2ServerMessage, arrivedAt: number): void {
    if (!('ReducerResult' in message)) {
      for (const call of this.pending.values()) call.reject(new Error(`the caller received ${describe(message)}`));
      this.pending.clear();
      return;
    }
    const { request_id, result } = message.ReducerResult;
    const call = this.pending.get(request_id);
    if (call === undefined) return;
    this.pending.delete(request_id);
    if ('Ok' in result || 'OkEmpty' in result) call.resolve(arrivedAt);
    else call.reject(new Error(`create_user answered ${JSON.stringify(result, bigintText).slice(0, 300)}`));
  }
}

/** A server message's variant, for errors. */
function describe(message: V2ServerMessage): string {
  if ('SubscriptionError' in message) return `SubscriptionError: ${message.SubscriptionError.error}`;
  return Object.keys(message)[0] ?? 'an empty message';
}

const bigintText = (_: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
