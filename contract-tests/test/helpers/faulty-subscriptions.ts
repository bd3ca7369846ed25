import { createServer, request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { type Subprotocol, unframe } from '../../src/spacetimedb/socket.js';
import { decodeServerFrame, kindOf } from '../../src/spacetimedb/wire.js';
import type { RunningServer } from './faulty-server.js';

/**
 * A SpacetimeDB host with faulty subscriptions: a proxy in front of a correct host that passes
 * every HTTP request and WebSocket handshake through unchanged (refusals included) and relays
 * frames both ways, letting a `FrameFault` drop, duplicate or keep each server frame. Every frame
 * it sends is one the upstream sent, so each message is well-formed; only delivery is wrong.
 */

/** What to do with one server frame: send it as is, drop it, or send it twice. */
export type FrameAction = 'keep' | 'drop' | 'duplicate';

/** Decides per server frame; `kind` is the message variant the frame holds (see `serverMessageKind`). */
export type FrameFault = (kind: string, protocol: string) => FrameAction;

/** The variant a server frame holds, read with the suite's own decoder ('unknown' when it does not decode). */
export function serverMessageKind(protocol: string, data: Uint8Array, binary: boolean): string {
  try {
    const frame = binary ? { binary, ...unframe(data) } : { binary, payload: data, compression: undefined };
    return kindOf(decodeServerFrame(protocol as Subprotocol, frame));
  } catch {
    return 'unknown';
  }
}

export const subscriptionFaults = {
  /** Every tenth transaction update (counted over all connections) never reaches its client. */
  dropsOneUpdateInTen: (): FrameFault => {
    let seen = 0;
    return (kind) => (kind === 'TransactionUpdate' && ++seen % 10 === 0 ? 'drop' : 'keep');
  },
  /** Every tenth transaction update (counted over all connections) reaches its client twice. */
  duplicatesOneUpdateInTen: (): FrameFault => {
    let seen = 0;
    return (kind) => (kind === 'TransactionUpdate' && ++seen % 10 === 0 ? 'duplicate' : 'keep');
  },
} as const;

/** A proxy on 127.0.0.1 (a free port) in front of `upstream`, applying `fault` to server frames (none: a faithful relay). */
export async function startSubscriptionProxy(upstream: RunningServer, fault?: FrameFault): Promise<RunningServer> {
  const target = new URL(upstream.url);
  const sockets = new Set<WebSocket>();

  const server = createServer((request, response) => {
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });

  server.on('upgrade', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((protocol) => protocol.trim())
      .filter((protocol) => protocol !== '');
    const headers: Record<string, string> = {};
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    const upstreamSocket = new WebSocket(`ws://${target.host}${request.url ?? '/'}`, protocols, {
      headers,
      maxPayload: 256 * 1024 * 1024,
    });
    upstreamSocket.once('unexpected-response', (_req, answer) => {
      // A refused handshake goes back as the upstream answered it.
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const status = answer.statusCode ?? 502;
        const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
        lines.push(`content-type: ${answer.headers['content-type'] ?? 'text/plain'}`);
        lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
        client.end(Buffer.concat([Buffer.from(lines.join('\r\n')), body]));
        upstreamSocket.terminate();
      });
    });
    upstreamSocket.once('error', () => client.destroy());
    upstreamSocket.once('open', () => {
      const chosen = upstreamSocket.protocol;
      // One relay server per upgrade, so that each selects its own upstream's subprotocol.
      const relayServer = new WebSocketServer({
        noServer: true,
        maxPayload: 256 * 1024 * 1024,
        handleProtocols: () => chosen,
      });
      relayServer.handleUpgrade(request, client, head, (downstream) => {
        sockets.add(downstream);
        sockets.add(upstreamSocket);
        relay(upstreamSocket, downstream, chosen, fault);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

/** Relays frames both ways; server frames go through `fault`; a close on either side closes the other with its code and reason. */
function relay(upstream: WebSocket, downstream: WebSocket, protocol: string, fault: FrameFault | undefined): void {
  downstream.on('message', (data, binary) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(data as Buffer, { binary });
  });
  upstream.on('message', (data, binary) => {
    const bytes = data as Buffer;
    const action = fault ? fault(serverMessageKind(protocol, bytes, binary), protocol) : 'keep';
    if (action === 'drop' || downstream.readyState !== WebSocket.OPEN) return;
    downstream.send(bytes, { binary });
    if (action === 'duplicate') downstream.send(bytes, { binary });
  });
  const closeOther = (other: WebSocket) => (code: number, reason: Buffer) => {
    if (other.readyState !== WebSocket.OPEN) return;
    // 1005 and 1006 are never sent on the wire (RFC 6455 §7.4.1).
    if (code === 1005 || code === 1006) other.close();
    else other.close(code, reason);
  };
  upstream.on('close', closeOther(downstream));
  downstream.on('close', closeOther(upstream));
  upstream.on('error', () => downstream.terminate());
  downstream.on('error', () => upstream.terminate());
}
