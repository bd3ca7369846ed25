/**
 * Subscriptions over `v1.bsatn.spacetimedb` and `v1.json.spacetimedb`, the same assertions through
 * both codecs, on the keyed module's public `user` table: SubscribeMulti, SubscribeSingle and the
 * legacy Subscribe answer the rows the query matches; a reducer call over the socket sends a
 * TransactionUpdate with the caller's identity, the reducer's name and status Committed to the
 * caller and to other subscribers, a failing one Failed to the caller only; OneOffQuery answers
 * rows with the message id echoed; Unsubscribe answers UnsubscribeApplied and stops updates.
 */
import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import { identityToHex } from '@dbwire/spacetimedb-sats';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Published } from '../../../src/spacetimedb/fixture.js';
import { requestId, userEmail, useSubscriptions, v1Changes, v1List } from '../../../src/spacetimedb/subscriptions.js';
import { nextOf, type Socket } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const { keyed } = subs;
const STATE = { capabilities: ['state-changes'] } as const;
const QUIET_MS = 300;
const V1_PROTOCOLS = ['v1.bsatn.spacetimedb', 'v1.json.spacetimedb'] as const;
type V1Protocol = (typeof V1_PROTOCOLS)[number];
/** Both v1 sockets, typed as the BSATN one: their messages differ only in how args and rows are carried. */
type V1Socket = Socket<'v1.bsatn.spacetimedb'>;

async function usersPublished(): Promise<Published> {
  const db = await subs.stdb.publish('keyed');
  for (const [email, name, age] of [
    ['young@example.com', 'Young', 20],
    ['old@example.com', 'Old', 40],
  ] as const) {
    await db.owner.client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: [email, name, age],
    });
  }
  return db;
}

async function open(db: Published, protocol: V1Protocol, label: string, as = db.owner): Promise<V1Socket> {
  return (await subs.connect(db, protocol, { as, label })) as unknown as V1Socket;
}

async function subscribeMulti(socket: V1Socket, queryId: number, queries: string[]) {
  const request = requestId();
  socket.send({ SubscribeMulti: { query_strings: queries, request_id: request, query_id: { id: queryId } } });
  return nextOf(socket, 'SubscribeMultiApplied', (applied) => applied.request_id === request);
}

/** Calls `reducer` over the socket with the protocol's encoding of `args`. */
function callReducer(socket: V1Socket, reducer: string, args: AlgebraicValue[]): number {
  const request = requestId();
  const encoded =
    socket.protocol === 'v1.json.spacetimedb' ? keyed.argsJson(reducer, args) : keyed.argsBsatn(reducer, args);
  socket.send({ CallReducer: { reducer, args: encoded as Uint8Array, request_id: request, flags: 0 } });
  return request;
}

