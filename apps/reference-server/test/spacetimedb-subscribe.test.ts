/**
 * `dbwire serve`'s SpacetimeDB subscriptions over real sockets (undici's WebSocket): the handshake
 * and one round trip per subprotocol, a refused upgrade, and a bad frame closing only its own
 * connection. The protocols in depth are tested in packages/reference and the conformance suites.
 */
import { encodeProduct } from '@dbwire/spacetimedb-sats';
import {
  decodeRowList,
  decodeV1BsatnServerMessage,
  decodeV1JsonServerMessage,
  decodeV2ServerMessage,
  encodeV1BsatnClientMessage,
  encodeV1JsonClientMessage,
  encodeV2ClientMessage,
  unframeServerMessage,
} from '@dbwire/spacetimedb-sats/protocol';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { WebSocket } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe } from './helpers/serve.js';

let serve: ServeProcess & { urls: Record<string, string> };
let origin: string;
const DATABASE = 'subscribe-keyed';

const CREATE_USER = {
  elements: [
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as never;

beforeAll(async () => {
  serve = await startServe(['--engine', 'memory']);
  origin = serve.urls.spacetimedb as string;
  const response = await fetch(`${origin}/v1/database/${DATABASE}`, {
    method: 'PUT',
    body: await loadTestModule('keyed'),
  });
  if (response.status !== 200) throw new Error(`publish: ${response.status} ${await response.text()}`);
}, 60_000);

afterAll(() => {
  serve?.child.kill('SIGKILL');
});

/** A socket with its received frames queued; `next` waits for the next one. */
function connect(protocol: string, query = 'compression=None') {
  const url = `${origin.replace(/^http/, 'ws')}/v1/database/${DATABASE}/subscribe?${query}`;
  const socket = new WebSocket(url, [protocol]);
  socket.binaryType = 'arraybuffer';
  const frames: (Uint8Array | string)[] = [];
  let wake: (() => void) | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener('close', (event) => {
      resolve({ code: event.code, reason: event.reason });
      wake?.();
    });
  });
  socket.addEventListener('message', (event) => {
    frames.push(typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer));
    wake?.();
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('the socket did not open')));
  });
  const next = async (): Promise<Uint8Array | string> => {
    const deadline = Date.now() + 5_000;
    while (frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame within 5 s');
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return frames.shift() as Uint8Array | string;
  };
  const binary = async () => unframeServerMessage((await next()) as Uint8Array).body;
  return { socket, opened, closed, next, binary };
}

describe('SpacetimeDB subscriptions over WebSockets (dbwire serve)', () => {
  it('v2.bsatn: InitialConnection, Subscribe, CallReducer; another socket sees the TransactionUpdate', async () => {
    const watcher = connect('v2.bsatn.spacetimedb');
    await watcher.opened;
    expect(watcher.socket.protocol).toBe('v2.bsatn.spacetimedb');
    expect(decodeV2ServerMessage(await watcher.binary())).toHaveProperty('InitialConnection');
    watcher.socket.send(
      encodeV2ClientMessage({
        Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] },
      }),
    );
    expect(decodeV2ServerMessage(await watcher.binary())).toHaveProperty('SubscribeApplied');

    const caller = connect('v2.bsatn.spacetimedb', 'compression=Gzip');
    await caller.opened;
    const hello = (await caller.next()) as Uint8Array;
    expect(hello[0]).toBe(0); // under 1 KiB: uncompressed even on a Gzip connection, as the product
    caller.socket.send(
      encodeV2ClientMessage({
        CallReducer: {
          request_id: 2,
          flags: 0,
          reducer: 'create_user',
          args: encodeProduct(CREATE_USER, ['ws@x.io', 'Ws', 7]),
        },
      }),
    );
    const update = decodeV2ServerMessage(await watcher.binary());
    if (!('TransactionUpdate' in update)) throw new Error(`expected a TransactionUpdate, got ${Object.keys(update)}`);
    const rows = update.TransactionUpdate.query_sets[0]?.tables[0]?.rows[0];
    expect(rows && 'PersistentTable' in rows && decodeRowList(rows.PersistentTable.inserts)).toHaveLength(1);
    watcher.socket.close(1000);
    caller.socket.close(1000);
  });

  it('v1.bsatn and v1.json: IdentityToken, then a one-off query', async () => {
    const bsatn = connect('v1.bsatn.spacetimedb');
    await bsatn.opened;
    expect(decodeV1BsatnServerMessage(await bsatn.binary())).toHaveProperty('IdentityToken');
    bsatn.socket.send(
      encodeV1BsatnClientMessage({
        OneOffQuery: { message_id: new Uint8Array([7]), query_string: 'SELECT * FROM user' },
      }),
    );
    expect(decodeV1BsatnServerMessage(await bsatn.binary())).toHaveProperty('OneOffQueryResponse');

    const json = connect('v1.json.spacetimedb');
    await json.opened;
    expect(decodeV1JsonServerMessage((await json.next()) as string)).toHaveProperty('IdentityToken');
    json.socket.send(
      encodeV1JsonClientMessage({
        SubscribeSingle: { query: 'SELECT * FROM user', request_id: 1, query_id: { id: 1 } },
      }),
    );
    expect(decodeV1JsonServerMessage((await json.next()) as string)).toHaveProperty('SubscribeApplied');
    bsatn.socket.close(1000);
    json.socket.close(1000);
  });

  it('a garbage frame closes only its connection (1008); Brotli is answered with frames tagged uncompressed', async () => {
    const bad = connect('v2.bsatn.spacetimedb');
    const good = connect('v2.bsatn.spacetimedb');
    await Promise.all([bad.opened, good.opened]);
    await bad.next();
    await good.next();
    bad.socket.send(new Uint8Array([200, 1, 2, 3]));
    expect((await bad.closed).code).toBe(1008);
    good.socket.send(encodeV2ClientMessage({ OneOffQuery: { request_id: 1, query_string: 'SELECT * FROM user' } }));
    expect(decodeV2ServerMessage(await good.binary())).toHaveProperty('OneOffQueryResult');
    good.socket.close(1000);

    const brotli = connect('v2.bsatn.spacetimedb', 'compression=Brotli');
    await brotli.opened;
    const first = (await brotli.next()) as Uint8Array;
    expect(first[0]).toBe(0);
    expect(decodeV2ServerMessage(unframeServerMessage(first).body)).toHaveProperty('InitialConnection');
    brotli.socket.close(1000);
  });
});
