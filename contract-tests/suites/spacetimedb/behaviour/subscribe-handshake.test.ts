/**
 * The subscribe handshake (spec: `subscribeToDatabase`): each of the three subprotocols is selected
 * when offered, v2 first when all are; none acceptable, a bad token and an unknown database are
 * refused with an HTTP answer; the first message (v2 InitialConnection, v1 IdentityToken) names
 * the identity of the token sent (derived here from its claims) or of a fresh anonymous one, with a
 * non-zero connection id; `?token=` takes a websocket token; `compression=Gzip` frames are
 * gzip-tagged and inflate, `None` frames are untagged.
 */
import { identityToHex } from '@dbwire/spacetimedb-sats';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Published } from '../../../src/spacetimedb/fixture.js';
import { identityFromIssuerAndSubject, jwtClaims, withForgedSignature } from '../../../src/spacetimedb/identity.js';
import { handshake, SUBPROTOCOLS, SubscriptionSocket } from '../../../src/spacetimedb/socket.js';
import { useSubscriptions } from '../../../src/spacetimedb/subscriptions.js';
import { decodeServerFrame, encodeClientMessage, nextOf } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const STATE = { capabilities: ['state-changes'] } as const;

/** The identity a token's claims derive (what the product computes). */
function identityOfToken(token: string): string {
  const claims = jwtClaims(token);
  return identityFromIssuerAndSubject(String(claims.iss), String(claims.sub));
}

/** Offers `protocols`; the socket, wrapped (to be closed after the test), or the refusal. */
async function offer(db: Published | string, protocols: string[], options: { bearer?: string } = {}) {
  const database = typeof db === 'string' ? db : db.identity;
  const result = await handshake(subs.stdb.baseUrl, database, { protocols, bearer: options.bearer });
  if (result.upgraded) {
    const protocol = result.protocol as (typeof SUBPROTOCOLS)[number];
    subs.track(
      new SubscriptionSocket(
        result.socket,
        protocol,
        (frame) => decodeServerFrame(protocol, frame),
        (message: never) => encodeClientMessage(protocol, message),
        protocol,
        result.early,
      ),
    );
  }
  return result;
}

itNeeding(STATE, 'each subprotocol is selected when offered; v2 first when all are', async () => {
  const db = await subs.stdb.publish('keyed');
  for (const protocol of SUBPROTOCOLS) {
    const result = await offer(db, ['x.unknown.protocol', protocol]);
    expect(result.upgraded && result.protocol, `offering ${protocol}`).toBe(protocol);
  }
  const all = await offer(db, ['v1.json.spacetimedb', 'v1.bsatn.spacetimedb', 'v2.bsatn.spacetimedb']);
  expect(all.upgraded && all.protocol).toBe('v2.bsatn.spacetimedb');
});

itNeeding(
  STATE,
  'refusals: no acceptable subprotocol 400, a bad token 401 or 400, an unknown database 404',
  async () => {
    const db = await subs.stdb.publish('keyed');
    const none = await offer(db, ['v9.bsatn.spacetimedb']);
    expect(none.upgraded ? 101 : none.status).toBe(400);
    if (!none.upgraded) expect(none.text.trim().length).toBeGreaterThan(0);
    const forged = await offer(db, ['v2.bsatn.spacetimedb'], { bearer: withForgedSignature(db.owner.token) });
    expect([400, 401]).toContain(forged.upgraded ? 101 : forged.status);
    const garbage = await offer(db, ['v2.bsatn.spacetimedb'], { bearer: 'not-a-token' });
    expect([400, 401]).toContain(garbage.upgraded ? 101 : garbage.status);
    const unknown = await offer(`dbwire-no-such-database-${Date.now()}`, ['v2.bsatn.spacetimedb']);
    expect(unknown.upgraded ? 101 : unknown.status).toBe(404);
  },
);

