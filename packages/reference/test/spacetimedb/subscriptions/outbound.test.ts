import { unframeServerMessage } from '@dbwire/spacetimedb-sats/protocol';
import { describe, expect, it } from 'vitest';
import { type CloseReason, FAILED_CLOSE } from '../../../src/spacetimedb/subscriptions/hub.js';
import { MAX_BUFFERED_BYTES, Outbound, TOO_SLOW_CLOSE } from '../../../src/spacetimedb/subscriptions/outbound.js';
import { FakeSocket, subscriptionHost } from './socket.js';

function outbound(compression: 'None' | 'Gzip', compress?: (bytes: Uint8Array) => Promise<Uint8Array>) {
  const socket = new FakeSocket('v2.bsatn.spacetimedb');
  const failures: { close: CloseReason; error?: unknown }[] = [];
  const queue = new Outbound(socket, compression, (close, error) => failures.push({ close, error }), compress);
  return { socket, queue, failures };
}

describe('SpacetimeDB subscriptions: the outgoing queue', () => {
  it('does not count the largest message against the bound; gives up beyond it', () => {
    const { socket, queue, failures } = outbound('None');
    const big = new Uint8Array(MAX_BUFFERED_BYTES + 1024);
    queue.send(big);
    // That one message still waits in the buffer: a healthy client that reads it keeps its socket.
    socket.bufferedAmount = big.byteLength + 1;
    queue.send(new Uint8Array([1]));
    expect(failures).toEqual([]);
    expect(socket.sent).toHaveLength(2);
    socket.bufferedAmount = big.byteLength + 1 + MAX_BUFFERED_BYTES + 1;
    queue.send(new Uint8Array([2]));
    expect(failures).toEqual([{ close: TOO_SLOW_CLOSE, error: undefined }]);
    expect(socket.sent).toHaveLength(2);
  });

  it('a compression that fails gives up with 1011 and the error, and sends nothing more', async () => {
    const failure = new Error('deflate broke');
    const { socket, queue, failures } = outbound('Gzip', async () => {
      throw failure;
    });
    queue.send(new Uint8Array(2000).fill(1));
    queue.send(new Uint8Array([4]));
    await queue.flushed();
    expect(failures).toEqual([{ close: FAILED_CLOSE, error: failure }]);
    expect(socket.sent).toEqual([]);
  });

  it('Gzip compresses messages over 1 KiB only, and frames keep their order', async () => {
    const { socket, queue } = outbound('Gzip');
    const sizes = [0, 1000, 1024, 1025, 4000, 10];
    sizes.forEach((size, index) => {
      queue.send(new Uint8Array(size).fill(index));
    });
    await queue.flushed();
    const frames = socket.sent.map((frame) => unframeServerMessage(frame as Uint8Array));
    expect(frames.map((frame) => frame.tag)).toEqual([0, 0, 0, 2, 2, 0]);
    const bodies = await Promise.all(
      frames.map(async ({ tag, body }) =>
        tag === 0
          ? body
          : new Uint8Array(
              await new Response(
                new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')),
              ).arrayBuffer(),
            ),
      ),
    );
    expect(bodies.map((body) => body.length)).toEqual(sizes);
    expect(bodies.map((body) => body[0])).toEqual([undefined, 1, 2, 3, 4, 5]);
  });

  it('a session whose reader is too slow closes with 1008 and ends at once, before any close event', async () => {
    const host = await subscriptionHost();
    const { client } = await host.v2();
    client.send({ Subscribe: { request_id: 1, query_set_id: { id: 1 }, query_strings: ['SELECT * FROM user'] } });
    await client.next();
    const [session] = host.reference.subscriptions.sessions.list();
    client.socket.holdCloseEvent = true;
    client.socket.bufferedAmount = 2 * MAX_BUFFERED_BYTES;
    await host.owner.client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    expect(client.socket.closed).toEqual(TOO_SLOW_CLOSE);
    expect(host.reference.subscriptions.sessions.list()).toEqual([]);
    expect(session?.hub.sessionCount).toBe(0);
    expect(session?.hub.queryCount).toBe(0);
  });
});
