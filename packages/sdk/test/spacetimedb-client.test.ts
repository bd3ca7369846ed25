import { describe, expect, it } from 'vitest';
import {
  ApiUserAbortError,
  BadRequestError,
  createSpacetimedbClient,
  ForbiddenError,
  NotFoundError,
  PermissionDeniedError,
  ReducerFailedError,
  rowsAsObjects,
  ServerError,
  SpacetimedbError,
  tokenIdentity,
  UnauthorizedError,
} from '../src/spacetimedb/index.js';
import { rejection } from './helpers.js';

/**
 * The SpacetimeDB client's mechanics against a fetch stub: what goes on the wire (bodies, methods,
 * tokens), the kept anonymous token, lossless bodies, NDJSON logs, the error classes and which
 * requests are retried.
 */

interface Seen {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  bytes: Uint8Array;
}

type Handler = (request: Seen) => Response | Promise<Response>;

function stub(handler: Handler) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const entry: Seen = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers: request.headers,
      bytes: new Uint8Array(await request.arrayBuffer()),
    };
    seen.push(entry);
    return handler(entry);
  };
  return { fetch, seen };
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
const json = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } });

const IDENTITY = `c200${'ab'.repeat(30)}`;
/** A JWT-shaped token whose payload names `identity` (the signature is not checked client-side). */
function jwt(identity: string): string {
  const payload = btoa(JSON.stringify({ hex_identity: identity, sub: 'x', iss: 'localhost' }))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return `eyJhbGciOiJFUzI1NiJ9.${payload}.c2ln`;
}
const MINTED = jwt(IDENTITY);
const identityHeaders = { 'spacetime-identity': IDENTITY, 'spacetime-identity-token': MINTED };
const published = (op: 'created' | 'updated') =>
  JSON.stringify({ Success: { domain: 'chat', database_identity: 'c200ff', op } });

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const client = (fetch: (request: Request) => Promise<Response>, token?: string) =>
  createSpacetimedbClient({ baseUrl: 'http://stdb.test/', fetch, token, maxRetries: 2 });

describe('publishing', () => {
  it('sends the module as application/wasm, from bytes, an ArrayBuffer, a Blob, a stream or an async iterable', async () => {
    const { fetch, seen } = stub(() => json(200, published('created'), identityHeaders));
    const stdb = client(fetch);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(WASM.slice(0, 3));
        controller.enqueue(WASM.slice(3));
        controller.close();
      },
    });
    async function* chunks() {
      yield WASM.slice(0, 5);
      yield WASM.slice(5);
    }
    const sources = [WASM, WASM.buffer.slice(0), new Blob([WASM]), stream, chunks()];
    for (const source of sources) {
      expect(await stdb.publishDatabase('chat', source)).toEqual({
        domain: 'chat',
        database_identity: 'c200ff',
        op: 'created',
      });
    }
    expect(seen).toHaveLength(sources.length);
    for (const request of seen) {
      expect(request).toMatchObject({ method: 'PUT', path: '/v1/database/chat', search: '' });
      expect(request.headers.get('content-type')).toBe('application/wasm');
      expect([...request.bytes]).toEqual([...WASM]);
    }
  });

  it('publishes without a name by POST /v1/database, and passes clear for a name', async () => {
    const { fetch, seen } = stub(() => json(200, published('updated')));
    const stdb = client(fetch, 'given');
    await stdb.publishDatabase(undefined, WASM);
    await stdb.publishDatabase('chat', WASM, { clear: true });
    expect(seen.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([
      'POST /v1/database',
      'PUT /v1/database/chat?clear=true',
    ]);
    await expect(stdb.publishDatabase(undefined, WASM, { clear: true })).rejects.toThrow(TypeError);
  });
});