itNeeding(
  STATE,
  'v2: the first message is InitialConnection with the token’s identity and a non-zero connection id',
  async () => {
    const db = await subs.stdb.publish('keyed');
    const socket = await subs.connect(db, 'v2.bsatn.spacetimedb');
    const first = await nextOf(socket, 'InitialConnection');
    expect(socket.history[0]).toHaveProperty('InitialConnection');
    expect(identityToHex(first.identity.__identity__)).toBe(db.owner.identity);
    expect(identityToHex(first.identity.__identity__)).toBe(identityOfToken(db.owner.token));
    expect(first.connection_id.__connection_id__).not.toBe(0n);
    expect(identityOfToken(first.token)).toBe(db.owner.identity);

    // Without a token: a fresh identity, and a token that derives it.
    const anonymous = await subs.connect(db, 'v2.bsatn.spacetimedb', { as: null });
    const minted = await nextOf(anonymous, 'InitialConnection');
    const mintedHex = identityToHex(minted.identity.__identity__);
    expect(mintedHex).not.toBe(db.owner.identity);
    expect(identityOfToken(minted.token)).toBe(mintedHex);
    expect(minted.connection_id.__connection_id__).not.toBe(first.connection_id.__connection_id__);
  },
);

itNeeding(STATE, 'v1 (BSATN and JSON): the first message is IdentityToken with the token’s identity', async () => {
  const db = await subs.stdb.publish('keyed');
  for (const protocol of ['v1.bsatn.spacetimedb', 'v1.json.spacetimedb'] as const) {
    const socket = await subs.connect(db, protocol);
    const first = await nextOf(socket, 'IdentityToken');
    expect(socket.history[0], protocol).toHaveProperty('IdentityToken');
    expect(identityToHex(first.identity.__identity__), protocol).toBe(db.owner.identity);
    expect(first.connection_id.__connection_id__, protocol).not.toBe(0n);
    expect(identityOfToken(first.token), protocol).toBe(db.owner.identity);
  }
});

itNeeding(STATE, '?token= takes a websocket token from POST /v1/identity/websocket-token', async () => {
  const db = await subs.stdb.publish('keyed');
  const reply = await db.owner.client.ok('createWebsocketToken');
  const { token } = reply.body as { token: string };
  const socket = await subs.connect(db, 'v2.bsatn.spacetimedb', { as: null, query: { token } });
  const first = await nextOf(socket, 'InitialConnection');
  expect(identityToHex(first.identity.__identity__)).toBe(db.owner.identity);
});

itNeeding(STATE, 'compression=Gzip frames are gzip-tagged and inflate; None frames are untagged', async () => {
  const db = await subs.stdb.publish('keyed');
  await db.owner.client.ok('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    // A row large enough that a server compressing only large messages compresses this one.
    body: ['big@example.com', 'x'.repeat(4096), 1],
  });
  const subscribeAll = { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] };
  const gzip = await subs.connect(db, 'v2.bsatn.spacetimedb', { compression: 'Gzip' });
  gzip.send({ Subscribe: subscribeAll });
  const gzipped = await nextOf(gzip, 'SubscribeApplied');
  expect(
    subs.keyed.unpack(
      'user',
      gzipped.rows.tables[0]?.rows ?? { size_hint: { RowOffsets: [] }, rows_data: new Uint8Array() },
    ),
  ).toHaveLength(1);
  // The product compresses only large messages: every frame is tagged None or Gzip, the large one Gzip.
  expect(gzip.compressionTags.every((tag) => tag === 0 || tag === 2)).toBe(true);
  expect(gzip.compressionTags.at(-1)).toBe(2);

  const plain = await subs.connect(db, 'v2.bsatn.spacetimedb', { compression: 'None' });
  plain.send({ Subscribe: subscribeAll });
  await nextOf(plain, 'SubscribeApplied');
  expect(plain.compressionTags.every((tag) => tag === 0)).toBe(true);
  expect(plain.problems).toEqual([]);
  expect(gzip.problems).toEqual([]);
});
