import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  SERVER_COMPRESSION_BROTLI,
  SERVER_COMPRESSION_GZIP,
  SERVER_COMPRESSION_NONE,
  unframeServerMessage,
} from '@dbwire/spacetimedb-sats';
import WebSocket from 'ws';

/**
 * The transport under every subscribe suite: a WebSocket to `GET /v1/database/:db/subscribe`
 * (subprotocols, query parameters, credentials as a bearer header or `?token=`), every frame the
 * server sends kept in arrival order and decoded by the protocol's codec, an async queue to wait
 * on (`next`, always with a deadline), and the close code and reason. The message codecs live in
 * wire.ts; this file knows frames only.
 */

/** The subprotocols a dbwire host speaks (and the product's v1/v2). */
export const SUBPROTOCOLS = ['v2.bsatn.spacetimedb', 'v1.bsatn.spacetimedb', 'v1.json.spacetimedb'] as const;
export type Subprotocol = (typeof SUBPROTOCOLS)[number];

/** How long a suite waits for any one message or close, unless it says otherwise. */
export const MESSAGE_TIMEOUT_MS = 5_000;

/** A server frame as it came: its bytes (binary) or text, and for binary frames the compression tag. */
export interface Frame {
  binary: boolean;
  /** The payload after the compression byte, inflated. Text frames: the UTF-8 bytes. */
  payload: Uint8Array;
  /** The compression tag of a binary frame (undefined for text frames). */
  compression: number | undefined;
}

/** Turns one server frame into a message (throws when the frame does not decode). */
export type FrameDecoder<Message> = (frame: Frame) => Message;

export interface ConnectOptions {
  /** Offered subprotocols, most preferred first. */
  protocols: readonly string[];
  /** Sent as `Authorization: Bearer`. */
  bearer?: string;
  /** Extra query parameters (`token`, `compression`, `connection_id`, `light`). */
  query?: Record<string, string>;
  /** How long the handshake may take. */
  timeoutMs?: number;
}

/** How a handshake ended: upgraded (with the selected subprotocol), or refused with an HTTP answer. */
export type Handshake =
  | { upgraded: true; socket: WebSocket; protocol: string; early: EarlyFrames }
  | { upgraded: false; status: number; contentType: string; text: string };

