import { describe, expect, it } from 'vitest';
import { startSpacetimedb } from '../client.js';
import { trappingHookModule } from '../hook-modules.js';

const UPGRADE = {
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'sec-websocket-protocol': 'v2.bsatn.spacetimedb',
};

async function hostWith(hook: 'OnConnect' | 'OnDisconnect') {
  const host = await startSpacetimedb();
  const owner = await host.newUser();
  const published = await owner.client.publish('/v1/database/app', await trappingHookModule(hook));
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  const route = host.dispatcher.segmentRoutes.find((candidate) => candidate.operationId === 'subscribeToDatabase');
  const upgrade = () =>
    host.dispatcher.dispatch(route as never, {
      params: { name_or_identity: 'app' },
      query: {},
      headers: UPGRADE,
      body: undefined,
      websocket: 'available',
    });
  /** Publishes the same module again over `app`, emptying it (the open sessions close with 1012). */
  const republish = async () => {
    const again = await owner.client.publish('/v1/database/app', await trappingHookModule(hook), '?clear=true');
    if (again.status !== 200) throw new Error(`republish: ${again.status} ${again.text}`);
  };
  return { ...host, upgrade, republish };
}

/** A socket that keeps what it was told and lets the test fire its close. */
function recordingSocket() {
  const closeListeners: ((code: number, reason: string) => void)[] = [];
  const socket = {
    protocol: 'v2.bsatn.spacetimedb',
    bufferedAmount: 0,
    closed: undefined as { code: number; reason: string } | undefined,
    send() {},
    close(code: number, reason: string) {
      socket.closed = { code, reason };
    },
    onMessage() {},
    onClose: (listener: (code: number, reason: string) => void) => closeListeners.push(listener),
    fireClose: (code: number, reason: string) => {
      for (const listener of closeListeners) listener(code, reason);
    },
  };
  return socket;
}

describe('SpacetimeDB subscriptions: connection lifecycle', () => {
  it('a failing connect hook refuses the upgrade with 403, before any 101', async () => {
    const host = await hostWith('OnConnect');
    const response = await host.upgrade();
    expect(response.status).toBe(403);
    expect(response.upgrade).toBeUndefined();
  });

  it('runs the disconnect hook when the socket closes and when the handshake is abandoned', async () => {
    const host = await hostWith('OnDisconnect');
    const response = await host.upgrade();
    expect(response.status).toBe(101);
    const listeners: ((code: number, reason: string) => void)[] = [];
    response.upgrade?.accept({
      protocol: 'v2.bsatn.spacetimedb',
      bufferedAmount: 0,
      send() {},
      close() {},
      onMessage() {},
      onClose: (listener) => listeners.push(listener),
    });
    expect(host.reported).toEqual([]);
    for (const listener of listeners) listener(1000, 'bye');
    await expect.poll(() => host.reported.length).toBe(1);
    expect(String(host.reported[0])).toMatch(/trapped \(disconnect\)/);

    const abandoned = await host.upgrade();
    abandoned.upgrade?.abandon?.();
    await expect.poll(() => host.reported.length).toBe(2);
  });

  it('a republish closes the session with 1012 and runs its disconnect hook in the new module', async () => {
    const host = await hostWith('OnDisconnect');
    const response = await host.upgrade();
    const socket = recordingSocket();
    response.upgrade?.accept(socket);
    await host.republish();
    expect(socket.closed).toEqual({ code: 1012, reason: 'database updated; reconnect' });
    // The hook ran (and trapped, as this module's does) against the republished module.
    await expect.poll(() => host.reported.length).toBe(1);
    expect(String(host.reported[0])).toMatch(/trapped \(disconnect\)/);
  });

  it('close() ends the open sessions with 1001 and waits for every disconnect hook', async () => {
    const host = await hostWith('OnDisconnect');
    const open = recordingSocket();
    (await host.upgrade()).upgrade?.accept(open);
    // One the transport closed just before (its hook is still running when close() is called).
    const closing = recordingSocket();
    (await host.upgrade()).upgrade?.accept(closing);
    closing.fireClose(1001, 'server shutting down');
    await host.reference.close();
    expect(open.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    // Both hooks ran (and trapped, as this module's do) before close() resolved.
    expect(host.reported).toHaveLength(2);
    expect(host.reference.subscriptions.sessions.list()).toEqual([]);
  });
});
