import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SerializedResponse } from '../core/dispatch.js';
import { headerTokens } from '../core/header-tokens.js';
import type { WebSocketUpgrade } from '../core/websocket.js';
import { rawHttp } from './raw-http.js';
import { WsConnection } from './websocket-connection.js';

/** How long `app.close()` waits for clients to answer the closing handshake before cutting them off. */
const SHUTDOWN_GRACE_MS = 2000;

/** How often an open WebSocket is pinged unless the mount says otherwise; no pong by the next ping cuts it off. */
export const DEFAULT_WEBSOCKET_KEEPALIVE_MS = 15_000;

/** An upgrade request on its way through fastify: the socket and bytes Node handed over with it. */
interface PendingUpgrade {
  socket: Socket;
  head: Buffer;
  /** Set once the handshake started: the socket is the WebSocket's now, not the HTTP answer's. */
  handshake?: Handshake;
}

interface Handshake {
  upgrade: WebSocketUpgrade;
  /** The answer's headers besides the handshake's own (the binding's `responseHeaders`, the handler's). */
  headers: Record<string, string>;
  /** The API's answer to a handshake `ws` refuses (a bad `Sec-WebSocket-Key`, an unknown version). */
  refuse(header: string, message: string): SerializedResponse;
}

/** What the fastify adapter needs to finish an upgrade: the API's answers and where faults go. */
export interface UpgradeAnswers {
  refuse(header: string, message: string): SerializedResponse;
  internalError(error: unknown): SerializedResponse;
  /** Ping interval of the sockets opened (0: never ping). */
  keepaliveMs: number;
  /** The API's answer when the server cannot take the socket (it is shutting down): a 503. */
  unavailable(message: string): SerializedResponse;
  onError(error: unknown): void;
}

/** Headers of the 101 that `ws` writes itself, and body headers a 101 has none of. */
const HANDSHAKE_OWN = new Set([
  'upgrade',
  'connection',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
  'content-length',
  'content-type',
  'transfer-encoding',
]);

/** The header a `ws` handshake refusal is about, by its message. */
function refusedHeader(message: string): string {
  if (message.includes('Upgrade')) return 'upgrade';
  if (message.includes('Key')) return 'sec-websocket-key';
  if (message.includes('Version')) return 'sec-websocket-version';
  if (message.includes('Protocol')) return 'sec-websocket-protocol';
  return 'connection';
}

/**
 * One per HTTP server, however many APIs are mounted on it: takes Node's `'upgrade'` requests,
 * routes them through fastify as ordinary requests, and opens the WebSocket when the answer is a
 * 101 with an upgrade. Every other answer goes out as plain HTTP, after which the socket closes
 * (nothing reads another request from a socket Node handed over).
 */
export class UpgradeHub {
  private readonly pending = new WeakMap<IncomingMessage, PendingUpgrade>();
  /** One `ws` server per message size limit in use (maxPayload is a server option). */
  private readonly servers = new Map<number, WebSocketServer>();
  private readonly open = new Set<WebSocket>();
  /**
   * Set once `app.close()` began: a handler still awaiting (a connect hook in a transaction) must
   * not open a socket after `closeAll` ran, or Node's `server.close` would wait for it forever.
   */
  private closing = false;