describe('tokens and identity', () => {
  it('keeps the token minted for its first anonymous answer and sends it from then on', async () => {
    const { fetch, seen } = stub((r) =>
      r.headers.has('authorization')
        ? json(200, '{"names":[]}', { 'spacetime-identity': IDENTITY, 'spacetime-identity-token': MINTED })
        : json(200, published('created'), identityHeaders),
    );
    const stdb = client(fetch);
    expect(stdb.token).toBeUndefined();
    expect(stdb.identity).toBeUndefined();
    await stdb.publishDatabase('chat', WASM);
    expect(stdb.token).toBe(MINTED);
    expect(stdb.identity).toBe(IDENTITY);
    await stdb.getNames('chat');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
    expect(seen[1]?.headers.get('authorization')).toBe(`Bearer ${MINTED}`);
  });

  it('sends concurrent first requests one at a time, so they all act as the same anonymous identity', async () => {
    let minted = 0;
    const { fetch, seen } = stub(async (r) => {
      if (r.headers.has('authorization')) return json(200, '{"names":[]}');
      minted++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return json(200, '{"names":[]}', { 'spacetime-identity-token': jwt(`c200${String(minted).repeat(60)}`) });
    });
    const stdb = client(fetch);
    await Promise.all([stdb.getNames('a'), stdb.getNames('b'), stdb.getNames('c')]);
    expect(minted).toBe(1);
    const tokens = seen.slice(1).map((r) => r.headers.get('authorization'));
    expect(tokens).toEqual([`Bearer ${stdb.token}`, `Bearer ${stdb.token}`]);
    expect(stdb.identity).toBe(`c200${'1'.repeat(60)}`);
  });

  it('never replaces a token it was given, and reads its identity from the token', async () => {
    const given = jwt(`c200${'cd'.repeat(30)}`);
    const { fetch, seen } = stub(() => json(200, '{"names":[]}', identityHeaders));
    const stdb = client(fetch, given);
    expect(stdb.identity).toBe(`c200${'cd'.repeat(30)}`);
    await stdb.getNames('chat');
    await stdb.getNames('chat');
    expect(stdb.token).toBe(given);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${given}`, `Bearer ${given}`]);
  });

  it('reads no identity from what is not a token with a hex_identity claim', () => {
    expect(tokenIdentity('not-a-jwt')).toBeUndefined();
    expect(tokenIdentity('a.!!!.c')).toBeUndefined();
    expect(tokenIdentity(`a.${btoa('{"sub":"x"}')}.c`)).toBeUndefined();
  });

  it('verifies a token against an identity: true on 204, false on 400 or 401, other statuses throw', async () => {
    const statuses = [204, 400, 401, 500];
    const { fetch, seen } = stub(
      () => new Response(null, { status: statuses.shift() ?? 500, headers: { 'Retry-After': '0' } }),
    );
    const stdb = client(fetch, 'mine');
    expect(await stdb.verifyIdentity(IDENTITY, 'theirs')).toBe(true);
    expect(await stdb.verifyIdentity(IDENTITY)).toBe(false);
    expect(await stdb.verifyIdentity(IDENTITY)).toBe(false);
    expect(await rejection(stdb.verifyIdentity(IDENTITY))).toBeInstanceOf(ServerError);
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer theirs');
    expect(seen[1]?.headers.get('authorization')).toBe('Bearer mine');
    expect(seen[0]?.path).toBe(`/v1/identity/${IDENTITY}/verify`);
  });

  it('mints identities, websocket tokens and reads the public key', async () => {
    const { fetch, seen } = stub((r) => {
      if (r.path === '/v1/identity') return json(200, JSON.stringify({ identity: IDENTITY, token: MINTED }));
      if (r.path === '/v1/identity/websocket-token') return json(200, '{"token":"short"}');
      return new Response('-----BEGIN PUBLIC KEY-----\n', { headers: { 'Content-Type': 'application/x-pem-file' } });
    });
    const stdb = client(fetch, 'mine');
    expect(await stdb.createIdentity()).toEqual({ identity: IDENTITY, token: MINTED });
    expect(await stdb.websocketToken()).toBe('short');
    expect(await stdb.publicKey()).toBe('-----BEGIN PUBLIC KEY-----\n');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/identity',
      'POST /v1/identity/websocket-token',
      'GET /v1/identity/public-key',
    ]);
    expect(stdb.token).toBe('mine');
  });
});

describe('reducers and SQL', () => {
  it('sends reducer arguments as JSON, bigints digit for digit, and reads the measured headers', async () => {
    const { fetch, seen } = stub(
      () =>
        new Response(null, {
          status: 200,
          headers: { 'spacetime-energy-used': '0', 'spacetime-execution-duration-micros': '42' },
        }),
    );
    const stdb = client(fetch, 't');
    const called = await stdb.callReducer('chat', 'add', ['Alice', 18446744073709551615n]);
    expect(called).toEqual({ energyUsed: 0, executionDurationMicros: 42 });
    await stdb.callReducer('chat', 'add', { name: 'Bob' });
    await stdb.callReducer('chat', 'tick');
    const bodies = seen.map((r) => new TextDecoder().decode(r.bytes));
    expect(bodies).toEqual(['["Alice",18446744073709551615]', '{"name":"Bob"}', '[]']);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/database/chat/call/add' });
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('parses SQL results losslessly, and rowsAsObjects keys them by column', async () => {
    const body = `[{"schema":{"elements":[{"name":{"some":"id"},"algebraic_type":{"U64":[]}},{"name":{"some":"name"},"algebraic_type":{"String":[]}},{"name":{"none":[]},"algebraic_type":{"I32":[]}}]},"rows":[[18446744073709551615,"Alice",-1],[7,"Bob",2]],"total_duration_micros":5,"stats":{"rows_inserted":0,"rows_deleted":0,"rows_updated":0}}]`;
    const { fetch, seen } = stub(() => json(200, body));
    const [result] = await client(fetch, 't').sql('chat', 'SELECT * FROM person');
    expect(result?.rows[0]?.[0]).toBe(18446744073709551615n);
    expect(result?.rows[1]?.[0]).toBe(7);
    expect(rowsAsObjects(result ?? { schema: { elements: [] }, rows: [] })).toEqual([
      { id: 18446744073709551615n, name: 'Alice', 2: -1 },
      { id: 7, name: 'Bob', 2: 2 },
    ]);
    expect(new TextDecoder().decode(seen[0]?.bytes)).toBe('SELECT * FROM person');
    expect(seen[0]?.headers.get('content-type')).toBe('text/plain');
  });

  it('never retries a reducer call or SQL, but retries reads, PUTs and DELETEs', async () => {
    const { fetch, seen } = stub(() => text(503, 'busy', { 'Retry-After': '0' }));
    const stdb = client(fetch, 't');
    for (const call of [
      () => stdb.callReducer('chat', 'add', []),
      () => stdb.sql('chat', 'SELECT 1'),
      () => stdb.addName('chat', 'room'),
    ]) {
      seen.length = 0;
      expect(await rejection(call())).toBeInstanceOf(ServerError);
      expect(seen).toHaveLength(1);
    }
    for (const call of [
      () => stdb.getDatabase('chat'),
      () => stdb.publishDatabase('chat', WASM),
      () => stdb.setNames('chat', ['a']),
      () => stdb.deleteDatabase('chat'),
    ]) {
      seen.length = 0;
      expect(await rejection(call())).toBeInstanceOf(ServerError);
      expect(seen).toHaveLength(3);
    }
  });
});

describe('errors', () => {
  it('throws the class of the status with the plain-text body as the message', async () => {
    const cases: Array<[number, string, new (...args: never[]) => SpacetimedbError]> = [
      [400, 'Authorization is invalid: malformed token', BadRequestError],
      [401, 'Authorization failed: token not signed by this instance', UnauthorizedError],
      [403, `${IDENTITY} is not authorized to perform action on database c200ff: delete database`, ForbiddenError],
      [404, 'No such database.', NotFoundError],
      [530, 'The reducer refused: name must not be empty', ReducerFailedError],
      [500, 'module is not valid WebAssembly', ServerError],
      [418, '404', SpacetimedbError],
    ];
    for (const [status, message, ErrorClass] of cases) {
      const { fetch } = stub(() => text(status, message));
      const error = await rejection(client(fetch, 't').callReducer('chat', 'add'));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, message, code: '' });
    }
    const { fetch } = stub(() => text(530, 'nope'));
    const error = (await rejection(client(fetch, 't').callReducer('chat', 'add'))) as ReducerFailedError;
    expect(error.response.status).toBe(530);
    expect(error).not.toBeInstanceOf(ServerError);
  });

  it('surfaces the JSON refusals of publish and names as fields', async () => {
    const answers = [
      json(401, '{"PermissionDenied":{"name":"chat"}}'),
      json(401, '{"PermissionDenied":{"domain":"room"}}'),
      json(401, '{"NotYourDatabase":{"database":"c200ff"}}'),
      json(400, '{"OtherError":"Cannot add room: it already names database c200aa"}'),
    ];
    const { fetch } = stub(() => answers.shift() ?? text(500, 'none left'));
    const stdb = client(fetch, 't');
    const publish = (await rejection(stdb.publishDatabase('chat', WASM))) as PermissionDeniedError;
    expect(publish).toBeInstanceOf(PermissionDeniedError);
    expect(publish).toBeInstanceOf(UnauthorizedError);
    expect(publish).toMatchObject({ status: 401, code: 'PermissionDenied', target: 'chat' });
    const add = (await rejection(stdb.addName('c200ff', 'room'))) as PermissionDeniedError;
    expect(add).toMatchObject({ code: 'PermissionDenied', target: 'room' });
    const set = (await rejection(stdb.setNames('c200ff', ['room']))) as PermissionDeniedError;
    expect(set).toMatchObject({ code: 'NotYourDatabase', database: 'c200ff', target: undefined });
    const other = await rejection(stdb.setNames('c200ff', ['room']));
    expect(other).toBeInstanceOf(BadRequestError);
    expect(other).toMatchObject({ code: 'OtherError', detail: 'Cannot add room: it already names database c200aa' });
  });
});

describe('logs', () => {
  const line = (message: string, ts = 1_700_000_000_000_000) =>
    `${JSON.stringify({ level: 'Info', ts, target: null, filename: 'lib.rs', line_number: 1, message })}\n`;

  it('reads the kept lines, with num_lines', async () => {
    const { fetch, seen } = stub(
      () => new Response(line('one') + line('two'), { headers: { 'Content-Type': 'application/x-ndjson' } }),
    );
    const lines = await client(fetch, 't').logs('chat', { numLines: 2 });
    expect(lines.map((l) => l.message)).toEqual(['one', 'two']);
    expect(seen[0]?.search).toBe('?num_lines=2');
  });

  it('follows the stream line by line, across chunk boundaries, until the server ends it', async () => {
    const text = line('a') + line('b') + line('c');
    const encoded = new TextEncoder().encode(text);
    const { fetch, seen } = stub(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              // Split inside a line and inside nothing in particular: lines must come out whole.
              for (let at = 0; at < encoded.length; at += 7) controller.enqueue(encoded.slice(at, at + 7));
              controller.close();
            },
          }),
          { headers: { 'Content-Type': 'application/x-ndjson' } },
        ),
    );
    const messages: string[] = [];
    for await (const record of client(fetch, 't').followLogs('chat')) messages.push(record.message);
    expect(messages).toEqual(['a', 'b', 'c']);
    expect(seen[0]?.search).toBe('?follow=true');
  });

  it('stops following when the signal aborts, closing the stream', async () => {
    let cancelled = false;
    const { fetch } = stub(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(line('first')));
            },
            cancel() {
              cancelled = true;
            },
          }),
        ),
    );
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const record of client(fetch, 't').followLogs('chat', { signal: controller.signal })) {
          seen.push(record.message);
          setTimeout(() => controller.abort(), 5);
        }
      })(),
    );
    expect(seen).toEqual(['first']);
    expect(error).toBeInstanceOf(ApiUserAbortError);
    expect(cancelled).toBe(true);
  });
});
