import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createSpacetimedbClient,
  type LiveConnection,
  LiveConnectionError,
  type LiveEvent,
  LiveProtocolError,
  LiveQueryError,
  LiveReducerError,
  LiveSubscriptionError,
  NotFoundError,
  type WebSocketConstructor,
} from '../src/spacetimedb/index.js';
import { rejection } from './helpers.js';
import { type FakeLiveServer, FIRST_USER_ID, startFakeLiveServer } from './spacetimedb-live-fake-server.js';

/**
 * The live client (`connectLive`, `v1.json.spacetimedb`) against a fake server speaking the
 * protocol (`spacetimedb-live-fake-server.ts`): connecting, subscribing, row events from this and
 * other connections' reducer calls, failures, one-off queries, unsubscribing and closing.
 */
let server: FakeLiveServer;
const open: LiveConnection[] = [];

beforeAll(async () => {
  server = await startFakeLiveServer();
});
afterAll(async () => {
  await Promise.all(open.map((live) => live.close()));
  await server?.close();
});

/** Node 20 has no global WebSocket: the `ws` package's, as users pass it. */
const WebSocketClass = WebSocket as unknown as WebSocketConstructor;

async function connect(token: string | null = 'user-token'): Promise<LiveConnection> {
  const stdb = createSpacetimedbClient({ baseUrl: server.baseUrl, token: token ?? undefined, maxRetries: 0 });
  const live = await stdb.connectLive(server.database, { WebSocket: WebSocketClass });
  open.push(live);
  return live;
}

/** Every row event of a connection, in order, as `kind table name [→ name]`. */
function recordEvents(live: LiveConnection): { log: string[]; events: LiveEvent[] } {
  const log: string[] = [];
  const events: LiveEvent[] = [];
  live.on('insert', (table, row, event) => {
    log.push(`insert ${table} ${row.name}`);
    events.push(event);
  });
  live.on('delete', (table, row, event) => {
    log.push(`delete ${table} ${row.name}`);
    events.push(event);
  });
  live.on('update', (table, oldRow, newRow, event) => {
    log.push(`update ${table} ${oldRow.name} → ${newRow.name}`);
    events.push(event);
  });
  return { log, events };
}

describe('connecting', () => {
  it('speaks v1.json with a short-lived token in the URL and learns its identity and connection id', async () => {
    const live = await connect('user-token');
    const upgrade = server.upgrades.at(-1);
    expect(upgrade?.protocols).toBe('v1.json.spacetimedb');
    expect(upgrade?.url.searchParams.get('token')).toBe('ws:user-token');
    expect(upgrade?.url.searchParams.get('compression')).toBe('None');
    expect(live.identity).toMatch(/^c+[0-9a-f]+$/);
    expect(live.identity).toHaveLength(64);
    expect(live.token).toMatch(/^token-\d+$/);
    // A u128 beyond 2^64, read exactly: 2^100 + n, as 32 hex digits.
    expect(live.connectionId).toMatch(/^0000001000000000000000000000000[0-9a-f]$/);
    expect(live.isOpen).toBe(true);
  });

  it('connects without a token (the server mints an identity), with no token in the URL', async () => {
    const live = await connect(null);
    expect(server.upgrades.at(-1)?.url.searchParams.has('token')).toBe(false);
    expect(live.identity).toHaveLength(64);
  });

  it('rejects an unknown database with the HTTP NotFoundError of its schema, before any socket', async () => {
    const stdb = createSpacetimedbClient({ baseUrl: server.baseUrl, token: 't', maxRetries: 0 });
    const sockets = server.upgrades.length;
    expect(await rejection(stdb.connectLive('nope', { WebSocket: WebSocketClass }))).toBeInstanceOf(NotFoundError);
    expect(server.upgrades.length).toBe(sockets);
  });

  it('asks for a WebSocket class when the runtime has none', async () => {
    const stdb = createSpacetimedbClient({ baseUrl: server.baseUrl, token: 't', maxRetries: 0 });
    const global = globalThis as { WebSocket?: unknown };
    if (global.WebSocket !== undefined) return; // Node 22+: there is one.
    const error = await rejection(stdb.connectLive(server.database));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/WebSocket/);
  });
});

