import { encodeProduct, identityToHex } from '@dbwire/spacetimedb-sats';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { DELETED_CLOSE, REPLACED_CLOSE } from '../../../src/spacetimedb/subscriptions/hub.js';
import { MAX_FRAMES_IN_FLIGHT, TOO_MANY_FRAMES_CLOSE } from '../../../src/spacetimedb/subscriptions/session.js';
import { FakeSocket, rowsOf, subscriptionHost } from './socket.js';

const CREATE_USER_ARGS = {
  elements: [
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as never;

const createUserArgs = (email: string, name: string, age: number) =>
  encodeProduct(CREATE_USER_ARGS, [email, name, age]);

describe('SpacetimeDB subscriptions, protocol v2', () => {
  it('greets with the identity, token and connection id; subscribes; fans out calls of others', async () => {
    const host = await subscriptionHost();
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    const { client: alice, hello } = await host.v2({ query: { connection_id: '000000000000000000000000000000ab' } });
    expect(hello).toMatchObject({
      InitialConnection: { connection_id: { __connection_id__: 0xabn }, token: expect.any(String) },
    });
    const identity = identityToHex(
      (hello as { InitialConnection: { identity: { __identity__: bigint } } }).InitialConnection.identity.__identity__,
    );
    expect(identity).toMatch(/^[0-9a-f]{64}$/);

    alice.send({
      Subscribe: { request_id: 1, query_set_id: { id: 7 }, query_strings: ['SELECT * FROM user WHERE age > 20'] },
    });
    const applied = await alice.next();
    if (!('SubscribeApplied' in applied)) throw new Error(JSON.stringify(applied));
    expect(applied.SubscribeApplied.request_id).toBe(1);
    expect(applied.SubscribeApplied.query_set_id).toEqual({ id: 7 });
    const [table] = applied.SubscribeApplied.rows.tables;
    expect(table?.table).toBe('user');
    expect(rowsOf(table?.rows as never)).toEqual([[1n, 'a@x.io', 'Ann', 30]]);

    // Another session's call: alice gets a TransactionUpdate, bob a ReducerResult with no query set.
    const { client: bob } = await host.v2();
    bob.send({
      CallReducer: { request_id: 9, flags: 0, reducer: 'create_user', args: createUserArgs('b@x.io', 'Bob', 40) },
    });
    const result = await bob.next();
    // As the product: an Ok without query sets, never OkEmpty.
    expect(result).toMatchObject({
      ReducerResult: {
        request_id: 9,
        result: { Ok: { ret_value: new Uint8Array(), transaction_update: { query_sets: [] } } },
      },
    });
    const update = await alice.next();
    if (!('TransactionUpdate' in update)) throw new Error(JSON.stringify(update));
    const [set] = update.TransactionUpdate.query_sets;
    expect(set?.query_set_id).toEqual({ id: 7 });
    const rows = set?.tables[0]?.rows[0] as { PersistentTable: { inserts: never; deletes: never } };
    expect(rowsOf(rows.PersistentTable.inserts)).toEqual([[2n, 'b@x.io', 'Bob', 40]]);
    expect(rowsOf(rows.PersistentTable.deletes)).toEqual([]);

    // A commit that does not touch alice's rows (age 10 is filtered out) sends her nothing.
    bob.send({
      CallReducer: { request_id: 10, flags: 0, reducer: 'create_user', args: createUserArgs('c@x.io', 'Cy', 10) },
    });
    await bob.next();
    // HTTP /call fans out too.
    await host.owner.client.call('app', 'create_user', ['d@x.io', 'Di', 50]);
    const fromHttp = await alice.next();
    expect(fromHttp).toHaveProperty('TransactionUpdate');
    expect(alice.unread).toBe(0);
  });

  it('answers the caller with its own query sets, Err for a refusing reducer, InternalError for a trap or unknown reducer', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v2();
    client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    await client.next();
    client.send({
      CallReducer: { request_id: 2, flags: 0, reducer: 'create_user', args: createUserArgs('a@x.io', 'Ann', 3) },
    });
    const own = await client.next();
    if (!('ReducerResult' in own) || !('Ok' in own.ReducerResult.result)) throw new Error(JSON.stringify(own));
    const sets = own.ReducerResult.result.Ok.transaction_update.query_sets;
    expect(sets.map((set) => set.query_set_id.id)).toEqual([1]);

    client.send({
      CallReducer: {
        request_id: 3,
        flags: 0,
        reducer: 'add_then_fail',
        args: encodeProduct(
          {
            elements: [
              { name: { some: 'email' }, algebraic_type: { String: [] } },
              { name: { some: 'name' }, algebraic_type: { String: [] } },
            ],
          } as never,
          ['b@x.io', 'B'],
        ),
      },
    });
    const failed = await client.next();
    expect(failed).toMatchObject({ ReducerResult: { request_id: 3, result: { Err: expect.any(Uint8Array) } } });
    client.send({ CallReducer: { request_id: 4, flags: 0, reducer: 'nope', args: new Uint8Array() } });
    expect(await client.next()).toMatchObject({
      ReducerResult: { request_id: 4, result: { InternalError: expect.stringContaining('nope') } },
    });
    client.send({ CallProcedure: { request_id: 5, flags: 0, procedure: 'p', args: new Uint8Array() } });
    expect(await client.next()).toMatchObject({
      ProcedureResult: { request_id: 5, status: { InternalError: expect.any(String) } },
    });
    // Nothing committed by the failing call.
    const count = await host.owner.client.sql('app', 'SELECT * FROM user');
    expect(count.body[0].rows).toHaveLength(1);
  });

  it('reports a bad query as SubscriptionError and keeps the connection; unsubscribes with dropped rows; one-off queries', async () => {
    const host = await subscriptionHost();
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    const { client } = await host.v2();
    client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM nowhere'] } });
    const error = await client.next();
    expect(error).toMatchObject({
      SubscriptionError: { request_id: { some: 1 }, query_set_id: { id: 1 }, error: expect.any(String) },
    });
    client.send({ Subscribe: { request_id: 2, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    expect(await client.next()).toHaveProperty('SubscribeApplied');
    client.send({ Unsubscribe: { request_id: 3, query_set_id: { id: 1 }, flags: { SendDroppedRows: [] } } });
    const dropped = await client.next();
    if (!('UnsubscribeApplied' in dropped) || !('some' in dropped.UnsubscribeApplied.rows))
      throw new Error(JSON.stringify(dropped));
    expect(rowsOf(dropped.UnsubscribeApplied.rows.some.tables[0]?.rows as never)).toHaveLength(1);
    // Unsubscribed: later commits send nothing.
    await host.owner.client.call('app', 'create_user', ['b@x.io', 'Bob', 30]);
    client.send({ OneOffQuery: { request_id: 4, query_string: 'SELECT * FROM user WHERE age = 30' } });
    const oneOff = await client.next();
    if (!('OneOffQueryResult' in oneOff) || !('ok' in oneOff.OneOffQueryResult.result))
      throw new Error(JSON.stringify(oneOff));
    expect(rowsOf(oneOff.OneOffQueryResult.result.ok.tables[0]?.rows as never)).toHaveLength(2);
    client.send({ OneOffQuery: { request_id: 5, query_string: 'SELEC' } });
    expect(await client.next()).toMatchObject({
      OneOffQueryResult: { request_id: 5, result: { err: expect.any(String) } },
    });
  });

  it('closes only the offending connection: garbage 1008, a text frame 1003', async () => {
    const host = await subscriptionHost();
    const { client: bad } = await host.v2();
    const { client: good } = await host.v2();
    bad.socket.deliver(new Uint8Array([99, 1, 2]));
    await bad.socket.frames(100).catch(() => undefined);
    expect(bad.socket.closed?.code).toBe(1008);
    const { client: text } = await host.v2();
    text.socket.deliver('hello');
    await text.socket.frames(100).catch(() => undefined);
    expect(text.socket.closed?.code).toBe(1003);
    good.send({ OneOffQuery: { request_id: 1, query_string: 'SELECT * FROM user' } });
    expect(await good.next()).toHaveProperty('OneOffQueryResult');
    expect(good.socket.closed).toBeUndefined();
  });

  it('answers Brotli with frames tagged uncompressed, refuses unknown compressions and databases; small Gzip frames go uncompressed', async () => {
    const host = await subscriptionHost();
    const { client: brotli } = await host.v2({ query: { compression: 'Brotli' } });
    expect((brotli.socket.sent[0] as Uint8Array)[0]).toBe(0);
    const zstd = await host.upgrade('v2.bsatn.spacetimedb', { query: { compression: 'Zstd' } });
    expect(zstd.status).toBe(400);
    expect(zstd.text).toMatch(/compression/);
    expect((await host.upgrade('v2.bsatn.spacetimedb', { database: 'missing' })).status).toBe(404);
    const zero = await host.upgrade('v2.bsatn.spacetimedb', { query: { connection_id: '0'.repeat(32) } });
    expect([zero.status, zero.text]).toEqual([400, 'A connection id of zero is not allowed.']);
    const { client } = await host.v2({ query: { compression: 'Gzip' } });
    // InitialConnection is under 1 KiB: uncompressed, as the product sends it.
    expect((client.socket.sent[0] as Uint8Array)[0]).toBe(0);
    client.send({ OneOffQuery: { request_id: 1, query_string: 'SELECT * FROM user' } });
    expect(await client.next()).toHaveProperty('OneOffQueryResult');
  });

  it('closes subscribers when the database is deleted, and frees queries when a socket closes', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v2();
    client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    await client.next();
    const { client: other } = await host.v2();
    other.send({
      Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user WHERE age > 3'] },
    });
    await other.next();
    const [hub] = new Set(host.reference.subscriptions.sessions.list().map((session) => session.hub));
    expect([hub?.sessionCount, hub?.queryCount]).toEqual([2, 2]);
    other.socket.close(1000, 'bye');
    // Its session and the query only it used are gone; the first session's stay.
    expect([hub?.sessionCount, hub?.queryCount]).toEqual([1, 1]);
    const deleted = await host.owner.client.delete('/v1/database/app');
    expect(deleted.status).toBe(200);
    expect(client.socket.closed).toEqual({ code: 1000, reason: 'database deleted' });
    expect([hub?.sessionCount, hub?.queryCount]).toEqual([0, 0]);
  });

  it('closes subscribers with 1012 when the database is republished', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v2();
    const republished = await host.owner.client.publish(
      '/v1/database/app',
      await loadTestModule('keyed'),
      '?clear=true',
    );
    expect(republished.status).toBe(200);
    expect(client.socket.closed).toEqual({ code: 1012, reason: 'database updated; reconnect' });
    // A new connection speaks to the new module.
    const { hello } = await host.v2();
    expect(hello).toHaveProperty('InitialConnection');
  });

  it('closes a session accepted after its database went away: 1012 when republished, 1000 when deleted', async () => {
    const host = await subscriptionHost();
    const beforeRepublish = await host.handshake('v2.bsatn.spacetimedb');
    expect(beforeRepublish.status).toBe(101);
    const republished = await host.owner.client.publish(
      '/v1/database/app',
      await loadTestModule('keyed'),
      '?clear=true',
    );
    expect(republished.status).toBe(200);
    const replacedSocket = new FakeSocket('v2.bsatn.spacetimedb');
    beforeRepublish.upgrade?.accept(replacedSocket);
    expect(replacedSocket.closed).toEqual(REPLACED_CLOSE);

    const beforeDelete = await host.handshake('v2.bsatn.spacetimedb');
    expect((await host.owner.client.delete('/v1/database/app')).status).toBe(200);
    const deletedSocket = new FakeSocket('v2.bsatn.spacetimedb');
    beforeDelete.upgrade?.accept(deletedSocket);
    expect(deletedSocket.closed).toEqual(DELETED_CLOSE);
  });

  it('closes a connection with more than MAX_FRAMES_IN_FLIGHT frames waiting (1008); up to it, all are answered', async () => {
    const host = await subscriptionHost();
    const { client: patient } = await host.v2();
    for (let id = 1; id <= MAX_FRAMES_IN_FLIGHT; id++) {
      patient.send({ OneOffQuery: { request_id: id, query_string: 'SELECT * FROM user' } });
    }
    for (let id = 1; id <= MAX_FRAMES_IN_FLIGHT; id++) {
      expect(await patient.next()).toMatchObject({ OneOffQueryResult: { request_id: id } });
    }
    expect(patient.socket.closed).toBeUndefined();
    const { client: flooding } = await host.v2();
    for (let id = 0; id <= MAX_FRAMES_IN_FLIGHT; id++) {
      flooding.send({ OneOffQuery: { request_id: id, query_string: 'SELECT * FROM user' } });
    }
    expect(flooding.socket.closed).toEqual(TOO_MANY_FRAMES_CLOSE);
  });
});
