import {
  type ApiBinding,
  type ApiResponse,
  headerTokens,
  type RouteDefinition,
  type WebSocketConnection,
} from '../src/index.js';

/**
 * A tiny API with one WebSocket operation, `GET <base>/rooms/{room}/socket`, in the shape the
 * codegen emits: an echo room. It speaks `echo.v2` (preferred) and `echo.v1`; text comes back
 * upper-cased, bytes reversed. `base` lets two of them share one app.
 */
export function echoBinding(base = '') {
  const route = {
    operationId: 'openSocket',
    method: 'GET',
    path: `${base}/rooms/{room}/socket`,
    security: ['bearer'],
    authOptional: true,
    parameters: {
      path: { type: 'object', properties: { room: { type: 'string' } }, required: ['room'] },
    },
    requestBody: null,
    responses: {
      '101': null,
      '400': { 'text/plain': { type: 'string' } },
      '404': { 'text/plain': { type: 'string' } },
    },
  } satisfies RouteDefinition;
  const rooms = new Set(['lobby']);
  /** Sockets the handler accepted, and upgrades it gave up on (never opened). */
  const accepted: WebSocketConnection[] = [];
  const closed: Array<{ code: number; reason: string }> = [];
  let abandoned = 0;
  /** Handler calls in progress, and what they wait for before answering (a slow connect hook). */
  let waiting = 0;
  let held: Promise<void> | undefined;
  let acceptFails = false;
  const text = (status: number, body: string): ApiResponse => ({ status, body, contentType: 'text/plain' });
  const binding: ApiBinding<{ caller: string }> = {
    id: `echo${base}`,
    schemas: { $id: `urn:dbwire:echo${base.replace(/\//g, ':')}`, $defs: {} },
    routes: { openSocket: route },
    publicContext: { caller: 'nobody' },
    async authenticate({ headers }) {
      return { context: { caller: headers.authorization === 'Bearer good' ? 'ann' : 'anonymous' } };
    },
    responseHeaders: (context) => ({ 'x-caller': context.caller }),
    errors: {
      requestFailed: (failure) => text(400, failure.message),
      notImplemented: () => text(501, 'not implemented'),
      internalError: (error) => text(500, error instanceof Error ? error.message : 'internal error'),
      notFound: () => text(404, 'no such path'),
    },
    handlers: {
      async openSocket(request: { params: { room: string }; headers: Record<string, string | undefined> }) {
        waiting += 1;
        await held;
        waiting -= 1;
        if (!rooms.has(request.params.room)) return text(404, `no room ${request.params.room}`);
        const offered = headerTokens(request.headers['sec-websocket-protocol']);
        const protocol = ['echo.v2', 'echo.v1'].find((name) => offered.includes(name));
        if (protocol === undefined) return text(400, 'offer echo.v2 or echo.v1');
        return {
          status: 101,
          upgrade: {
            protocol,
            maxMessageBytes: 64,
            headers: { 'x-room': request.params.room },
            accept(socket: WebSocketConnection) {
              accepted.push(socket);
              if (acceptFails) throw new Error('accept failed');
              socket.onMessage((data, binary) => {
                if (binary) socket.send(data.slice().reverse());
                else socket.send(new TextDecoder().decode(data).toUpperCase());
              });
              socket.onClose((code, reason) => closed.push({ code, reason }));
            },
            abandon() {
              abandoned += 1;
            },
          },
        };
      },
    },
  };
  return {
    binding,
    accepted,
    closed,
    get abandoned() {
      return abandoned;
    },
    get waiting() {
      return waiting;
    },
    /** Makes every later `accept` throw after it recorded the socket. */
    failAccept() {
      acceptFails = true;
    },
    /** Holds every handler call until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}
