import type { WebSocketConnection } from '@dbwire/server-stubs';
import { decodeProduct, type ProductType, type ProductValue } from '@dbwire/spacetimedb-sats';
import {
  type BsatnRowList,
  decodeRowList,
  decodeV1BsatnServerMessage,
  decodeV1JsonServerMessage,
  decodeV2ServerMessage,
  encodeV1BsatnClientMessage,
  encodeV1JsonClientMessage,
  encodeV2ClientMessage,
  unframeServerMessage,
  type V1BsatnClientMessage,
  type V1BsatnServerMessage,
  type V1JsonClientMessage,
  type V1JsonServerMessage,
  type V2ClientMessage,
  type V2ServerMessage,
} from '@dbwire/spacetimedb-sats/protocol';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { startSpacetimedb } from '../client.js';

const encoder = new TextEncoder();

/** An in-memory `WebSocketConnection`: what the server sends is kept; the test delivers frames and closes. */
export class FakeSocket implements WebSocketConnection {
  readonly sent: (Uint8Array | string)[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;
  private readonly messageListeners: ((data: Uint8Array, binary: boolean) => void)[] = [];
  private readonly closeListeners: ((code: number, reason: string) => void)[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly protocol: string) {}

  send(data: string | Uint8Array): void {
    if (this.closed !== undefined) return;
    this.sent.push(data);
    this.wake();
  }

  /** Like `ws` with a client that does not answer the close frame: `close` fires no close event. */
  holdCloseEvent = false;

  close(code: number, reason: string): void {
    if (this.closed !== undefined) return;
    this.closed = { code, reason };
    if (!this.holdCloseEvent) for (const listener of this.closeListeners) listener(code, reason);
    this.wake();
  }

  onMessage(listener: (data: Uint8Array, binary: boolean) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  deliver(data: Uint8Array | string): void {
    const binary = typeof data !== 'string';
    for (const listener of this.messageListeners) listener(binary ? data : encoder.encode(data), binary);
  }

  /** Resolves once `count` frames were sent (or the socket closed). */
  async frames(count: number, timeoutMs = 5000): Promise<(Uint8Array | string)[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count && this.closed === undefined) {
      if (Date.now() > deadline) throw new Error(`expected ${count} frames, got ${this.sent.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.sent.slice(0, count);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A v2 client over a fake socket: messages in, decoded messages out. */
export class V2Client {
  private read = 0;
  constructor(readonly socket: FakeSocket) {}
  send(message: V2ClientMessage): void {
    this.socket.deliver(encodeV2ClientMessage(message));
  }
  async next(): Promise<V2ServerMessage> {
    const frames = await this.socket.frames(this.read + 1);
    const frame = frames[this.read++];
    if (!(frame instanceof Uint8Array))
      throw new Error(`no binary frame (closed: ${JSON.stringify(this.socket.closed)})`);
    const { tag, body } = unframeServerMessage(frame);
    if (tag === 2) {
      const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
      return decodeV2ServerMessage(new Uint8Array(await new Response(stream).arrayBuffer()));
    }
    return decodeV2ServerMessage(body);
  }
  /** Frames not yet read. */
  get unread(): number {
    return this.socket.sent.length - this.read;
  }
}

export class V1Client {
  private read = 0;
  constructor(
    readonly socket: FakeSocket,
    readonly format: 'bsatn' | 'json',
  ) {}
  send(message: V1BsatnClientMessage | V1JsonClientMessage): void {
    this.socket.deliver(
      this.format === 'bsatn'
        ? encodeV1BsatnClientMessage(message as V1BsatnClientMessage)
        : encodeV1JsonClientMessage(message as V1JsonClientMessage),
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read both formats' messages.
  async next(): Promise<any> {
    const frames = await this.socket.frames(this.read + 1);
    const frame = frames[this.read++];
    if (frame === undefined) throw new Error(`no frame (closed: ${JSON.stringify(this.socket.closed)})`);
    if (typeof frame === 'string') return decodeV1JsonServerMessage(frame) as V1JsonServerMessage;
    return decodeV1BsatnServerMessage(unframeServerMessage(frame).body) as V1BsatnServerMessage;
  }
  get unread(): number {
    return this.socket.sent.length - this.read;
  }
}

export const USER_ROW: ProductType = {
  elements: [
    { name: { some: 'id' }, algebraic_type: { U64: [] } },
    { name: { some: 'email' }, algebraic_type: { String: [] } },
    { name: { some: 'name' }, algebraic_type: { String: [] } },
    { name: { some: 'age' }, algebraic_type: { U32: [] } },
  ],
} as unknown as ProductType;

export function rowsOf(list: BsatnRowList, type: ProductType = USER_ROW): ProductValue[] {
  return decodeRowList(list).map((bytes) => decodeProduct(type, bytes));
}

const UPGRADE_HEADERS = {
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

/** A host with the keyed module published as `app`, and a way to open sessions through the dispatcher. */
export async function subscriptionHost(module: 'keyed' | 'quickstart' = 'keyed') {
  const host = await startSpacetimedb();
  const owner = await host.newUser();
  const published = await owner.client.publish('/v1/database/app', await loadTestModule(module));
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  const route = host.dispatcher.segmentRoutes.find((candidate) => candidate.operationId === 'subscribeToDatabase');
  if (route === undefined) throw new Error('no subscribe route');
  /** Dispatches an upgrade and returns the answer, without accepting it. */
  const handshake = (
    protocol: string,
    options: { token?: string; query?: Record<string, string>; database?: string } = {},
  ) => {
    const query: Record<string, string> = { ...options.query };
    if (options.token !== undefined) query.token = options.token;
    return host.dispatcher.dispatch(route, {
      params: { name_or_identity: options.database ?? 'app' },
      query,
      headers: { ...UPGRADE_HEADERS, 'sec-websocket-protocol': protocol },
      body: undefined,
      websocket: 'available',
    });
  };
  /** Dispatches an upgrade; on 101 accepts it on a fake socket. */
  const upgrade = async (
    protocol: string,
    options: { token?: string; query?: Record<string, string>; database?: string } = {},
  ) => {
    const response = await handshake(protocol, options);
    if (response.status !== 101 || response.upgrade === undefined) {
      const text = await new Response(response.body as BodyInit | undefined).text();
      return { status: response.status, text, socket: undefined };
    }
    const socket = new FakeSocket(response.upgrade.protocol);
    response.upgrade.accept(socket);
    return { status: 101, text: '', socket, upgrade: response.upgrade, headers: response.headers };
  };
  const v2 = async (options: { token?: string; query?: Record<string, string> } = {}) => {
    const opened = await upgrade('v2.bsatn.spacetimedb', options);
    if (opened.socket === undefined) throw new Error(`upgrade: ${opened.status} ${opened.text}`);
    const client = new V2Client(opened.socket);
    const hello = await client.next();
    return { client, hello };
  };
  const v1 = async (format: 'bsatn' | 'json', options: { token?: string; query?: Record<string, string> } = {}) => {
    const opened = await upgrade(`v1.${format}.spacetimedb`, options);
    if (opened.socket === undefined) throw new Error(`upgrade: ${opened.status} ${opened.text}`);
    const client = new V1Client(opened.socket, format);
    const hello = await client.next();
    return { client, hello };
  };
  return {
    ...host,
    owner,
    identity: published.body.Success.database_identity as string,
    handshake,
    upgrade,
    v2,
    v1,
  };
}
