/**
 * `dbwire serve`'s SpacetimeDB host driven by the real TypeScript client, `spacetimedb@2.10.1` (the
 * published SDK), through its own API only, with hand-written bindings for the test modules
 * (fixtures/spacetimedb-bindings). The client speaks `v2.bsatn.spacetimedb` (it offers v3 first),
 * swaps a token for a short-lived one at `POST /v1/identity/websocket-token` before connecting,
 * asks for gzip unless told otherwise, and builds its row cache from `SubscribeApplied`, the
 * caller's `ReducerResult` and everyone else's `TransactionUpdate`: a server that got any of that
 * wrong fails here.
 */
import { loadTestModule, MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { WebSocket as UndiciWebSocket } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DbConnection as KeyedConnection, tables, type User } from './fixtures/spacetimedb-bindings/keyed.js';
import { DbConnection as QuickstartConnection } from './fixtures/spacetimedb-bindings/quickstart.js';
import type {
  ClientTable,
  ClientTableWithPrimaryKey,
  ConnectionBuilder,
  EventContext,
  Identity,
  SubscriptionBuilder,
  SubscriptionHandle,
  TypedQuery,
} from './fixtures/spacetimedb-bindings/sdk.js';
import { setGlobalLogLevel } from './fixtures/spacetimedb-bindings/sdk.js';
import { type ServeProcess, startServe } from './helpers/serve.js';

/** How long any one awaited callback may take (the server answers in milliseconds). */
const CALLBACK_TIMEOUT_MS = 5_000;

let serve: ServeProcess & { urls: Record<string, string> };
let origin: string;
/** The names the test modules are published under. */
const KEYED = 'client-keyed';
const QUICKSTART = 'client-quickstart';
/** The token of the identity that published `quickstart` (the owner of its private table). */
let quickstartOwnerToken: string;

/** The client's sockets, each with the first byte (the compression tag) of every frame it received. */
class RecordingWebSocket extends UndiciWebSocket {
  static readonly opened: RecordingWebSocket[] = [];
  readonly compressionTags: number[] = [];

  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    RecordingWebSocket.opened.push(this);
    this.addEventListener('message', (event) => {
      this.compressionTags.push(new Uint8Array(event.data as ArrayBuffer)[0] as number);
    });
  }
}

/** Every connection a test opened, closed after it. */
const open: Array<{ disconnect(): void }> = [];

beforeAll(async () => {
  // Node 20 has no global WebSocket; the SDK uses the global when there is one.
  globalThis.WebSocket = RecordingWebSocket as unknown as typeof WebSocket;
  setGlobalLogLevel('warn');
  serve = await startServe(['--engine', 'memory']);
  origin = serve.urls.spacetimedb as string;
  await publish(KEYED, await loadTestModule('keyed'));
  quickstartOwnerToken = await publish(QUICKSTART, await loadTestModule('quickstart'));
}, 60_000);

afterEach(() => {
  for (const connection of open.splice(0)) connection.disconnect();
});

afterAll(() => {
  serve?.child.kill('SIGKILL');
});

/** Publishes a module under a name as a fresh anonymous identity; resolves with that owner's token. */
async function publish(name: string, wasm: Uint8Array<ArrayBuffer>): Promise<string> {
  const response = await fetch(`${origin}/v1/database/${name}`, { method: 'PUT', body: wasm });
  if (response.status !== 200) throw new Error(`publishing ${name}: ${response.status} ${await response.text()}`);
  return response.headers.get('spacetime-identity-token') as string;
}

/**
 * Resolves with the arguments of the first call of a callback registered with `on` (and removed
 * with `off` once called); rejects after `CALLBACK_TIMEOUT_MS`, naming what it waited for.
 */