describe('subscriptions and reducer calls', () => {
  it('subscribes, sees its own and another connection’s inserts, updates by primary key, and unsubscribes', async () => {
    const alice = await connect();
    const bob = await connect();
    const aliceEvents = recordEvents(alice);
    const bobEvents = recordEvents(bob);
    const bobTransactions: string[] = [];
    bob.on('transaction', (transaction) => bobTransactions.push(`${transaction.reducer.name} ${transaction.status}`));

    const before = (await alice.oneOffQuery('SELECT * FROM user'))[0]?.rows.length ?? 0;
    const subscription = await alice.subscribe('SELECT * FROM user');
    expect(subscription).toMatchObject({ queries: ['SELECT * FROM user'], tables: ['user'], active: true });
    expect(alice.rows('user')).toHaveLength(before);
    await bob.subscribe(['SELECT * FROM user']);

    const created = await alice.callReducer('create_user', ['ann@x', 'Ann', 30]);
    expect(created).toMatchObject({
      status: 'committed',
      reducer: { name: 'create_user', args: ['ann@x', 'Ann', 30] },
      callerIdentity: alice.identity,
      callerConnectionId: alice.connectionId,
    });
    expect(created.tables).toEqual([
      { table: 'user', inserts: [expect.objectContaining({ name: 'Ann' })], deletes: [] },
    ]);
    // The row events ran before the call resolved; the row is in the cache, keyed, its u64 exact.
    expect(aliceEvents.log.at(-1)).toBe('insert user Ann');
    expect(aliceEvents.events.at(-1)).toEqual({ kind: 'transaction', transaction: created });
    const ann = alice.rows('user').find((row) => row.name === 'Ann');
    expect(ann).toEqual({ id: expect.any(BigInt), email: 'ann@x', name: 'Ann', age: 30 });
    expect(ann?.id as bigint).toBeGreaterThanOrEqual(FIRST_USER_ID);
    expect(alice.rawRows('user')).toContainEqual([ann?.id, 'ann@x', 'Ann', 30]);

    // Bob's cache follows Alice's call; his transaction event names her as the caller.
    await until(() => bob.rows('user').some((row) => row.name === 'Ann'));
    expect(bobEvents.log.at(-1)).toBe('insert user Ann');
    expect(bobTransactions.at(-1)).toBe('create_user committed');

    await bob.callReducer('rename_user', [ann?.id, 'Anne']);
    await until(() => aliceEvents.log.at(-1) === 'update user Ann → Anne');
    expect(bobEvents.log.at(-1)).toBe('update user Ann → Anne');
    expect(alice.rows('user').filter((row) => row.id === ann?.id)).toEqual([{ ...ann, name: 'Anne' }]);

    await subscription.unsubscribe();
    expect(subscription.active).toBe(false);
    expect(alice.rows('user')).toEqual([]);
    expect(aliceEvents.log.at(-1)).toMatch(/^delete user /);
    expect(aliceEvents.events.at(-1)).toEqual({ kind: 'unsubscribeApplied', subscription });
    // Unsubscribed, Alice's own calls still answer, and others' no longer reach her.
    const events = aliceEvents.log.length;
    await alice.callReducer('create_user', ['bo@x', 'Bo', 40]);
    await bob.callReducer('create_user', ['cy@x', 'Cy', 50]);
    expect(aliceEvents.log.length).toBe(events);
    expect(bob.rows('user').map((row) => row.name)).toEqual(expect.arrayContaining(['Anne', 'Bo', 'Cy']));
  });

  it('keeps a row matched by two subscriptions until both end', async () => {
    const live = await connect();
    const { log } = recordEvents(live);
    const first = await live.subscribe('SELECT * FROM user');
    const second = await live.subscribe('select * from user');
    const count = live.rows('user').length;
    expect(log.length).toBe(count); // The second subscription's rows were already there: no events.
    await live.callReducer('create_user', ['di@x', 'Di', 20]);
    expect(live.rows('user').filter((row) => row.name === 'Di')).toHaveLength(1);
    expect(log.filter((line) => line === 'insert user Di')).toHaveLength(1);
    await first.unsubscribe();
    expect(live.rows('user')).toHaveLength(count + 1);
    await second.unsubscribe();
    expect(live.rows('user')).toEqual([]);
  });

  it('rejects a refused query with LiveSubscriptionError and keeps the connection', async () => {
    const live = await connect();
    const error = await rejection(live.subscribe(['SELECT * FROM user', 'SELECT * FROM nope']));
    expect(error).toBeInstanceOf(LiveSubscriptionError);
    expect(error).toMatchObject({ queries: ['SELECT * FROM user', 'SELECT * FROM nope'] });
    expect((error as Error).message).toMatch(/unsupported query/);
    expect(live.subscriptions).toEqual([]);
    expect(live.isOpen).toBe(true);
  });

  it('rejects failed reducer calls with LiveReducerError, also those the server answers without our request id', async () => {
    const live = await connect();
    const failed = await rejection(live.callReducer('fail_always', ['x']));
    expect(failed).toBeInstanceOf(LiveReducerError);
    expect((failed as LiveReducerError).message).toBe('fail_always always fails');
    expect((failed as LiveReducerError).transaction).toMatchObject({
      status: 'failed',
      reducer: { name: 'fail_always' },
    });

    const unknown = await rejection(live.callReducer('no_such_reducer'));
    expect(unknown).toBeInstanceOf(LiveReducerError);
    expect((unknown as Error).message).toMatch(/no such reducer/);
    // A later call is answered by its own request id.
    expect((await live.callReducer('create_user', ['ed@x', 'Ed', 1])).status).toBe('committed');
  });

  it('sends bigint arguments digit for digit', async () => {
    const live = await connect();
    await live.subscribe('SELECT * FROM user');
    const created = await live.callReducer('create_user', ['fay@x', 'Fay', 2]);
    const id = created.tables[0]?.inserts[0]?.id as bigint;
    const renamed = await live.callReducer('rename_user', { id, name: 'Faye' } as Record<string, unknown>);
    expect(renamed.status).toBe('committed');
    const unknownId = await rejection(live.callReducer('rename_user', [id + 10n ** 6n, 'x']));
    expect((unknownId as Error).message).toBe('no such user');
  });
});

