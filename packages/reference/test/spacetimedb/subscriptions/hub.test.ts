import { encodeProduct } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import { FAILED_CLOSE, sharedQueryKey } from '../../../src/spacetimedb/subscriptions/hub.js';
import { subscriptionHost } from './socket.js';

const CREATE_USER_ARGS = {
  elements: [
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as never;

const createUser = (requestId: number, email: string, age: number) => ({
  CallReducer: {
    request_id: requestId,
    flags: 0,
    reducer: 'create_user',
    args: encodeProduct(CREATE_USER_ARGS, [email, email, age]),
  },
});

/** Subscribes a v2 client to `sql` as query set 1 and reads the SubscribeApplied. */
async function subscribed(host: Awaited<ReturnType<typeof subscriptionHost>>, sql: string) {
  const { client } = await host.v2();
  client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: [sql] } });
  expect(await client.next()).toHaveProperty('SubscribeApplied');
  return client;
}

describe('SpacetimeDB subscriptions: the hub', () => {
  it('a session failing on a commit is reported and closed with 1011; the others get their update', async () => {
    const host = await subscriptionHost();
    const failing = await subscribed(host, 'SELECT * FROM user');
    const healthy = await subscribed(host, 'SELECT * FROM user');
    const failure = new Error('encoder exploded');
    failing.socket.send = () => {
      throw failure;
    };
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    expect(failing.socket.closed).toEqual(FAILED_CLOSE);
    expect(host.reported).toContain(failure);
    expect(await healthy.next()).toHaveProperty('TransactionUpdate');

    // The caller itself failing on its own commit: closed too, and its call does not hang the session's queue.
    const caller = await subscribed(host, 'SELECT * FROM user');
    caller.socket.send = () => {
      throw failure;
    };
    caller.send(createUser(2, 'b@x.io', 40));
    await expect.poll(() => caller.socket.closed).toEqual(FAILED_CLOSE);
    expect(await healthy.next()).toHaveProperty('TransactionUpdate');
    expect(host.reference.subscriptions.sessions.list().map((session) => session.hub.sessionCount)).toEqual([1]);
  });

  it('shares one delta per distinct query and drops its encodings after the fan-out', async () => {
    const host = await subscriptionHost();
    const sql = 'SELECT * FROM user WHERE age > 20';
    const first = await subscribed(host, sql);
    const second = await subscribed(host, sql);
    const other = await subscribed(host, 'SELECT * FROM user');
    const sessions = host.reference.subscriptions.sessions.list();
    const [hub] = new Set(sessions.map((session) => session.hub));
    expect(hub?.sessionCount).toBe(3);
    expect(hub?.queryCount).toBe(2);
    const [shared] = sessions[0]?.subscription('set:1')?.queries ?? [];
    if (shared === undefined) throw new Error('no shared query');
    let computed = 0;
    const delta = shared.query.delta.bind(shared.query);
    (shared.query as { delta: typeof delta }).delta = (...args) => {
      computed++;
      return delta(...args);
    };
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    for (const client of [first, second, other]) expect(await client.next()).toHaveProperty('TransactionUpdate');
    // Two sessions of one query: its delta was computed once, and its encoding is not kept.
    expect(computed).toBe(1);
    expect(shared.cache.size).toBe(0);
  });

  it('shares a query reading :sender only between sessions of one identity', () => {
    // No test module has an identity column: that such a query gives each identity its own rows is
    // query.test.ts's ':sender is the subscriber identity'; here, that the hub never shares it across identities.
    const sql = 'SELECT * FROM person WHERE owner = :sender';
    expect(sharedQueryKey(sql, 4, 'a'.repeat(64))).not.toBe(sharedQueryKey(sql, 4, 'b'.repeat(64)));
    expect(sharedQueryKey(sql, 4, 'a'.repeat(64))).toBe(sharedQueryKey(sql, 4, 'a'.repeat(64)));
    const plain = 'SELECT * FROM person';
    expect(sharedQueryKey(plain, 4, 'a'.repeat(64))).toBe(sharedQueryKey(plain, 4, 'b'.repeat(64)));
  });
});