function nextCall<Args extends unknown[]>(
  what: string,
  on: (callback: (...args: Args) => void) => void,
  off: (callback: (...args: Args) => void) => void = () => {},
): Promise<Args> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off(callback);
      reject(new Error(`timed out waiting for ${what}`));
    }, CALLBACK_TIMEOUT_MS);
    const callback = (...args: Args) => {
      clearTimeout(timer);
      off(callback);
      resolve(args);
    };
    on(callback);
  });
}

/** The next row a table's cache inserts, with the context that says why. */
const nextInsert = <Row, Args>(what: string, table: ClientTable<Row, Args>) =>
  nextCall<[EventContext<Args>, Row]>(
    what,
    (cb) => table.onInsert(cb),
    (cb) => table.removeOnInsert(cb),
  );

/** The next row a table's cache deletes. */
const nextDelete = <Row, Args>(what: string, table: ClientTable<Row, Args>) =>
  nextCall<[EventContext<Args>, Row]>(
    what,
    (cb) => table.onDelete(cb),
    (cb) => table.removeOnDelete(cb),
  );

/** The next update (old and new row) of a table with a primary key. */
const nextUpdate = <Row, Args>(what: string, table: ClientTableWithPrimaryKey<Row, Args>) =>
  nextCall<[EventContext<Args>, Row, Row]>(
    what,
    (cb) => table.onUpdate(cb),
    (cb) => table.removeOnUpdate(cb),
  );

/** Builds a connection and resolves once the server's first message (identity, token) arrived. */
async function connect<Conn extends { disconnect(): void }>(
  builder: ConnectionBuilder<Conn>,
): Promise<{ conn: Conn; identity: Identity; token: string }> {
  let built: Conn | undefined;
  const connected = new Promise<{ conn: Conn; identity: Identity; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for onConnect')), CALLBACK_TIMEOUT_MS);
    builder
      .withUri(origin)
      .onConnect((conn, identity, token) => {
        clearTimeout(timer);
        resolve({ conn, identity, token });
      })
      .onConnectError((_ctx, error) => {
        clearTimeout(timer);
        reject(error);
      });
    built = builder.build();
  });
  if (built !== undefined) open.push(built);
  return connected;
}

