import { parseJson } from '@dbwire/json';
import { encodeProduct } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import { rowsOf, subscriptionHost } from './socket.js';

const CREATE_USER = {
  elements: [
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as never;

describe('SpacetimeDB subscriptions, protocol v1 JSON', () => {
  it('IdentityToken first; SubscribeSingle, SubscribeMulti, legacy Subscribe; calls with SATS-JSON args; updates to others', async () => {
    const host = await subscriptionHost();
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    const { client, hello } = await host.v1('json');
    expect(hello).toMatchObject({ IdentityToken: { token: expect.any(String) } });
    expect(client.socket.sent[0]).toBeTypeOf('string');

    client.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: 1, query_id: { id: 4 } } });
    const single = await client.next();
    expect(single.SubscribeApplied.query_id).toEqual({ id: 4 });
    expect(single.SubscribeApplied.rows.table_rows.updates[0].inserts.map((row: string) => parseJson(row))).toEqual([
      [1, 'a@x.io', 'Ann', 30],
    ]);
    client.send({
      SubscribeMulti: { query_strings: ['SELECT * FROM user WHERE age > 40'], request_id: 2, query_id: { id: 5 } },
    });
    expect((await client.next()).SubscribeMultiApplied.update.tables).toEqual([]);
    client.send({ Subscribe: { query_strings: ['SELECT * FROM user WHERE age = 30'], request_id: 3 } });
    expect((await client.next()).InitialSubscription.database_update.tables[0].num_rows).toBe(1n);
    client.send({ SubscribeSingle: { query: 'SELECT * FROM missing', request_id: 4, query_id: { id: 6 } } });
    expect((await client.next()).SubscriptionError).toMatchObject({ request_id: { some: 4 }, query_id: { some: 6 } });

    const { client: other } = await host.v1('json');
    other.send({ CallReducer: { reducer: 'create_user', args: '["b@x.io", "Bob", 50]', request_id: 7, flags: 0 } });
    const own = (await other.next()).TransactionUpdate;
    expect(own.status).toEqual({ Committed: { tables: [] } });
    expect(own.reducer_call).toMatchObject({ reducer_name: 'create_user', request_id: 7 });
    const seen = (await client.next()).TransactionUpdate;
    expect(seen.caller_connection_id).toEqual(own.caller_connection_id);
    // Two of its subscriptions (single 4, multi 5) match the row.
    const inserted = seen.status.Committed.tables[0].updates.flatMap((update: { inserts: string[] }) => update.inserts);
    expect(inserted.map((row: string) => parseJson(row))).toEqual([
      [2, 'b@x.io', 'Bob', 50],
      [2, 'b@x.io', 'Bob', 50],
    ]);

    other.send({
      CallReducer: { reducer: 'add_then_fail', args: '{"email": "c@x.io", "name": "C"}', request_id: 8, flags: 0 },
    });
    expect((await other.next()).TransactionUpdate.status).toEqual({ Failed: expect.stringContaining('fail') });
    // NoSuccessNotify: the caller hears nothing of its own success that touched none of its rows,
    // nor of its failure.
    other.send({ CallReducer: { reducer: 'create_user', args: '["d@x.io", "Di", 1]', request_id: 9, flags: 1 } });
    other.send({
      CallReducer: { reducer: 'add_then_fail', args: '{"email": "e@x.io", "name": "E"}', request_id: 12, flags: 1 },
    });
    other.send({
      OneOffQuery: { message_id: new Uint8Array([1, 2]), query_string: 'SELECT * FROM user WHERE age = 1' },
    });
    const answer = (await other.next()).OneOffQueryResponse;
    expect(answer.tables[0].rows).toHaveLength(1);

    // The first session holds every user (single 4): it saw that insert.
    expect((await client.next()).TransactionUpdate.reducer_call.request_id).toBe(9);
    client.send({ Unsubscribe: { request_id: 10, query_id: { id: 4 } } });
    expect((await client.next()).UnsubscribeApplied.rows.table_rows.updates[0].deletes).toHaveLength(3);
    client.send({ UnsubscribeMulti: { request_id: 11, query_id: { id: 5 } } });
    expect((await client.next()).UnsubscribeMultiApplied.update.tables[0].num_rows).toBe(1n);
  });

  it('closes on a binary frame (1003) and on bad JSON (1008)', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v1('json');
    client.socket.deliver(new Uint8Array([1]));
    await client.socket.frames(10).catch(() => undefined);
    expect(client.socket.closed?.code).toBe(1003);
    const { client: bad } = await host.v1('json');
    bad.socket.deliver('{"Nope": {}}');
    await bad.socket.frames(10).catch(() => undefined);
    expect(bad.socket.closed?.code).toBe(1008);
  });
});