  constructor(app: FastifyInstance) {
    app.server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.route(app, request, socket, head),
    );
    // Before fastify closes the HTTP server, which waits for every socket, the upgraded ones too.
    app.addHook('preClose', async () => {
      this.closing = true;
      await this.closeAll();
    });
  }

  /** Whether this request came in as an upgrade whose socket is still ours to take over. */
  canUpgrade(request: FastifyRequest): boolean {
    const pending = this.pending.get(request.raw);
    return pending !== undefined && pending.handshake === undefined && !pending.socket.destroyed;
  }

  private route(app: FastifyInstance, request: IncomingMessage, socket: Socket, head: Buffer): void {
    // Node removed its own error listener when it handed the socket over: a reset must not crash.
    socket.on('error', () => socket.destroy());
    const pending: PendingUpgrade = { socket, head };
    this.pending.set(request, pending);
    const response = new ServerResponse(request);
    response.shouldKeepAlive = false;
    response.assignSocket(socket);
    response.once('finish', () => {
      if (pending.handshake === undefined) socket.end(() => socket.destroy());
    });
    try {
      app.routing(request, response);
    } catch (error) {
      app.log.error({ err: error }, 'upgrade request failed');
      socket.destroy();
    }
  }

  /** Completes the handshake of a request `canUpgrade` approved whose answer carries `upgrade`. */
  complete(
    request: FastifyRequest,
    reply: FastifyReply,
    response: SerializedResponse & { upgrade: WebSocketUpgrade },
    answers: UpgradeAnswers,
  ): void {
    const pending = this.pending.get(request.raw) as PendingUpgrade;
    const { socket, head } = pending;
    const { upgrade } = response;
    reply.hijack();
    reply.raw.detachSocket(socket);
    const handshake: Handshake = { upgrade, headers: response.headers, refuse: answers.refuse };
    pending.handshake = handshake;
    const undo = () => {
      try {
        upgrade.abandon?.();
      } catch (error) {
        answers.onError(error);
      }
    };
    let settled = false;
    const abandon = () => {
      if (settled) return;
      settled = true;
      undo();
    };
    if (socket.destroyed) {
      abandon();
      return;
    }
    socket.once('close', abandon);
    if (this.closing) {
      socket.off('close', abandon);
      abandon();
      socket.end(rawHttp(answers.unavailable('server shutting down')), () => socket.destroy());
      return;
    }
    if (!headerTokens(request.headers['sec-websocket-protocol']).includes(upgrade.protocol)) {
      const error = new Error(`the handler selected subprotocol '${upgrade.protocol}', which the client did not offer`);
      answers.onError(error);
      socket.end(rawHttp(answers.internalError(error)), () => socket.destroy());
      return;
    }
    this.serverFor(upgrade.maxMessageBytes).handleUpgrade(request.raw, socket, head, (webSocket) => {
      settled = true;
      socket.off('close', abandon);
      this.open.add(webSocket);
      webSocket.once('close', () => this.open.delete(webSocket));
      const connection = new WsConnection(webSocket, answers.onError, answers.keepaliveMs);
      try {
        upgrade.accept(connection);
      } catch (error) {
        answers.onError(error);
        // accept may have done part of its work (registered a session) before it threw.
        undo();
        connection.close(1011, 'internal error');
      }
    });
  }

  private serverFor(maxPayload: number): WebSocketServer {
    let server = this.servers.get(maxPayload);
    if (server !== undefined) return server;
    server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload,
      // Compression is negotiated per message by the APIs that want it (SpacetimeDB's own tag).
      perMessageDeflate: false,
      handleProtocols: (_offered, request) => this.pending.get(request)?.handshake?.upgrade.protocol ?? false,
    });
    server.on('headers', (lines: string[], request: IncomingMessage) => {
      const handshake = this.pending.get(request)?.handshake;
      if (handshake === undefined) return;
      for (const [name, value] of Object.entries({ ...handshake.headers, ...handshake.upgrade.headers })) {
        // A value that could split the header section is dropped rather than written.
        if (HANDSHAKE_OWN.has(name.toLowerCase()) || /[\r\n]/.test(name + value)) continue;
        lines.push(`${name}: ${value}`);
      }
    });
    // A handshake ws refuses (the handler checked less than ws does) gets the API's answer.
    server.on('wsClientError', (error: Error, socket: Socket, request: IncomingMessage) => {
      const handshake = this.pending.get(request)?.handshake;
      if (handshake === undefined || !socket.writable) return socket.destroy();
      socket.end(rawHttp(handshake.refuse(refusedHeader(error.message), error.message)), () => socket.destroy());
    });
    this.servers.set(maxPayload, server);
    return server;
  }

  /** Closes every open WebSocket with 1001 and waits (a little) for each to be gone. */
  private async closeAll(): Promise<void> {
    const closing = [...this.open].map(
      (webSocket) =>
        new Promise<void>((resolve) => {
          webSocket.once('close', () => resolve());
          webSocket.close(1001, 'server shutting down');
          setTimeout(() => webSocket.terminate(), SHUTDOWN_GRACE_MS).unref();
        }),
    );
    await Promise.all(closing);
    for (const server of this.servers.values()) server.close();
  }
}

const hubs = new WeakMap<FastifyInstance['server'], UpgradeHub>();

/** The upgrade hub of the app's HTTP server, made (and its listener registered) on first use. */
export function upgradeHub(app: FastifyInstance): UpgradeHub {
  let hub = hubs.get(app.server);
  if (hub === undefined) {
    hub = new UpgradeHub(app);
    hubs.set(app.server, hub);
  }
  return hub;
}
