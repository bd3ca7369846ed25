/**
 * Connection lifecycle, observed through the presence module, whose connect hook inserts the
 * caller's identity into the public table `online` and whose disconnect hook deletes it: a
 * client's connection runs the hook before it is answered (its own subscription's snapshot holds
 * it), a watching subscriber receives the insert of exactly that client's identity (the one its
 * first message named) and, when it closes, the delete; this works over v2 and v1 JSON. An HTTP
 * `/call` runs connect hook, reducer and disconnect hook in one transaction, so `ping` changes
 * nothing and sends the watcher no update. Closing a subscribed socket frees its subscriptions
 * while the other subscribers keep getting updates.
 */
import type { ProductValue } from '@dbwire/spacetimedb-sats';
import { identityFromHex } from '@dbwire/spacetimedb-sats';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Identity, Published } from '../../../src/spacetimedb/fixture.js';
import { ModuleTypes } from '../../../src/spacetimedb/rows.js';
import {
  type RowChanges,
  requestId,
  userEmail,
  useSubscriptions,
  v1Changes,
  v2Changes,
  v2Rows,
} from '../../../src/spacetimedb/subscriptions.js';
import { nextOf, type Socket } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const STATE = { capabilities: ['state-changes'] } as const;
const V2 = 'v2.bsatn.spacetimedb';
const V1_JSON = 'v1.json.spacetimedb';
const presence = ModuleTypes.of('presence');
const ONLINE = 'online';
const ALL_ONLINE = 'SELECT * FROM online';

/** The identities in rows of `online {identity: Identity}` (an Identity value is the product `[u256]`), sorted. */
function identities(rows: ProductValue[]): bigint[] {
  return rows.map((row) => (row[0] as [bigint])[0]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Changes to `online` as identities: what a watcher must see of one connect or one disconnect. */
function presenceChanges(changes: RowChanges): { inserted: bigint[]; deleted: bigint[] } {
  return { inserted: identities(changes.inserts), deleted: identities(changes.deletes) };
}

/** A v2 socket as `as`, with its identity from InitialConnection (checked against the one it connected as). */
async function connectV2(
  db: Published,
  as: Identity,
  label: string,
): Promise<{ socket: Socket<typeof V2>; identity: bigint }> {
  const socket = await subs.connect(db, V2, { as, label });
  const hello = await nextOf(socket, 'InitialConnection');
  expect(hello.identity.__identity__, label).toBe(identityFromHex(as.identity));
  return { socket, identity: hello.identity.__identity__ };
}

/** Subscribes a v2 socket to every online row; returns the identities of the snapshot. */
async function watchV2(socket: Socket<typeof V2>): Promise<bigint[]> {
  const request = requestId();
  socket.send({ Subscribe: { request_id: request, query_set_id: { id: 1 }, query_strings: [ALL_ONLINE] } });
  const applied = await nextOf(socket, 'SubscribeApplied', (answer) => answer.request_id === request);
  return identities(v2Rows(presence, applied.rows, ONLINE));
}

async function nextPresenceV2(socket: Socket<typeof V2>) {
  return presenceChanges(v2Changes(presence, await nextOf(socket, 'TransactionUpdate'), ONLINE));
}

itNeeding(
  STATE,
  'v2: a connect hook runs before the connection is answered and a disconnect hook after the close; a watcher sees both',
  async () => {
    const db = await subs.stdb.publish('presence');
    const watcher = await connectV2(db, await subs.stdb.identity(), 'watcher');
    expect(await watchV2(watcher.socket)).toEqual([watcher.identity]);

    const arriving = await connectV2(db, await subs.stdb.identity(), 'arriving');
    expect(await nextPresenceV2(watcher.socket)).toEqual({ inserted: [arriving.identity], deleted: [] });
    expect(await watchV2(arriving.socket)).toEqual(identities([[[watcher.identity]], [[arriving.identity]]]));

    await arriving.socket.close();
    expect(await nextPresenceV2(watcher.socket)).toEqual({ inserted: [], deleted: [arriving.identity] });
  },
);

itNeeding(STATE, 'v2: an HTTP call runs both hooks in its transaction, so ping sends a watcher nothing', async () => {
  const db = await subs.stdb.publish('presence');
  const watcher = await connectV2(db, await subs.stdb.identity(), 'watcher');
  await watchV2(watcher.socket);

  // An anonymous caller: a fresh identity, not online before the call.
  await subs.stdb.anonymous.ok('callReducer', { database: db.identity, reducer: 'ping', body: [] });
  // Commits reach a subscriber in order, so the next update being the later connect shows the
  // call sent none.
  const later = await connectV2(db, await subs.stdb.identity(), 'later');
  expect(await nextPresenceV2(watcher.socket)).toEqual({ inserted: [later.identity], deleted: [] });
});

itNeeding(STATE, 'v1.json: a watcher sees another client connect and close', async () => {
  const db = await subs.stdb.publish('presence');
  const watcher = await subs.connect(db, V1_JSON, { as: await subs.stdb.identity(), label: 'watcher' });
  const watcherIdentity = (await nextOf(watcher, 'IdentityToken')).identity.__identity__;
  const request = requestId();
  watcher.send({ SubscribeMulti: { query_strings: [ALL_ONLINE], request_id: request, query_id: { id: 1 } } });
  const applied = await nextOf(watcher, 'SubscribeMultiApplied', (answer) => answer.request_id === request);
  expect(identities(v1Changes(presence, applied.update, ONLINE).inserts)).toEqual([watcherIdentity]);

  const arriving = await subs.connect(db, V1_JSON, { as: await subs.stdb.identity(), label: 'arriving' });
  const arrivingIdentity = (await nextOf(arriving, 'IdentityToken')).identity.__identity__;
  const nextPresence = async () => {
    const update = await nextOf(watcher, 'TransactionUpdate');
    if (!('Committed' in update.status)) throw new Error(`a hook's update is ${Object.keys(update.status)[0]}`);
    return presenceChanges(v1Changes(presence, update.status.Committed, ONLINE));
  };
  expect(await nextPresence()).toEqual({ inserted: [arrivingIdentity], deleted: [] });
  await arriving.close();
  expect(await nextPresence()).toEqual({ inserted: [], deleted: [arrivingIdentity] });
});

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
