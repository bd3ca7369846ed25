import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { loadTestModule, MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createSpacetimedbClient,
  type LiveConnection,
  LiveQueryError,
  LiveReducerError,
  LiveSubscriptionError,
  type SpacetimedbClient,
  type WebSocketConstructor,
} from '../src/spacetimedb/index.js';
import { rejection } from './helpers.js';

/**
 * The live client (`connectLive`, `v1.json.spacetimedb`) against the reference SpacetimeDB host
 * with the keyed test module: two connections subscribe, reducer calls over the socket and over
 * HTTP reach both caches as row events, failures roll back, one-off queries read the table.
 */
let server: RunningServer;
const open: LiveConnection[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ ports: { spacetimedb: 0 }, validateResponses: true, logger: false });
});
afterAll(async () => {
  await Promise.all(open.map((live) => live.close()));
  await server?.close();
});

/** Node 20 has no global WebSocket: the `ws` package's, as users pass it. */
const WebSocketClass = WebSocket as unknown as WebSocketConstructor;

const client = (token?: string): SpacetimedbClient =>
  createSpacetimedbClient({ baseUrl: server.urls.spacetimedb, token, maxRetries: 0 });

async function connect(stdb: SpacetimedbClient, database: string): Promise<LiveConnection> {
  const live = await stdb.connectLive(database, { WebSocket: WebSocketClass });
  open.push(live);
  return live;
}

let databases = 0;
async function publishKeyed(owner: SpacetimedbClient): Promise<string> {
  const name = `live-keyed-${++databases}`;
  await owner.publishDatabase(name, await loadTestModule('keyed'));
  return name;
}

const names = (live: LiveConnection, table = 'user') =>
  live
    .rows(table)
    .map((row) => row.name as string)
    .sort();

describe('live connections to the reference host', () => {
  it('two connections subscribe; calls over the socket and over HTTP reach both caches', async () => {
    const owner = client();
    const database = await publishKeyed(owner);
    // The owner's connection acts as the owner (its token exchanged for a websocket token).
    const alice = await connect(owner, database);
    expect(alice.identity).toBe(owner.identity);
    expect(alice.connectionId).toMatch(/^[0-9a-f]{32}$/);
    // A client without a token gets a fresh identity from the server.
    const bob = await connect(client(), database);
    expect(bob.identity).toMatch(/^[0-9a-f]{64}$/);
    expect(bob.identity).not.toBe(alice.identity);

    const bobLog: string[] = [];
    bob.on('insert', (table, row) => bobLog.push(`insert ${table} ${row.name}`));
    bob.on('update', (table, oldRow, newRow) => bobLog.push(`update ${table} ${oldRow.name} → ${newRow.name}`));
    const aliceSubscription = await alice.subscribe('SELECT * FROM user');
    expect(aliceSubscription.active).toBe(true);
    await bob.subscribe('SELECT * FROM user WHERE age > 30');
    expect(alice.rows('user')).toEqual([]);

    const created = await alice.callReducer('create_user', ['ann@x', 'Ann', 31]);
    expect(created).toMatchObject({
      status: 'committed',
      reducer: { name: 'create_user', args: ['ann@x', 'Ann', 31] },
      callerIdentity: alice.identity,
      callerConnectionId: alice.connectionId,
    });
    const [ann] = alice.rows('user');
    expect(ann).toMatchObject({ email: 'ann@x', name: 'Ann', age: 31 });
    await until(() => bobLog.includes('insert user Ann'));

    // Too young for Bob's filter: only Alice's cache has Bo.
    await alice.callReducer('create_user', ['bo@x', 'Bo', 20]);
    expect(names(alice)).toEqual(['Ann', 'Bo']);

    await bob.callReducer('rename_user', [ann?.id, 'Anne']);
    await until(() => bobLog.includes('update user Ann → Anne'));
    await until(() => names(alice).includes('Anne'));
    expect(names(bob)).toEqual(['Anne']);

    // A call over HTTP, by someone else, reaches the subscribers too.
    await client().callReducer(database, 'create_user', ['cy@x', 'Cy', 50]);
    await until(() => names(alice).includes('Cy') && names(bob).includes('Cy'));
    expect(names(alice)).toEqual(['Anne', 'Bo', 'Cy']);

    const [result] = await bob.oneOffQuery('SELECT * FROM user');
    expect(result?.rows.map((row) => row.name).sort()).toEqual(['Anne', 'Bo', 'Cy']);

    await aliceSubscription.unsubscribe();
    expect(alice.rows('user')).toEqual([]);
    expect(aliceSubscription.active).toBe(false);
  });

  it('rejects a failed call (rolled back) and a refused query, and keeps the connection', async () => {
    const owner = client();
    const database = await publishKeyed(owner);
    const live = await connect(owner, database);
    await live.subscribe('SELECT * FROM user');

    const failed = await rejection(live.callReducer('add_then_fail', ['dee@x', 'Dee']));
    expect(failed).toBeInstanceOf(LiveReducerError);
    expect((failed as Error).message).toContain(MESSAGES.addThenFail);
    expect(live.rows('user')).toEqual([]);

    expect(await rejection(live.callReducer('no_such_reducer', []))).toBeInstanceOf(LiveReducerError);
    expect(await rejection(live.subscribe('SELECT * FROM no_such_table'))).toBeInstanceOf(LiveSubscriptionError);
    expect(await rejection(live.oneOffQuery('SELECT * FROM no_such_table'))).toBeInstanceOf(LiveQueryError);

    expect((await live.callReducer('create_user', ['eve@x', 'Eve', 40])).status).toBe('committed');
    expect(names(live)).toEqual(['Eve']);
  });
});

/** Waits (up to 5 s) for a condition another connection's message makes true. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
