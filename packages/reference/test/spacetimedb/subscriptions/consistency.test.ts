import { encodeProduct } from '@dbwire/spacetimedb-sats';
import type { V2ServerMessage, V2TransactionUpdate } from '@dbwire/spacetimedb-sats/protocol';
import { describe, expect, it } from 'vitest';
import { rowsOf, subscriptionHost, type V2Client } from './socket.js';

const CREATE_USER = {
  elements: [
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as never;
const RENAME_USER = {
  elements: [
    { name: { some: 'id' }, algebraic_type: { U64: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
  ],
} as never;

const key = (row: unknown) => JSON.stringify(row, (_k, value) => (typeof value === 'bigint' ? `${value}n` : value));

/**
 * Replays what a session received for query set 1: the snapshot, then every update in order.
 * Fails when an update deletes a row the session does not hold or inserts one it already holds
 * (a change seen twice, or out of order).
 */
async function replay(client: V2Client, until: number): Promise<Set<string>> {
  const rows = new Set<string>();
  const apply = (update: V2TransactionUpdate) => {
    for (const set of update.query_sets) {
      for (const table of set.tables) {
        for (const entry of table.rows) {
          if (!('PersistentTable' in entry)) continue;
          for (const row of rowsOf(entry.PersistentTable.deletes)) {
            expect(rows.delete(key(row)), `delete of a row not held: ${key(row)}`).toBe(true);
          }
          for (const row of rowsOf(entry.PersistentTable.inserts)) {
            expect(rows.has(key(row)), `insert of a row held: ${key(row)}`).toBe(false);
            rows.add(key(row));
          }
        }
      }
    }
  };
  for (;;) {
    const message: V2ServerMessage = await client.next();
    if ('SubscribeApplied' in message) {
      for (const table of message.SubscribeApplied.rows.tables)
        for (const row of rowsOf(table.rows)) rows.add(key(row));
    } else if ('TransactionUpdate' in message) apply(message.TransactionUpdate);
    else if ('ReducerResult' in message && 'Ok' in message.ReducerResult.result) {
      apply(message.ReducerResult.result.Ok.transaction_update);
    } else if ('OneOffQueryResult' in message && message.OneOffQueryResult.request_id === until) return rows;
  }
}

describe('SpacetimeDB subscriptions: consistency', () => {
  it('every session sees each change once, in commit order; a late subscriber gets a snapshot plus the later changes', async () => {
    const host = await subscriptionHost();
    await host.owner.client.call('app', 'create_user', ['seed@x.io', 'Seed', 1]);
    const subscribe = (client: V2Client) =>
      client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    const sessions = await Promise.all([host.v2(), host.v2(), host.v2()]).then((all) => all.map((s) => s.client));
    for (const client of sessions) subscribe(client);
    const late = (await host.v2()).client;

    const work: Promise<unknown>[] = [];
    for (let n = 0; n < 30; n++) {
      if (n === 15) subscribe(late);
      const caller = sessions[n % sessions.length] as V2Client;
      if (n % 3 === 0) {
        work.push(host.owner.client.call('app', 'create_user', [`h${n}@x.io`, `H${n}`, n]));
      } else if (n % 5 === 0) {
        caller.send({
          CallReducer: {
            request_id: 100 + n,
            flags: 0,
            reducer: 'rename_user',
            args: encodeProduct(RENAME_USER, [1n, `R${n}`]),
          },
        });
      } else {
        caller.send({
          CallReducer: {
            request_id: 100 + n,
            flags: 0,
            reducer: 'create_user',
            args: encodeProduct(CREATE_USER, [`s${n}@x.io`, `S${n}`, n]),
          },
        });
      }
      if (n % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(work);
    await host.owner.client.call('app', 'create_user', ['last@x.io', 'Last', 99]);
    // The socket calls are not awaited: wait until all of them committed (seed, 10 HTTP, 16 socket creates, last).
    let final: unknown[][] = [];
    for (let attempt = 0; attempt < 200 && final.length < 28; attempt++) {
      final = (await host.owner.client.sql('app', 'SELECT * FROM user')).body[0].rows as unknown[][];
      if (final.length < 28) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const expected = new Set(final.map((row) => key([BigInt(row[0] as number), row[1], row[2], row[3]])));
    expect(expected.size).toBe(28);
    for (const client of [...sessions, late]) {
      // A one-off query queued after every commit marks the end of the session's stream.
      client.send({ OneOffQuery: { request_id: 999, query_string: 'SELECT * FROM user' } });
      expect(await replay(client, 999)).toEqual(expected);
    }
  });
});
