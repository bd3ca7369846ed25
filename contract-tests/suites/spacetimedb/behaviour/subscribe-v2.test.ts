/**
 * Subscriptions over `v2.bsatn.spacetimedb` (the `spacetimedb` npm client 2.x's protocol), on the
 * keyed module's public `user` table: Subscribe answers SubscribeApplied with exactly the rows the
 * query matches; a CallReducer answers its caller a ReducerResult carrying the caller's own update
 * while other subscribers get a TransactionUpdate; a failing reducer answers Err and nobody sees a
 * change; Unsubscribe answers UnsubscribeApplied and stops updates; a bad query answers
 * SubscriptionError and the connection stays usable; OneOffQuery answers rows or an error.
 */
import type { AlgebraicValue, V2ServerMessage } from '@dbwire/spacetimedb-sats';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Published } from '../../../src/spacetimedb/fixture.js';
import {
  requestId,
  rowKeys,
  USER_TABLE,
  userEmail,
  useSubscriptions,
  v2Changes,
  v2Rows,
} from '../../../src/spacetimedb/subscriptions.js';
import { nextOf, type Socket, variant } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const { keyed } = subs;
const STATE = { capabilities: ['state-changes'] } as const;
const V2 = 'v2.bsatn.spacetimedb';
/** How long "nothing arrives" is watched for. */
const QUIET_MS = 300;

type Message = V2ServerMessage;
const isUpdate = variant<Message, 'TransactionUpdate'>('TransactionUpdate');

async function createUserOverHttp(db: Published, email: string, name: string, age: number): Promise<void> {
  await db.owner.client.ok('callReducer', { database: db.identity, reducer: 'create_user', body: [email, name, age] });
}

/** Subscribes `queries` as query set `querySet`; the SubscribeApplied answering it. */
async function subscribe(socket: Socket<typeof V2>, querySet: number, queries: string[]) {
  const request = requestId();
  socket.send({ Subscribe: { request_id: request, query_set_id: { id: querySet }, query_strings: queries } });
  const applied = await nextOf(socket, 'SubscribeApplied', (answer) => answer.request_id === request);
  expect(applied.query_set_id).toEqual({ id: querySet });
  return applied;
}

/** Calls `reducer` over the socket; the ReducerResult answering it. */
async function callReducer(socket: Socket<typeof V2>, reducer: string, args: AlgebraicValue[]) {
  const request = requestId();
  socket.send({ CallReducer: { request_id: request, flags: 0, reducer, args: keyed.argsBsatn(reducer, args) } });
  return nextOf(socket, 'ReducerResult', (answer) => answer.request_id === request);
}

async function usersPublished(): Promise<Published> {
  const db = await subs.stdb.publish('keyed');
  await createUserOverHttp(db, 'young@example.com', 'Young', 20);
  await createUserOverHttp(db, 'old@example.com', 'Old', 40);
  return db;
}

itNeeding(STATE, 'Subscribe answers SubscribeApplied with exactly the rows the query matches', async () => {
  const db = await usersPublished();
  const socket = await subs.connect(db, V2);
  const filtered = await subscribe(socket, 1, ['SELECT * FROM user WHERE age > 30']);
  expect(v2Rows(keyed, filtered.rows).map(userEmail)).toEqual(['old@example.com']);
  const all = await subscribe(socket, 2, ['SELECT * FROM user']);
  expect(v2Rows(keyed, all.rows).map(userEmail).sort()).toEqual(['old@example.com', 'young@example.com']);
  // The rows are the table's rows, field for field (compared with what SQL over HTTP answers).
  const viaSql = await db.owner.client.rows(db.identity, 'SELECT * FROM user');
  expect(
    v2Rows(keyed, all.rows)
      .map((row) => keyed.rowKey(USER_TABLE, row))
      .sort(),
  ).toEqual(viaSql.map((row) => keyed.rowKey(USER_TABLE, keyed.rowFromJson(USER_TABLE, row))).sort());
});