/** The subscribe URL of `database` on the host at `baseUrl` (http → ws), with `query`. */
export function subscribeUrl(baseUrl: string, database: string, query: Record<string, string> = {}): string {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/v1/database/${encodeURIComponent(database)}/subscribe`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * Frames that arrived before a `SubscriptionSocket` took the socket over: the server may send its
 * first message in the same packet as the 101, and ws emits it right after 'open', before an
 * awaiting caller could listen.
 */
export interface EarlyFrames {
  frames: Array<{ data: Uint8Array; binary: boolean }>;
  stop(): void;
}

function bufferFrames(socket: WebSocket): EarlyFrames {
  const frames: EarlyFrames['frames'] = [];
  const listener = (data: WebSocket.RawData, binary: boolean) => frames.push({ data: toBytes(data), binary });
  socket.on('message', listener);
  return { frames, stop: () => socket.off('message', listener) };
}

/** Attempts the upgrade; a refusal comes back with its status and body instead of throwing. */
export function handshake(baseUrl: string, database: string, options: ConnectOptions): Promise<Handshake> {
  const timeoutMs = options.timeoutMs ?? MESSAGE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(subscribeUrl(baseUrl, database, options.query), [...options.protocols], {
      headers: options.bearer === undefined ? {} : { authorization: `Bearer ${options.bearer}` },
      handshakeTimeout: timeoutMs,
      // Our own frames may be large (the oversized-frame check); the server's limit is what is tested.
      maxPayload: 256 * 1024 * 1024,
    });
    const early = bufferFrames(socket);
    socket.once('open', () => resolve({ upgraded: true, socket, protocol: socket.protocol, early }));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          upgraded: false,
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        });
        socket.terminate();
      });
      response.on('error', reject);
    });
    socket.once('error', (error) => reject(new Error(`WebSocket handshake to ${database} failed: ${error.message}`)));
  });
}

/** Splits a binary server frame into its compression tag and its payload, inflated (gzip, brotli) with node:zlib. */
export function unframe(data: Uint8Array): { compression: number; payload: Uint8Array } {
  const { tag, body } = unframeServerMessage(data);
  switch (tag) {
    case SERVER_COMPRESSION_NONE:
      return { compression: tag, payload: body };
    case SERVER_COMPRESSION_GZIP:
      return { compression: tag, payload: new Uint8Array(gunzipSync(body)) };
    case SERVER_COMPRESSION_BROTLI:
      return { compression: tag, payload: new Uint8Array(brotliDecompressSync(body)) };
  }
}

/** The close of a socket: who saw what. */
export interface Closed {
  code: number;
  reason: string;
}

/** One decoded server message, or the problem with a frame that did not decode. */
type Received<Message> = { message: Message } | { problem: string };

/**
 * An open subscription socket: decoded server messages in arrival order, waited on with
 * deadlines. Messages a wait does not take stay queued for later waits (`next`), and every message
 * ever received stays in `history` (the consistency suite replays it).
 */
export class SubscriptionSocket<Message, ClientMessage> {
  /** Every message received, in order (also those a `next` took). */
  readonly history: Message[] = [];
  /** Frames that did not decode, with why. A conforming server leaves this empty. */
  readonly problems: string[] = [];
  /** Every frame's compression tag (binary frames), in order. */
  readonly compressionTags: number[] = [];
  /** Whether text frames arrived. */
  textFrames = 0;
  /** Resolves when the socket closes (either side, or the connection drops). */
  readonly closed: Promise<Closed>;
  private readonly queue: Array<Received<Message>> = [];
  private readonly waiters = new Set<() => void>();
  private closedWith: Closed | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly protocol: string,
    private readonly decode: FrameDecoder<Message>,
    private readonly encode: (message: ClientMessage) => Uint8Array | string,
    readonly label = protocol,
    early?: EarlyFrames,
  ) {
    early?.stop();
    for (const frame of early?.frames ?? []) this.receive(frame.data, frame.binary);
    socket.on('message', (data, isBinary) => this.receive(toBytes(data), isBinary));
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString('utf8') };
        resolve(this.closedWith);
        this.wake();
      });
    });
    // An error (a reset, a protocol error) is followed by 'close'; keep it from throwing.
    socket.on('error', (error) => this.problems.push(`socket error: ${error.message}`));
  }

  private receive(data: Uint8Array, binary: boolean): void {
    let entry: Received<Message>;
    try {
      let frame: Frame;
      if (binary) {
        const { compression, payload } = unframe(data);
        this.compressionTags.push(compression);
        frame = { binary, payload, compression };
      } else {
        this.textFrames += 1;
        frame = { binary, payload: data, compression: undefined };
      }
      const message = this.decode(frame);
      this.history.push(message);
      entry = { message };
    } catch (error) {
      const problem = `${this.label}: a ${binary ? 'binary' : 'text'} frame of ${data.length} bytes did not decode: ${(error as Error).message}`;
      this.problems.push(problem);
      entry = { problem };
    }
    this.queue.push(entry);
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Sends a typed client message. */
  send(message: ClientMessage): void {
    this.sendRaw(this.encode(message));
  }

  /** Sends bytes as a binary frame, a string as a text frame, as is. */
  sendRaw(data: Uint8Array | string): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  /**
   * The first queued message `matches` accepts (taken off the queue), waiting for it up to
   * `timeoutMs`. Fails on a frame that did not decode, on close, and on the deadline, saying what
   * did arrive.
   */
  next<Wanted extends Message>(
    matches: ((message: Message) => message is Wanted) | ((message: Message) => boolean),
    what: string,
    timeoutMs = MESSAGE_TIMEOUT_MS,
  ): Promise<Wanted> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const problem = this.queue.find((entry) => 'problem' in entry);
        if (problem && 'problem' in problem) return finish(() => reject(new Error(problem.problem)));
        const index = this.queue.findIndex((entry) => 'message' in entry && matches(entry.message));
        if (index >= 0) {
          const [entry] = this.queue.splice(index, 1);
          return finish(() => resolve((entry as { message: Wanted }).message));
        }
        if (this.closedWith) {
          const { code, reason } = this.closedWith;
          return finish(() => reject(new Error(`${this.label}: closed (${code} ${reason}) while waiting for ${what}`)));
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`${this.label}: no ${what} within ${timeoutMs} ms; queued: ${this.describeQueue()}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The queued messages that `matches` accepts, after waiting `quietMs` (for "nothing arrives" checks). */
  async settle(matches: (message: Message) => boolean, quietMs: number): Promise<Message[]> {
    await delay(quietMs);
    return this.queue.flatMap((entry) => ('message' in entry && matches(entry.message) ? [entry.message] : []));
  }

  /** Removes every queued message (they stay in `history`). */
  clearQueue(): void {
    this.queue.splice(0);
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Waits for the close (up to `timeoutMs`); fails if it does not come. */
  async waitClosed(timeoutMs = MESSAGE_TIMEOUT_MS): Promise<Closed> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.label}: not closed within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes normally (1000) and waits for the close handshake, or drops the connection after `timeoutMs`. */
  async close(timeoutMs = 2_000): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'done');
    try {
      await this.waitClosed(timeoutMs);
    } catch {
      this.socket.terminate();
    }
  }

  private describeQueue(): string {
    const names = this.queue.map((entry) => ('message' in entry ? describeMessage(entry.message) : entry.problem));
    return names.length === 0 ? 'nothing' : names.join(', ');
  }
}

/** A message's variant name (`{ tag }` or the single key of `{ Variant: … }`), for failure texts. */
function describeMessage(message: unknown): string {
  if (message !== null && typeof message === 'object') {
    const tag = (message as { tag?: unknown }).tag;
    if (typeof tag === 'string') return tag;
    const keys = Object.keys(message);
    if (keys.length === 1) return keys[0] as string;
  }
  return typeof message;
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
