/**
 * Bad client frames close only the offending connection: garbage bytes, an unknown message tag, a
 * truncated message, a text frame on a BSATN protocol, text that is not JSON on the JSON protocol,
 * and a frame larger than any server accepts (33 MiB: over the product's 32 MiB and dbwire's
 * limit) each close their socket with a code other than 1000 and, except the oversized frame, a
 * reason (the product's WebSocket library may drop an oversized connection without one). A second
 * socket on the same database stays subscribed: an HTTP call after each close still reaches it.
 */
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Published } from '../../../src/spacetimedb/fixture.js';
import type { Subprotocol } from '../../../src/spacetimedb/socket.js';
import { requestId, userEmail, useSubscriptions, v2Changes } from '../../../src/spacetimedb/subscriptions.js';
import { encodeClientMessage, nextOf, type Socket } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const STATE = { capabilities: ['state-changes'] } as const;
const OVERSIZED_BYTES = 33 * 1024 * 1024;

const validSubscribe = encodeClientMessage('v2.bsatn.spacetimedb', {
  Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] },
}) as Uint8Array;

interface BadFrame {
  name: string;
  protocol: Subprotocol;
  data: () => Uint8Array | string;
  /** Whether a close reason is required (see the header). */
  reason: boolean;
}

const BAD_FRAMES: BadFrame[] = [
  {
    name: 'garbage bytes',
    protocol: 'v2.bsatn.spacetimedb',
    data: () => new TextEncoder().encode('this is not BSATN at all'),
    reason: true,
  },
  {
    name: 'an unknown message tag',
    protocol: 'v2.bsatn.spacetimedb',
    data: () => new Uint8Array([0x3f, ...validSubscribe.subarray(1)]),
    reason: true,
  },
  {
    name: 'a truncated message',
    protocol: 'v2.bsatn.spacetimedb',
    data: () => validSubscribe.subarray(0, validSubscribe.length - 5),
    reason: true,
  },
  {
    name: 'a text frame on a BSATN protocol',
    protocol: 'v1.bsatn.spacetimedb',
    data: () => '{"Subscribe":{"query_strings":["SELECT * FROM user"],"request_id":1}}',
    reason: true,
  },
  { name: 'text that is not JSON on v1.json', protocol: 'v1.json.spacetimedb', data: () => 'not json {', reason: true },
  {
    name: 'a 33 MiB frame',
    protocol: 'v2.bsatn.spacetimedb',
    data: () => {
      const bytes = new Uint8Array(OVERSIZED_BYTES);
      bytes.set(validSubscribe);
      return bytes;
    },
    reason: false,
  },
];

async function bystanderOf(db: Published): Promise<Socket<'v2.bsatn.spacetimedb'>> {
  const socket = await subs.connect(db, 'v2.bsatn.spacetimedb', { label: 'bystander' });
  const request = requestId();
  socket.send({ Subscribe: { request_id: request, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
  await nextOf(socket, 'SubscribeApplied', (applied) => applied.request_id === request);
  return socket;
}

itNeeding(
  STATE,
  'each bad frame closes its socket (not 1000, with a reason); another socket keeps working',
  async () => {
    const db = await subs.stdb.publish('keyed');
    const bystander = await bystanderOf(db);
    for (const [index, bad] of BAD_FRAMES.entries()) {
      const victim = await subs.connect(db, bad.protocol, { label: bad.name });
      victim.sendRaw(bad.data());
      const closed = await victim.waitClosed(10_000);
      expect(closed.code, `${bad.name}: close code`).not.toBe(1000);
      if (bad.reason) expect(closed.reason.length, `${bad.name}: a close reason`).toBeGreaterThan(0);

      const email = `after-${index}@example.com`;
      await db.owner.client.ok('callReducer', {
        database: db.identity,
        reducer: 'create_user',
        body: [email, 'After', index],
      });
      const update = await nextOf(bystander, 'TransactionUpdate');
      expect(v2Changes(subs.keyed, update).inserts.map(userEmail), `after ${bad.name}`).toEqual([email]);
    }
    expect(bystander.open).toBe(true);
  },
  60_000,
);
