/**
 * Connection lifecycle: a module with connect and disconnect hooks (the quickstart's
 * `identity_connected`/`identity_disconnected`) accepts connections and a reducer call over the
 * socket, and closing runs its disconnect without breaking the database; closing a subscribed
 * socket frees its subscriptions: later calls still succeed and the other subscribers still get
 * their updates. The quickstart hooks change nothing a client can read, so whether they ran is
 * not observable here (a module whose hooks write rows would make it so).
 */
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { ModuleTypes } from '../../../src/spacetimedb/rows.js';
import { requestId, userEmail, useSubscriptions, v2Changes } from '../../../src/spacetimedb/subscriptions.js';
import { nextOf } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const STATE = { capabilities: ['state-changes'] } as const;
const V2 = 'v2.bsatn.spacetimedb';
const quickstart = ModuleTypes.of('quickstart');

itNeeding(
  STATE,
  'a module with connect and disconnect hooks: connect, call, close, and the database works on',
  async () => {
    const db = await subs.stdb.publish('quickstart');
    for (let round = 0; round < 2; round += 1) {
      const socket = await subs.connect(db, V2);
      await nextOf(socket, 'InitialConnection');
      const request = requestId();
      const args = quickstart.argsBsatn('add', [`Ada-${round}`]);
      socket.send({ CallReducer: { request_id: request, flags: 0, reducer: 'add', args } });
      const result = await nextOf(socket, 'ReducerResult', (answer) => answer.request_id === request);
      expect(Object.keys(result.result)).not.toContain('Err');
      expect(Object.keys(result.result)).not.toContain('InternalError');
      await socket.close();
    }
    const names = await db.owner.client.rows(db.identity, 'SELECT name FROM person');
    expect(names.map(([name]) => name).sort()).toEqual(['Ada-0', 'Ada-1']);
    await db.owner.client.ok('callReducer', { database: db.identity, reducer: 'say_hello', body: [] });
  },
);

itNeeding(STATE, 'closing a subscribed socket frees its subscriptions; the others keep getting updates', async () => {
  const db = await subs.stdb.publish('keyed');
  const leaving = await subs.connect(db, V2, { label: 'leaving' });
  const staying = await subs.connect(db, V2, { label: 'staying' });
  for (const socket of [leaving, staying]) {
    const request = requestId();
    socket.send({ Subscribe: { request_id: request, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    await nextOf(socket, 'SubscribeApplied', (applied) => applied.request_id === request);
  }
  await leaving.close();
  for (const index of [1, 2, 3]) {
    const email = `after-close-${index}@example.com`;
    await db.owner.client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: [email, 'After', index],
    });
    const update = await nextOf(staying, 'TransactionUpdate');
    expect(v2Changes(subs.keyed, update).inserts.map(userEmail)).toEqual([email]);
  }
});
