import { type AddressInfo, connect as connectTcp } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Dispatcher } from '../src/core/dispatch.js';
import { headerTokens } from '../src/core/header-tokens.js';
import type { HandlerResponse } from '../src/core/types.js';
import { frameworkErrorOptions, type MountOptions, mountApi, mountNotFound } from '../src/fastify/index.js';
import { createMswHandlers } from '../src/msw/index.js';
import type { operations } from '../src/spacetimedb/index.js';
import { echoBinding } from './websocket-fixture.js';

let app: FastifyInstance | undefined;
const clients: WebSocket[] = [];
/** What the adapter reported to `onError`. */
let reported: unknown[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await app?.close();
  app = undefined;
  reported = [];
});

/** An app serving the echo API (and any others) on a free port; its ws:// origin. */
async function serve(...bases: string[]) {
  return serveWith({}, ...bases);
}

async function serveWith(options: MountOptions, ...bases: string[]) {
  const fixtures = (bases.length > 0 ? bases : ['']).map((base) => echoBinding(base));
  app = Fastify(frameworkErrorOptions());
  for (const fixture of fixtures) {
    mountApi(app, fixture.binding, { validateResponses: true, onError: (error) => reported.push(error), ...options });
  }
  mountNotFound(app, (fixtures[0] as (typeof fixtures)[number]).binding);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { fixtures, fixture: fixtures[0] as (typeof fixtures)[number], origin: `ws://127.0.0.1:${port}` };
}

/** Opens a client; resolves with it and the 101's headers once open. */
function connect(url: string, protocols: string[] = ['echo.v2'], options: WebSocket.ClientOptions = {}) {
  const client = new WebSocket(url, protocols, options);
  clients.push(client);
  return new Promise<{ client: WebSocket; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      client.once('upgrade', (response) => client.once('open', () => resolve({ client, headers: response.headers })));
      client.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      client.once('error', reject);
    },
  );
}

/** The plain HTTP answer a handshake got instead of a 101, and whether the server closed the socket after. */
function refused(url: string, protocols: string[] = ['echo.v2']) {
  const client = new WebSocket(url, protocols);
  clients.push(client);
  return new Promise<{ status: number; body: string; closed: Promise<void> }>((resolve, reject) => {
    client.once('open', () => reject(new Error('the handshake succeeded')));
    client.once('error', reject);
    client.once('unexpected-response', (request, response) => {
      const chunks: Buffer[] = [];
      const closed = new Promise<void>((done) => request.socket?.once('close', () => done()));
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), closed }),
      );
    });
  });
}

/** Sends `request` on a raw TCP connection; resolves with everything read once the server closes it. */
function rawExchange(origin: string, request: string) {
  const { hostname, port } = new URL(origin);
  return new Promise<string>((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.once('error', reject);
  });
}

function nextMessage(client: WebSocket) {
  return new Promise<{ data: Buffer; binary: boolean }>((resolve) =>
    client.once('message', (data: Buffer, binary: boolean) => resolve({ data, binary })),
  );
}

