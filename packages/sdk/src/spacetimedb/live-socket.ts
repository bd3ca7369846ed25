/**
 * The part of the WebSocket API the live client uses: what browsers, Deno, Bun, Node 22+
 * (`globalThis.WebSocket`), undici's `WebSocket` and the `ws` package all have.
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** The subprotocol the server picked. */
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: (event: unknown) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string; wasClean: boolean }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** A WebSocket class: `globalThis.WebSocket`, `(await import('undici')).WebSocket` or `ws`'s default export. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** `readyState` of an open socket (the constant is on the class, which `ws` and browsers spell the same). */
export const OPEN = 1;

/** The given class, else the runtime's; Node 20 has none, so it must be given there. */
export function webSocketClass(given: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) {
    throw new TypeError(
      "No WebSocket class: this runtime has no global WebSocket (Node 20). Pass one: { WebSocket: (await import('undici')).WebSocket } or the 'ws' package's.",
    );
  }
  return found;
}

/** `http(s)://host/base` → `ws(s)://host/base/v1/database/<name>/subscribe?…`. */
export function subscribeUrl(baseUrl: string, database: string, query: Record<string, string>): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/database/${encodeURIComponent(database)}/subscribe`;
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