for (const protocol of V1_PROTOCOLS) {
  itNeeding(STATE, `${protocol}: SubscribeMulti, SubscribeSingle and Subscribe answer the matching rows`, async () => {
    const db = await usersPublished();
    const socket = await open(db, protocol, protocol);
    const multi = await subscribeMulti(socket, 1, ['SELECT * FROM user WHERE age > 30']);
    expect(multi.query_id).toEqual({ id: 1 });
    expect(v1Changes(keyed, multi.update).inserts.map(userEmail)).toEqual(['old@example.com']);

    const single = requestId();
    socket.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: single, query_id: { id: 2 } } });
    const applied = await nextOf(socket, 'SubscribeApplied', (answer) => answer.request_id === single);
    expect(applied.query_id).toEqual({ id: 2 });
    expect(applied.rows.table_name).toBe('user');
    expect(
      v1Changes(keyed, { tables: [applied.rows.table_rows] })
        .inserts.map(userEmail)
        .sort(),
    ).toEqual(['old@example.com', 'young@example.com']);

    const legacy = await open(db, protocol, `${protocol} legacy`);
    const initial = requestId();
    legacy.send({ Subscribe: { query_strings: ['SELECT * FROM user WHERE age < 30'], request_id: initial } });
    const snapshot = await nextOf(legacy, 'InitialSubscription');
    expect(snapshot.request_id).toBe(initial);
    expect(v1Changes(keyed, snapshot.database_update).inserts.map(userEmail)).toEqual(['young@example.com']);
  });

  itNeeding(
    STATE,
    `${protocol}: a call's TransactionUpdate names the caller and reducer, Committed, to the caller and others`,
    async () => {
      const db = await usersPublished();
      const caller = await open(db, protocol, 'caller');
      const otherIdentity = await subs.stdb.identity();
      const other = await open(db, protocol, 'other', otherIdentity);
      await subscribeMulti(caller, 1, ['SELECT * FROM user']);
      await subscribeMulti(other, 1, ['SELECT * FROM user']);

      const request = callReducer(caller, 'create_user', ['new@example.com', 'New', 50]);
      for (const socket of [caller, other]) {
        const update = await nextOf(socket, 'TransactionUpdate');
        expect(identityToHex(update.caller_identity.__identity__), socket.label).toBe(db.owner.identity);
        expect(update.reducer_call.reducer_name, socket.label).toBe('create_user');
        expect(Object.keys(update.status), socket.label).toEqual(['Committed']);
        if ('Committed' in update.status)
          expect(v1Changes(keyed, update.status.Committed).inserts.map(userEmail), socket.label).toEqual([
            'new@example.com',
          ]);
        if (socket === caller) expect(update.reducer_call.request_id).toBe(request);
      }
    },
  );

  itNeeding(STATE, `${protocol}: a failing call's TransactionUpdate is Failed, to the caller only`, async () => {
    const db = await usersPublished();
    const caller = await open(db, protocol, 'caller');
    const other = await open(db, protocol, 'other', await subs.stdb.identity());
    await subscribeMulti(caller, 1, ['SELECT * FROM user']);
    await subscribeMulti(other, 1, ['SELECT * FROM user']);

    callReducer(caller, 'add_then_fail', ['fail@example.com', 'Fail']);
    const failed = await nextOf(caller, 'TransactionUpdate');
    expect(Object.keys(failed.status)).toEqual(['Failed']);
    if ('Failed' in failed.status) expect(failed.status.Failed.length).toBeGreaterThan(0);
    expect(failed.reducer_call.reducer_name).toBe('add_then_fail');
    expect(await other.settle((message) => 'TransactionUpdate' in message, QUIET_MS)).toEqual([]);
  });

  itNeeding(STATE, `${protocol}: OneOffQuery answers the rows with the message id echoed`, async () => {
    const db = await usersPublished();
    const socket = await open(db, protocol, protocol);
    const messageId = new Uint8Array([1, 2, 3, requestId() % 256]);
    socket.send({
      OneOffQuery: { message_id: messageId, query_string: "SELECT * FROM user WHERE email = 'old@example.com'" },
    });
    const answer = await nextOf(socket, 'OneOffQueryResponse');
    expect([...answer.message_id]).toEqual([...messageId]);
    expect(answer.error).toEqual({ none: [] });
    const rows = answer.tables.flatMap((table) => v1List(keyed, table.table_name, table.rows));
    expect(rows.map(userEmail)).toEqual(['old@example.com']);
  });

  itNeeding(STATE, `${protocol}: Unsubscribe answers UnsubscribeApplied, and no update follows`, async () => {
    const db = await usersPublished();
    const leaving = await open(db, protocol, 'leaving');
    const staying = await open(db, protocol, 'staying');
    const single = requestId();
    leaving.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: single, query_id: { id: 4 } } });
    await nextOf(leaving, 'SubscribeApplied');
    await subscribeMulti(staying, 1, ['SELECT * FROM user']);
    const request = requestId();
    leaving.send({ Unsubscribe: { request_id: request, query_id: { id: 4 } } });
    const applied = await nextOf(leaving, 'UnsubscribeApplied');
    expect(applied.request_id).toBe(request);
    expect(applied.query_id).toEqual({ id: 4 });

    await db.owner.client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: ['later@example.com', 'Later', 44],
    });
    await nextOf(staying, 'TransactionUpdate');
    expect(await leaving.settle((message) => 'TransactionUpdate' in message, QUIET_MS)).toEqual([]);
  });
}