describe('SpacetimeDB subscriptions, protocol v1 BSATN', () => {
  it('subscribes and receives TransactionUpdates with the caller info, BSATN rows', async () => {
    const host = await subscriptionHost();
    const { client, hello } = await host.v1('bsatn');
    expect(hello).toHaveProperty('IdentityToken');
    client.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: 1, query_id: { id: 1 } } });
    expect((await client.next()).SubscribeApplied.rows.table_name).toBe('user');
    client.send({
      CallReducer: {
        reducer: 'create_user',
        args: encodeProduct(CREATE_USER, ['a@x.io', 'Ann', 3]),
        request_id: 2,
        flags: 0,
      },
    });
    const update = (await client.next()).TransactionUpdate;
    expect(update.reducer_call).toMatchObject({ reducer_name: 'create_user', request_id: 2 });
    const [table] = update.status.Committed.tables;
    expect(rowsOf(table.updates[0].Uncompressed.inserts)).toEqual([[1n, 'a@x.io', 'Ann', 3]]);
  });
});

describe('SpacetimeDB subscriptions, protocol v1 light and NoSuccessNotify', () => {
  it('light=true: commits of others and NoSuccessNotify calls of its own come as TransactionUpdateLight', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v1('json', { query: { light: 'true' } });
    client.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: 1, query_id: { id: 1 } } });
    expect(await client.next()).toHaveProperty('SubscribeApplied');
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    const light = (await client.next()).TransactionUpdateLight;
    expect(light.update.tables[0].updates[0].inserts.map((row: string) => parseJson(row))).toEqual([
      [1, 'a@x.io', 'Ann', 30],
    ]);
    // Its own call with NoSuccessNotify that changed its rows: treated as anyone's commit.
    client.send({ CallReducer: { reducer: 'create_user', args: '["b@x.io", "Bob", 5]', request_id: 2, flags: 1 } });
    const own = await client.next();
    expect(own).not.toHaveProperty('TransactionUpdate');
    expect(own.TransactionUpdateLight).toMatchObject({ request_id: 2 });
    // Without the flag, the caller gets its full TransactionUpdate.
    client.send({ CallReducer: { reducer: 'create_user', args: '["c@x.io", "Cy", 6]', request_id: 3, flags: 0 } });
    expect((await client.next()).TransactionUpdate.reducer_call).toMatchObject({ request_id: 3 });
    expect(client.unread).toBe(0);
  });

  it("NoSuccessNotify without light: a call that changed the caller's rows comes as a full TransactionUpdate", async () => {
    const host = await subscriptionHost();
    const { client } = await host.v1('bsatn');
    client.send({ SubscribeSingle: { query: 'SELECT * FROM user', request_id: 1, query_id: { id: 1 } } });
    await client.next();
    client.send({
      CallReducer: {
        reducer: 'create_user',
        args: encodeProduct(CREATE_USER, ['a@x.io', 'Ann', 3]),
        request_id: 2,
        flags: 1,
      },
    });
    const update = (await client.next()).TransactionUpdate;
    expect(update.reducer_call).toMatchObject({ reducer_name: 'create_user', request_id: 2 });
    expect(rowsOf(update.status.Committed.tables[0].updates[0].Uncompressed.inserts)).toEqual([
      [1n, 'a@x.io', 'Ann', 3],
    ]);
  });
});