describe('ending subscriptions', () => {
  it('unsubscribe() twice while under way returns the same promise, and both callers see it end', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['ida@x', 'Ida', 3]);
    const subscription = await live.subscribe('SELECT * FROM user');
    const first = subscription.unsubscribe();
    const second = subscription.unsubscribe();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(subscription.active).toBe(false);
    expect(live.rows('user')).toEqual([]);
    await subscription.unsubscribe(); // Ended: resolves at once.
  });

  it('rejects an unsubscribe the server answers with SubscriptionError; the subscription and its rows are gone', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['jo@x', 'Jo', 4]);
    const { log, events } = recordEvents(live);
    const errors: unknown[] = [];
    live.on('error', (error) => errors.push(error));
    const subscription = await live.subscribe('SELECT * FROM user');
    const held = live.rows('user').length;
    server.refuseUnsubscribes = true;
    try {
      const error = await rejection(subscription.unsubscribe());
      expect(error).toBeInstanceOf(LiveSubscriptionError);
      expect(error).toMatchObject({ message: 'unsubscribe refused', queries: ['SELECT * FROM user'] });
    } finally {
      server.refuseUnsubscribes = false;
    }
    expect(subscription.active).toBe(false);
    expect(live.rows('user')).toEqual([]);
    expect(log.filter((line) => line.startsWith('delete user'))).toHaveLength(held);
    expect(events.at(-1)).toMatchObject({ kind: 'subscriptionError', error: { message: 'unsubscribe refused' } });
    expect(errors).toEqual([]); // The unsubscribe owned the error.
  });

  it('takes the rows of a subscription the server drops out of the cache, with delete events and an error event', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['kim@x', 'Kim', 5]);
    const { log, events } = recordEvents(live);
    const errors: unknown[] = [];
    live.on('error', (error) => errors.push(error));
    const subscription = await live.subscribe('SELECT * FROM user');
    const held = live.rows('user').length;
    expect(held).toBeGreaterThan(0);
    server.dropSubscriptions(server.sockets.at(-1) as (typeof server.sockets)[number], 'query failed');
    await until(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(LiveSubscriptionError);
    expect(errors[0]).toMatchObject({ message: 'query failed', queries: ['SELECT * FROM user'] });
    expect(subscription.active).toBe(false);
    expect(live.rows('user')).toEqual([]);
    expect(log.filter((line) => line.startsWith('delete user'))).toHaveLength(held);
    expect(events.at(-1)).toEqual({ kind: 'subscriptionError', error: errors[0] });
  });

  it('keeps the rows of a dropped subscription while another holds them, and lets them go with the last one', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['ned@x', 'Ned', 8]);
    const errors: unknown[] = [];
    live.on('error', (error) => errors.push(error));
    const dropped = await live.subscribe('SELECT * FROM user');
    const kept = await live.subscribe('select * from user');
    const held = live.rows('user').length;
    server.dropSubscriptions(server.sockets.at(-1) as (typeof server.sockets)[number], 'query failed', [
      dropped.queryId,
    ]);
    await until(() => errors.length > 0);
    expect([dropped.active, kept.active]).toEqual([false, true]);
    expect(live.rows('user')).toHaveLength(held);
    await kept.unsubscribe();
    expect(live.rows('user')).toEqual([]);
  });

  it('holds no rows once closed', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['lu@x', 'Lu', 6]);
    await live.subscribe('SELECT * FROM user');
    expect(live.rows('user').length).toBeGreaterThan(0);
    await live.close();
    expect(live.rows('user')).toEqual([]);
    expect(live.rawRows('user')).toEqual([]);
  });

  it('reads each row of a transaction once: the row event and the transaction carry the same object', async () => {
    const live = await connect();
    await live.subscribe('SELECT * FROM user');
    const inserted: unknown[] = [];
    live.on('insert', (_table, row) => inserted.push(row));
    const transaction = await live.callReducer('create_user', ['mo@x', 'Mo', 7]);
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toBe(transaction.tables[0]?.inserts[0]);
  });
});