function closeOf(client: WebSocket) {
  return new Promise<{ code: number; reason: string }>((resolve) =>
    client.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
}

describe('WebSocket upgrades (fastify)', () => {
  it('selects the subprotocol the handler chose and adds its headers and the binding’s to the 101', async () => {
    const { origin, fixture } = await serve();
    const { client, headers } = await connect(`${origin}/rooms/lobby/socket`, ['nope', 'echo.v1', 'echo.v2'], {
      headers: { authorization: 'Bearer good' },
    });
    expect(client.protocol).toBe('echo.v2');
    expect(headers['x-room']).toBe('lobby');
    expect(headers['x-caller']).toBe('ann');
    expect(headers['content-length']).toBeUndefined();
    expect(fixture.accepted.map((socket) => socket.protocol)).toEqual(['echo.v2']);
  });

  it('answers refusals as HTTP responses in the API’s shape, then closes the connection', async () => {
    const { origin, fixture } = await serve();
    const noProtocol = await refused(`${origin}/rooms/lobby/socket`, ['chat']);
    expect(noProtocol).toMatchObject({ status: 400, body: 'offer echo.v2 or echo.v1' });
    await noProtocol.closed;
    const noRoom = await refused(`${origin}/rooms/attic/socket`);
    expect(noRoom).toMatchObject({ status: 404, body: 'no room attic' });
    await noRoom.closed;
    const unknownPath = await refused(`${origin}/nowhere`);
    expect(unknownPath).toMatchObject({ status: 404, body: 'no such path' });
    await unknownPath.closed;
    expect(fixture.accepted).toHaveLength(0);
  });

  it('refuses in the API’s shape a handshake ws cannot complete, abandons it and ends the connection', async () => {
    const { origin, fixture } = await serve();
    const answer = await rawExchange(
      origin,
      [
        'GET /rooms/lobby/socket HTTP/1.1',
        'Host: localhost',
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 12',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol: echo.v1',
        '',
        '',
      ].join('\r\n'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\n\r\nMissing or invalid Sec-WebSocket-Version header$/);
    expect(fixture.abandoned).toBe(1);
    expect(fixture.accepted).toHaveLength(0);
  });

  it('ends the connection itself after a plain answer to an upgrade request', async () => {
    const { origin } = await serve();
    const answer = await rawExchange(
      origin,
      'GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toMatch(/no such path$/);
  });

  it('carries text and binary messages both ways', async () => {
    const { origin } = await serve();
    const { client } = await connect(`${origin}/rooms/lobby/socket`);
    const text = nextMessage(client);
    client.send('hello');
    expect(await text).toEqual({ data: Buffer.from('HELLO'), binary: false });
    const binary = nextMessage(client);
    client.send(new Uint8Array([1, 2, 3]));
    const answer = await binary;
    expect(answer.binary).toBe(true);
    expect([...answer.data]).toEqual([3, 2, 1]);
  });

  it('closes a socket that sends more than maxMessageBytes with 1009, and only that one', async () => {
    const { origin, fixture } = await serve();
    const { client: bigSender } = await connect(`${origin}/rooms/lobby/socket`);
    const { client: bystander } = await connect(`${origin}/rooms/lobby/socket`);
    const closed = closeOf(bigSender);
    bigSender.send('x'.repeat(65));
    expect((await closed).code).toBe(1009);
    await expect.poll(() => fixture.closed.map((entry) => entry.code)).toEqual([1009]);
    // Sending to the closed socket is ignored, never thrown.
    expect(() => fixture.accepted[0]?.send('late')).not.toThrow();
    const echoed = nextMessage(bystander);
    bystander.send('x'.repeat(64));
    expect((await echoed).data.toString()).toBe('X'.repeat(64));
  });

  it('closes open sockets with 1001 when the app closes', async () => {
    const { origin, fixture } = await serve();
    const { client } = await connect(`${origin}/rooms/lobby/socket`);
    const closed = closeOf(client);
    await app?.close();
    app = undefined;
    expect(await closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(fixture.closed).toEqual([{ code: 1001, reason: 'server shutting down' }]);
  });

  it('answers 503 to an upgrade whose handler finishes after app.close() began, abandons it, and closes', async () => {
    const { origin, fixture } = await serve();
    const release = fixture.hold();
    const answer = refused(`${origin}/rooms/lobby/socket`);
    await expect.poll(() => fixture.waiting).toBe(1);
    const server = app?.server;
    const closing = app?.close();
    app = undefined;
    // The server stops listening once the preClose hooks ran: the handler answers after that.
    await expect.poll(() => server?.listening).toBe(false);
    release();
    expect(await answer).toMatchObject({ status: 503, body: 'server shutting down' });
    const outcome = await Promise.race([
      closing?.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still closing'), 2000).unref()),
    ]);
    expect(outcome).toBe('closed');
    expect(fixture.abandoned).toBe(1);
    expect(fixture.accepted).toHaveLength(0);
  });

  it('pings open sockets and cuts off one whose peer stops answering (1006), keeping the others', async () => {
    // Long enough that a loaded machine still answers in time; the polls wait a few intervals.
    const { origin, fixture } = await serveWith({ websocketKeepaliveMs: 100 });
    const { client: silent } = await connect(`${origin}/rooms/lobby/socket`, ['echo.v2'], { autoPong: false });
    const { client: alive } = await connect(`${origin}/rooms/lobby/socket`);
    let pings = 0;
    alive.on('ping', () => {
      pings += 1;
    });
    const cutOff = closeOf(silent);
    await expect.poll(() => fixture.closed, { timeout: 3000 }).toEqual([{ code: 1006, reason: '' }]);
    expect((await cutOff).code).not.toBe(1000);
    await expect.poll(() => pings, { timeout: 3000 }).toBeGreaterThan(2);
    const echoed = nextMessage(alive);
    alive.send('still here');
    expect((await echoed).data.toString()).toBe('STILL HERE');
    expect(fixture.closed).toHaveLength(1);
  });

  it('abandons an upgrade whose accept throws, reports it and closes the socket with 1011', async () => {
    const { origin, fixture } = await serve();
    fixture.failAccept();
    const { client } = await connect(`${origin}/rooms/lobby/socket`);
    expect(await closeOf(client)).toEqual({ code: 1011, reason: 'internal error' });
    expect(fixture.accepted).toHaveLength(1);
    expect(fixture.abandoned).toBe(1);
    expect(reported.map((error) => (error as Error).message)).toEqual(['accept failed']);
  });

  it('answers 426 to a 101 for a request that did not come in as an upgrade, and abandons it', async () => {
    const { fixture, origin } = await serve();
    const injected = await app?.inject({
      method: 'GET',
      url: '/rooms/lobby/socket',
      headers: { 'sec-websocket-protocol': 'echo.v1' },
    });
    expect(injected?.statusCode).toBe(426);
    expect(injected?.headers.upgrade).toBe('websocket');
    expect(injected?.body).toMatch(/upgrades to a WebSocket/);
    const plain = await fetch(`${origin.replace('ws:', 'http:')}/rooms/lobby/socket`, {
      headers: { 'sec-websocket-protocol': 'echo.v1' },
    });
    expect(plain.status).toBe(426);
    expect(fixture.abandoned).toBe(2);
    expect(fixture.accepted).toHaveLength(0);
  });

  it('upgrades for every API mounted on one app', async () => {
    const { origin, fixtures } = await serve('/a', '/b');
    const { client: first } = await connect(`${origin}/a/rooms/lobby/socket`);
    const { client: second } = await connect(`${origin}/b/rooms/lobby/socket`, ['echo.v1']);
    expect([first.protocol, second.protocol]).toEqual(['echo.v2', 'echo.v1']);
    expect(fixtures.map((fixture) => fixture.accepted.length)).toEqual([1, 1]);
    const echoed = nextMessage(second);
    second.send('b');
    expect((await echoed).data.toString()).toBe('B');
  });
});

describe('WebSocket upgrades elsewhere', () => {
  it('msw answers the API’s not-implemented for a 101 and abandons the upgrade', async () => {
    const fixture = echoBinding();
    const server = setupServer(...createMswHandlers(fixture.binding, { baseUrl: 'http://echo.test' }));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const response = await fetch('http://echo.test/rooms/lobby/socket', {
        headers: { 'sec-websocket-protocol': 'echo.v2' },
      });
      expect(response.status).toBe(501);
      expect(await response.text()).toBe('not implemented');
      expect(fixture.abandoned).toBe(1);
    } finally {
      server.close();
    }
  });

  it('passes the upgrade through the dispatcher only on a 101 to a request that can take it', async () => {
    const fixture = echoBinding();
    const dispatcher = new Dispatcher(fixture.binding, { validateResponses: true });
    const route = fixture.binding.routes.openSocket as Parameters<typeof dispatcher.dispatch>[0];
    const request = {
      params: { room: 'lobby' },
      query: {},
      headers: { 'sec-websocket-protocol': 'echo.v1' },
      body: undefined,
    };
    const answer = await dispatcher.dispatch(route, { ...request, websocket: 'available' });
    expect(answer.status).toBe(101);
    expect(answer.upgrade?.protocol).toBe('echo.v1');
    expect(answer.headers).toEqual({ 'x-caller': 'anonymous' });
    expect(fixture.abandoned).toBe(0);
  });

  it('says a 101 the spec does not document is outside its spec, once, and abandons the upgrade', async () => {
    const fixture = echoBinding();
    const errors: string[] = [];
    const route = fixture.binding.routes.openSocket as Parameters<Dispatcher<unknown>['dispatch']>[0];
    const undocumented = { ...route, responses: { '400': route.responses['400'] ?? null } };
    const binding = { ...fixture.binding, routes: { openSocket: undocumented } };
    const dispatcher = new Dispatcher(binding, {
      validateResponses: true,
      onError: (error) => errors.push((error as Error).message),
    });
    const answer = await dispatcher.dispatch(undocumented, {
      params: { room: 'lobby' },
      query: {},
      headers: { 'sec-websocket-protocol': 'echo.v1' },
      body: undefined,
      websocket: 'available',
    });
    expect(answer.status).toBe(500);
    expect(answer.upgrade).toBeUndefined();
    expect(errors).toEqual(['openSocket answered 101 outside its spec: status 101 is not documented']);
    expect(fixture.abandoned).toBe(1);
  });
});

describe('headerTokens', () => {
  it('splits a comma-separated header into trimmed tokens, empty ones left out, case kept', () => {
    expect(headerTokens(' v2.bsatn.spacetimedb ,, V1.json.spacetimedb,')).toEqual([
      'v2.bsatn.spacetimedb',
      'V1.json.spacetimedb',
    ]);
    expect(headerTokens(['keep-alive, Upgrade', 'x'])).toEqual(['keep-alive', 'Upgrade', 'x']);
    expect(headerTokens(undefined)).toEqual([]);
    expect(headerTokens(' , ')).toEqual([]);
  });
});

describe('WebSocket upgrade types', () => {
  it('let a generated handler answer 101 with an upgrade, and only a 101', () => {
    type Subscribe = HandlerResponse<operations['subscribeToDatabase']>;
    const upgrade = { protocol: 'v2.bsatn.spacetimedb', maxMessageBytes: 1, accept() {} };
    const accepted: Subscribe = { status: 101, upgrade };
    // @ts-expect-error only a 101 carries an upgrade
    const refused: Subscribe = { status: 400, body: 'no', contentType: 'text/plain', upgrade };
    expect([accepted.status, refused.status]).toEqual([101, 400]);
  });
});