/** Subscribes and resolves once the server applied the subscription (the cache holds its rows). */
function subscribe(
  conn: { subscriptionBuilder(): SubscriptionBuilder<unknown> },
  query: string | TypedQuery,
): Promise<SubscriptionHandle> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out subscribing to ${typeof query === 'string' ? query : query.toSql()}`)),
      CALLBACK_TIMEOUT_MS,
    );
    const handle: SubscriptionHandle = conn
      .subscriptionBuilder()
      .onApplied(() => {
        clearTimeout(timer);
        resolve(handle);
      })
      .onError((_ctx, error) => {
        clearTimeout(timer);
        reject(error);
      })
      .subscribe(query);
  });
}

const keyed = () => KeyedConnection.builder().withDatabaseName(KEYED);
const usersOf = (conn: KeyedConnection) => [...conn.db.user.iter()].sort((a, b) => Number(a.id - b.id));

describe('spacetimedb 2.10.1 against dbwire serve', () => {
  it('two clients see one client’s reducer calls: an insert, an update and a delete, each once', async () => {
    const socketsBefore = RecordingWebSocket.opened.length;
    const alice = await connect(keyed().withCompression('none'));
    const bob = await connect(keyed()); // the SDK's default: gzip
    expect(alice.identity.isEqual(bob.identity)).toBe(false);
    expect(alice.token).not.toBe('');
    await subscribe(alice.conn, 'SELECT * FROM user');
    // The typed query builder quotes the table name: `SELECT * FROM "user"`.
    await subscribe(bob.conn, tables.user);
    expect(usersOf(alice.conn)).toEqual([]);
    expect(usersOf(bob.conn)).toEqual([]);

    const aliceInsert = nextInsert('alice’s insert', alice.conn.db.user);
    const bobInsert = nextInsert('bob’s insert', bob.conn.db.user);
    await alice.conn.reducers.createUser({ email: 'ada@example.com', name: 'Ada', age: 36 });
    const [aliceContext, created] = await aliceInsert;
    expect(created).toEqual({ id: expect.any(BigInt), email: 'ada@example.com', name: 'Ada', age: 36 });
    expect(created.id).toBeGreaterThan(0n); // the module's sequence replaced the 0 it was given
    // The caller learns of its rows through its reducer's result, with the call it made.
    expect(aliceContext.event).toMatchObject({
      tag: 'Reducer',
      value: { reducer: { name: 'create_user', args: { email: 'ada@example.com', name: 'Ada', age: 36 } } },
    });
    const [bobContext, seenByBob] = await bobInsert;
    expect(seenByBob).toEqual(created);
    expect(bobContext.event.tag).toBe('Transaction');

    const bobUpdate = nextUpdate('bob’s update', bob.conn.db.user);
    // A name long enough that this update exceeds 1 KiB: the server gzips it for bob (smaller
    // messages go uncompressed, as the product sends them).
    const longName = `Ada Lovelace ${'x'.repeat(1500)}`;
    await alice.conn.reducers.renameUser({ id: created.id, name: longName });
    const [, before, after] = await bobUpdate;
    expect(before).toEqual(created);
    expect(after).toEqual({ ...created, name: longName });
    expect(usersOf(alice.conn)).toEqual([after]);

    const bobDelete = nextDelete('bob’s delete', bob.conn.db.user);
    await alice.conn.reducers.deleteUser({ id: created.id });
    const [, deleted] = await bobDelete;
    expect(deleted).toEqual(after);
    expect(usersOf(alice.conn)).toEqual([]);
    expect(usersOf(bob.conn)).toEqual([]);

    // The client offers v3 then v2; the server speaks v2, compressing only when asked, and then only
    // messages over 1 KiB (the rename above).
    const [aliceSocket, bobSocket] = RecordingWebSocket.opened.slice(socketsBefore);
    expect(aliceSocket?.url).toMatch(/\/v1\/database\/client-keyed\/subscribe\?compression=None$/);
    expect(bobSocket?.url).toMatch(/\?compression=Gzip$/);
    expect([aliceSocket?.protocol, bobSocket?.protocol]).toEqual(['v2.bsatn.spacetimedb', 'v2.bsatn.spacetimedb']);
    expect(new Set(aliceSocket?.compressionTags)).toEqual(new Set([0]));
    expect(new Set(bobSocket?.compressionTags)).toEqual(new Set([0, 2]));
  });

  it('a failing reducer rejects the caller’s call and shows no subscriber its rolled-back insert', async () => {
    const alice = await connect(keyed());
    const bob = await connect(keyed().withCompression('none'));
    await subscribe(alice.conn, 'SELECT * FROM user');
    await subscribe(bob.conn, 'SELECT * FROM user');
    const seenByBob: User[] = [];
    bob.conn.db.user.onInsert((_ctx, row) => seenByBob.push(row));

    await expect(alice.conn.reducers.addThenFail({ email: 'fail@example.com', name: 'Fail' })).rejects.toMatchObject({
      name: 'SenderError',
      message: MESSAGES.addThenFail,
    });
    await expect(alice.conn.reducers.renameUser({ id: 987_654_321n, name: 'Nobody' })).rejects.toMatchObject({
      name: 'SenderError',
      message: MESSAGES.noSuchUser,
    });
    // A trap is no error the module returned: the product reports it as an internal error.
    await expect(alice.conn.reducers.addThenTrap({ email: 'trap@example.com', name: 'Trap' })).rejects.toMatchObject({
      name: 'InternalError',
    });
    // A reducer that changes nothing succeeds with nothing to apply.
    await expect(alice.conn.reducers.countUsers({})).resolves.toBeUndefined();
    // Commits reach subscribers in order: once bob has this insert, he would have had the failed one.
    const bobInsert = nextInsert('bob’s insert', bob.conn.db.user);
    await alice.conn.reducers.createUser({ email: 'grace@example.com', name: 'Grace', age: 45 });
    await bobInsert;
    expect(seenByBob.map((row) => row.email)).toEqual(['grace@example.com']);
    expect(usersOf(alice.conn).map((row) => row.email)).toEqual(['grace@example.com']);
    await alice.conn.reducers.deleteUser({ id: (seenByBob[0] as User).id });
  });

  it('a filtered subscription gets only its rows, and unsubscribing drops them from the cache', async () => {
    const alice = await connect(keyed());
    const carol = await connect(keyed());
    const olderThan40 = await subscribe(
      carol.conn,
      tables.user.where((user) => user.age.gt(40)),
    );
    await subscribe(alice.conn, 'SELECT * FROM user');

    const carolInsert = nextInsert('carol’s insert', carol.conn.db.user);
    await alice.conn.reducers.createUser({ email: 'young@example.com', name: 'Young', age: 30 });
    await alice.conn.reducers.createUser({ email: 'old@example.com', name: 'Old', age: 50 });
    const [, inserted] = await carolInsert;
    expect(inserted).toMatchObject({ email: 'old@example.com', age: 50 });
    expect(usersOf(carol.conn)).toEqual([inserted]);

    const ended = nextCall<[unknown]>('UnsubscribeApplied', (cb) => olderThan40.unsubscribeThen(cb));
    await ended;
    expect(usersOf(carol.conn)).toEqual([]);
    expect(olderThan40.isEnded()).toBe(true);

    for (const user of usersOf(alice.conn)) await alice.conn.reducers.deleteUser({ id: user.id });
  });

  it('reconnects with the token it was given (through a websocket token) as the same identity', async () => {
    // The SDK takes one onDisconnect callback, on the builder.
    const disconnectListeners: Array<(error?: Error) => void> = [];
    const first = await connect(
      keyed().onDisconnect((_ctx, error) => {
        for (const listener of disconnectListeners) listener(error);
      }),
    );
    const disconnected = nextCall<[Error | undefined]>('onDisconnect', (cb) => disconnectListeners.push(cb));
    first.conn.disconnect();
    expect(await disconnected).toEqual([undefined]);
    const socketsBefore = RecordingWebSocket.opened.length;
    const again = await connect(keyed().withToken(first.token));
    expect(again.identity.toHexString()).toBe(first.identity.toHexString());
    // It connected with the token `POST /v1/identity/websocket-token` gave it in exchange for its own.
    const socketToken = new URL(RecordingWebSocket.opened[socketsBefore]?.url ?? '').searchParams.get('token');
    expect(socketToken).toEqual(expect.any(String));
    expect(socketToken).not.toBe(first.token);
    // The client keeps its own long-lived token, not the short-lived one it connected with.
    expect(again.token).toBe(first.token);
  });

  it('lets only the owner subscribe to a private table', async () => {
    const owner = await connect(
      QuickstartConnection.builder().withDatabaseName(QUICKSTART).withToken(quickstartOwnerToken),
    );
    await subscribe(owner.conn, 'SELECT * FROM person');
    const ownerInsert = nextInsert('the owner’s insert', owner.conn.db.person);
    await owner.conn.reducers.add({ name: 'Alice' });
    expect((await ownerInsert)[1]).toEqual({ name: 'Alice' });

    const stranger = await connect(QuickstartConnection.builder().withDatabaseName(QUICKSTART));
    // SpacetimeDB's own wording: a private table is not there for anyone but the owner.
    await expect(subscribe(stranger.conn, 'SELECT * FROM person')).rejects.toThrow(
      'no such table: `person`. If the table exists, it may be marked private.',
    );
  });

  it('fails to connect to a database that does not exist', async () => {
    // The server refuses the upgrade; undici reports any refused upgrade this way.
    await expect(connect(keyed().withDatabaseName('no-such-database'))).rejects.toThrow('non-101 status code');
  });
});