describe('one-off queries', () => {
  it('answers rows keyed by column name, and LiveQueryError for a refused query', async () => {
    const live = await connect();
    await live.callReducer('create_user', ['gus@x', 'Gus', 60]);
    const [result] = await live.oneOffQuery('SELECT * FROM user');
    expect(result?.table).toBe('user');
    expect(result?.rows).toContainEqual({ id: expect.any(BigInt), email: 'gus@x', name: 'Gus', age: 60 });
    expect(result?.rawRows.length).toBe(result?.rows.length);

    const error = await rejection(live.oneOffQuery('SELECT * FROM nope'));
    expect(error).toBeInstanceOf(LiveQueryError);
    expect(error).toMatchObject({ query: 'SELECT * FROM nope' });
  });
});

describe('closing', () => {
  it('close() resolves with a clean close, emits close, and later calls reject', async () => {
    const live = await connect();
    const closes: number[] = [];
    live.on('close', (info) => closes.push(info.code));
    const info = await live.close();
    expect(info).toMatchObject({ code: 1000, wasClean: true });
    expect(closes).toEqual([1000]);
    expect(live.isOpen).toBe(false);
    expect(await rejection(live.callReducer('create_user', ['h@x', 'H', 1]))).toBeInstanceOf(LiveConnectionError);
  });

  it('rejects pending calls when the server drops the connection', async () => {
    const live = await connect();
    const socket = server.sockets.at(-1);
    const pending = live.oneOffQuery('SELECT * FROM user');
    socket?.terminate();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(LiveConnectionError);
    expect((error as LiveConnectionError).close?.code).toBe(1006);
    expect((await live.closed).code).toBe(1006);
  });

  it('closes on an unreadable server message, with a LiveProtocolError event', async () => {
    const live = await connect();
    const errors: unknown[] = [];
    live.on('error', (error) => errors.push(error));
    server.sockets.at(-1)?.send('{"NotJson": ');
    await live.closed;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LiveProtocolError);
  });
});

/** Waits (up to 2 s) for a condition another connection's message makes true. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