itNeeding(
  STATE,
  'CallReducer: the caller gets ReducerResult Ok with its update, other subscribers a TransactionUpdate',
  async () => {
    const db = await usersPublished();
    const caller = await subs.connect(db, V2, { label: 'caller' });
    const other = await subs.connect(db, V2, { as: await subs.stdb.identity(), label: 'other' });
    await subscribe(caller, 1, ['SELECT * FROM user']);
    await subscribe(other, 7, ['SELECT * FROM user WHERE age > 30']);

    const result = await callReducer(caller, 'create_user', ['new@example.com', 'New', 50]);
    expect(Object.keys(result.result)).toEqual(['Ok']);
    if (!('Ok' in result.result)) return;
    const own = v2Changes(keyed, result.result.Ok.transaction_update);
    expect(own.inserts.map(userEmail)).toEqual(['new@example.com']);
    expect(own.deletes).toEqual([]);
    expect(result.result.Ok.transaction_update.query_sets.map((set) => set.query_set_id)).toEqual([{ id: 1 }]);

    const seen = await nextOf(other, 'TransactionUpdate');
    expect(seen.query_sets.map((set) => set.query_set_id)).toEqual([{ id: 7 }]);
    const theirs = v2Changes(keyed, seen);
    expect(rowKeys(keyed, theirs.inserts)).toEqual(rowKeys(keyed, own.inserts));
    // The caller's update came in its ReducerResult only.
    expect(await caller.settle(isUpdate, QUIET_MS)).toEqual([]);

    // A change outside a client's query reaches nobody who does not match it.
    await callReducer(caller, 'create_user', ['kid@example.com', 'Kid', 5]);
    expect(await other.settle(isUpdate, QUIET_MS)).toEqual([]);
  },
);

itNeeding(STATE, 'a failing reducer: the caller gets Err, and nobody sees an update', async () => {
  const db = await usersPublished();
  const caller = await subs.connect(db, V2, { label: 'caller' });
  const other = await subs.connect(db, V2, { as: await subs.stdb.identity(), label: 'other' });
  await subscribe(caller, 1, ['SELECT * FROM user']);
  await subscribe(other, 1, ['SELECT * FROM user']);

  const failed = await callReducer(caller, 'add_then_fail', ['fail@example.com', 'Fail']);
  expect(Object.keys(failed.result)).toEqual(['Err']);
  // Then a call that succeeds: it must be the first update anyone sees.
  await createUserOverHttp(db, 'after@example.com', 'After', 33);
  for (const socket of [other, caller]) {
    const first = await nextOf(socket, 'TransactionUpdate');
    expect(v2Changes(keyed, first).inserts.map(userEmail)).toEqual(['after@example.com']);
  }
  expect(await db.owner.client.rows(db.identity, "SELECT * FROM user WHERE email = 'fail@example.com'")).toEqual([]);
});

itNeeding(STATE, 'Unsubscribe answers UnsubscribeApplied, and no update follows', async () => {
  const db = await usersPublished();
  const leaving = await subs.connect(db, V2, { label: 'leaving' });
  const staying = await subs.connect(db, V2, { label: 'staying' });
  await subscribe(leaving, 3, ['SELECT * FROM user']);
  await subscribe(staying, 3, ['SELECT * FROM user']);
  const request = requestId();
  leaving.send({ Unsubscribe: { request_id: request, query_set_id: { id: 3 }, flags: { Default: [] } } });
  const applied = await nextOf(leaving, 'UnsubscribeApplied');
  expect(applied.request_id).toBe(request);
  expect(applied.query_set_id).toEqual({ id: 3 });

  await createUserOverHttp(db, 'later@example.com', 'Later', 44);
  await nextOf(staying, 'TransactionUpdate');
  expect(await leaving.settle(isUpdate, QUIET_MS)).toEqual([]);
});

itNeeding(STATE, 'a bad query answers SubscriptionError, and the connection stays usable', async () => {
  const db = await usersPublished();
  const socket = await subs.connect(db, V2);
  const request = requestId();
  socket.send({
    Subscribe: { request_id: request, query_set_id: { id: 9 }, query_strings: ['SELECT * FROM no_such_table'] },
  });
  const error = await nextOf(socket, 'SubscriptionError');
  expect(error.request_id).toEqual({ some: request });
  expect(error.query_set_id).toEqual({ id: 9 });
  expect(error.error.length).toBeGreaterThan(0);
  expect(socket.open).toBe(true);
  const applied = await subscribe(socket, 10, ['SELECT * FROM user']);
  expect(v2Rows(keyed, applied.rows)).toHaveLength(2);
});

itNeeding(STATE, 'OneOffQuery answers the rows, or an error for a bad query', async () => {
  const db = await usersPublished();
  const socket = await subs.connect(db, V2);
  const good = requestId();
  socket.send({
    OneOffQuery: { request_id: good, query_string: "SELECT * FROM user WHERE email = 'old@example.com'" },
  });
  const { result } = await nextOf(socket, 'OneOffQueryResult', (answer) => answer.request_id === good);
  expect(Object.keys(result)).toEqual(['ok']);
  if ('ok' in result) expect(v2Rows(keyed, result.ok).map(userEmail)).toEqual(['old@example.com']);

  const bad = requestId();
  socket.send({ OneOffQuery: { request_id: bad, query_string: 'SELECT * FROM no_such_table' } });
  const { result: error } = await nextOf(socket, 'OneOffQueryResult', (answer) => answer.request_id === bad);
  expect(Object.keys(error)).toEqual(['err']);
  expect(socket.open).toBe(true);
});
