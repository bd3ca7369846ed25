import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJson, stringifyJson } from '@dbwire/json';
import { testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A small stand-in for a SpacetimeDB host speaking `v1.json.spacetimedb`, holding the keyed
 * module's `user` table (`id: u64` primary key, `email`, `name`, `age`), enough to drive the live
 * client: the schema and websocket-token routes, then over the socket `SubscribeMulti` of
 * `SELECT * FROM user` (anything else is a `SubscriptionError`), `UnsubscribeMulti`, the reducers
 * `create_user`, `rename_user` and `fail_always` (others fail as an unknown reducer does on the
 * product: without the caller's request id), and `OneOffQuery` of `SELECT * FROM user`.
 * User ids start beyond 2^53 so that rows carry u64 values a `number` would round.
 */
export interface FakeLiveServer {
  baseUrl: string;
  database: string;
  /** Every socket's upgrade request (URL and offered subprotocols), in order. */
  upgrades: { url: URL; protocols: string }[];
  /** The open sockets, in connection order. */
  sockets: WebSocket[];
  /** While true, `UnsubscribeMulti` drops the subscription but is answered with a `SubscriptionError`. */
  refuseUnsubscribes: boolean;
  /**
   * Drops the subscriptions of `socket`'s connection (all, or those of `queryIds`) with a
   * `SubscriptionError` each, as a server does when a query fails later.
   */
  dropSubscriptions(socket: WebSocket, error: string, queryIds?: number[]): void;
  close(): Promise<void>;
}

export const FIRST_USER_ID = 2n ** 53n + 1n;
const TABLE_ID = 4096;

type UserRow = [bigint, string, string, number];

const REDUCER_PARAMS: Record<string, string[]> = { create_user: ['email', 'name', 'age'], rename_user: ['id', 'name'] };

interface Peer {
  socket: WebSocket;
  identity: string;
  connectionId: bigint;
  /** Subscribed query ids (all `SELECT * FROM user`). */
  queries: Set<number>;
}

export async function startFakeLiveServer(database = 'live-db'): Promise<FakeLiveServer> {
  const users = new Map<bigint, UserRow>();
  let nextUserId = FIRST_USER_ID;
  const peers = new Set<Peer>();
  const upgrades: FakeLiveServer['upgrades'] = [];
  const sockets: WebSocket[] = [];
  let connections = 0;
  const behaviour = { refuseUnsubscribes: false };
  const subscriptionError = (queryId: number, requestId: number | undefined, error: string) => ({
    SubscriptionError: {
      total_host_execution_duration_micros: 1,
      request_id: requestId === undefined ? { none: [] } : { some: requestId },
      query_id: { some: queryId },
      table_id: { none: [] },
      error,
    },
  });

  const http: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (request.method === 'GET' && path === `/v1/database/${database}/schema`) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(stringifyJson(testModuleDef('keyed')));
    } else if (request.method === 'POST' && path === '/v1/identity/websocket-token') {
      const bearer = request.headers.authorization?.replace(/^Bearer /, '');
      if (!bearer) response.writeHead(401).end('Authorization required');
      else
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `ws:${bearer}` }));
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such database');
    }
  });

  const wss = new WebSocketServer({
    server: http,
    path: `/v1/database/${database}/subscribe`,
    handleProtocols: (offered) => (offered.has('v1.json.spacetimedb') ? 'v1.json.spacetimedb' : false),
  });

  const send = (peer: Peer, message: unknown) => peer.socket.send(stringifyJson(message));
  const rowText = (row: UserRow) => stringifyJson(row);
  const tableUpdate = (deletes: UserRow[], inserts: UserRow[], copies = 1) => ({
    table_id: TABLE_ID,
    table_name: 'user',
    num_rows: (deletes.length + inserts.length) * copies,
    // One query update per subscribed query, as the product sends them.
    updates: Array.from({ length: copies }, () => ({ deletes: deletes.map(rowText), inserts: inserts.map(rowText) })),
  });
  const identityOf = (peer: Peer) => ({ __identity__: `0x${peer.identity}` });

  /** Commits a reducer's changes and tells every subscriber, and the caller whatever it subscribed. */
  function commit(caller: Peer, call: CallReducer, deletes: UserRow[], inserts: UserRow[]): void {
    for (const row of deletes) users.delete(row[0]);
    for (const row of inserts) users.set(row[0], row);
    for (const peer of peers) {
      const subscribed = peer.queries.size > 0;
      if (!subscribed && peer !== caller) continue;
      const tables = subscribed ? [tableUpdate(deletes, inserts, peer.queries.size)] : [];
      send(peer, transactionUpdate(caller, call, { Committed: { tables } }));
    }
  }

  function transactionUpdate(caller: Peer, call: CallReducer, status: unknown) {
    return {
      TransactionUpdate: {
        status,
        timestamp: { __timestamp_micros_since_unix_epoch__: 1_700_000_000_000_000 },
        caller_identity: identityOf(caller),
        caller_connection_id: { __connection_id__: caller.connectionId },
        reducer_call: { reducer_name: call.reducer, reducer_id: 1, args: call.args, request_id: call.request_id },
        energy_quanta_used: { quanta: 0 },
        total_host_execution_duration: { __time_duration_micros__: 12 },
      },
    };
  }

  function onMessage(peer: Peer, text: string): void {
    const message = parseJson(text) as Record<string, Record<string, unknown>>;
    const [tag] = Object.keys(message);
    const body = message[tag as string] as Record<string, unknown>;
    switch (tag) {
      case 'SubscribeMulti': {
        const { query_strings, request_id, query_id } = body as unknown as SubscribeMulti;
        if (query_strings.some((query) => !/^select \* from user$/i.test(query.trim()))) {
          send(peer, {
            SubscriptionError: {
              total_host_execution_duration_micros: 5,
              request_id: { some: request_id },
              query_id: { some: query_id.id },
              table_id: { none: [] },
              error: `unsupported query: ${query_strings.join('; ')}`,
            },
          });
          return;
        }
        peer.queries.add(query_id.id);
        send(peer, {
          SubscribeMultiApplied: {
            request_id,
            total_host_execution_duration_micros: 7,
            query_id,
            update: { tables: [tableUpdate([], [...users.values()])] },
          },
        });
        return;
      }
      case 'UnsubscribeMulti': {
        const { request_id, query_id } = body as unknown as UnsubscribeMulti;
        peer.queries.delete(query_id.id);
        if (behaviour.refuseUnsubscribes) {
          send(peer, subscriptionError(query_id.id, request_id, 'unsubscribe refused'));
          return;
        }
        send(peer, {
          UnsubscribeMultiApplied: {
            request_id,
            total_host_execution_duration_micros: 3,
            query_id,
            update: { tables: [tableUpdate([...users.values()], [])] },
          },
        });
        return;
      }
      case 'CallReducer': {
        const call = body as unknown as CallReducer;
        // Arguments in parameter order, or by name.
        const parsed = parseJson(call.args) as unknown[] | Record<string, unknown>;
        const params = REDUCER_PARAMS[call.reducer] ?? [];
        const args = Array.isArray(parsed) ? parsed : params.map((param) => parsed[param]);
        if (call.reducer === 'create_user') {
          const [email, name, age] = args as [string, string, number];
          commit(peer, call, [], [[nextUserId++, email, name, age]]);
        } else if (call.reducer === 'rename_user') {
          const [id, name] = args as [bigint, string];
          const old = users.get(BigInt(id));
          if (!old) send(peer, transactionUpdate(peer, call, { Failed: 'no such user' }));
          else commit(peer, call, [old], [[old[0], old[1], name, old[3]]]);
        } else if (call.reducer === 'fail_always') {
          send(peer, transactionUpdate(peer, call, { Failed: 'fail_always always fails' }));
        } else {
          // The product's answer to a call it cannot start: failed, no arguments, request id 0.
          const unknown = { ...call, args: '', request_id: 0 };
          send(peer, transactionUpdate(peer, unknown, { Failed: `no such reducer: ${call.reducer}` }));
        }
        return;
      }
      case 'OneOffQuery': {
        const { message_id, query_string } = body as unknown as { message_id: string; query_string: string };
        const ok = /^select \* from user$/i.test(query_string.trim());
        send(peer, {
          OneOffQueryResponse: {
            message_id,
            error: ok ? { none: [] } : { some: `no such table in: ${query_string}` },
            tables: ok ? [{ table_name: 'user', rows: [...users.values()].map(rowText) }] : [],
            total_host_execution_duration: { __time_duration_micros__: 2 },
          },
        });
        return;
      }
    }
  }

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    upgrades.push({
      url: new URL(request.url ?? '/', 'http://x'),
      protocols: String(request.headers['sec-websocket-protocol']),
    });
    sockets.push(socket);
    connections++;
    const peer: Peer = {
      socket,
      identity: connections.toString(16).padStart(64, 'c'),
      // A u128 beyond 2^64: only lossless parsing reads it back.
      connectionId: (1n << 100n) + BigInt(connections),
      queries: new Set(),
    };
    peers.add(peer);
    send(peer, {
      IdentityToken: {
        identity: identityOf(peer),
        token: `token-${connections}`,
        connection_id: { __connection_id__: peer.connectionId },
      },
    });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) onMessage(peer, data.toString());
    });
    socket.on('close', () => peers.delete(peer));
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    upgrades,
    sockets,
    get refuseUnsubscribes() {
      return behaviour.refuseUnsubscribes;
    },
    set refuseUnsubscribes(value: boolean) {
      behaviour.refuseUnsubscribes = value;
    },
    dropSubscriptions(socket: WebSocket, error: string, queryIds?: number[]) {
      const peer = [...peers].find((candidate) => candidate.socket === socket);
      if (!peer) return;
      for (const queryId of queryIds ?? [...peer.queries]) {
        peer.queries.delete(queryId);
        send(peer, subscriptionError(queryId, undefined, error));
      }
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

interface SubscribeMulti {
  query_strings: string[];
  request_id: number;
  query_id: { id: number };
}

interface UnsubscribeMulti {
  request_id: number;
  query_id: { id: number };
}

interface CallReducer {
  reducer: string;
  args: string;
  request_id: number;
  flags: number;
}
