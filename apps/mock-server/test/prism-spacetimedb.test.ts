import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_APIS, specPath } from '../src/apis.js';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock spacetimedb` with Prism, started as users start it, checked over real HTTP. The
 * expectations record what Prism 5.14.2 does on specs/spacetimedb.yaml (binary module bodies,
 * text bodies, plain-text errors, NDJSON logs), including where it differs from a SpacetimeDB host
 * (the README lists those gaps).
 */
let mock: CliProcess;
const DB = '/v1/database/quickstart';
const IDENTITY = /^[0-9a-f]{64}$/;
/** The first bytes of every WebAssembly module: `\0asm`, version 1. */
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const send = (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
  fetch(`${mock.url}${path}`, { method, body: init.body, headers: init.headers });

const violations = (response: Response) =>
  (JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ message: string }>).map((v) => v.message);

beforeAll(async () => {
  mock = await startCli(['mock', 'spacetimedb', '--port', '0', '--log-level', 'warn'], 70_000);
}, 80_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}${DB}`)).toBe(false);
}, 30_000);

describe('dbwire mock spacetimedb (Prism)', () => {
  it('listens on 4014 by default, on specs/spacetimedb.yaml', () => {
    expect(MOCK_APIS.spacetimedb.port).toBe(4014);
    expect(specPath('spacetimedb')).toMatch(/specs[/\\]spacetimedb\.yaml$/);
  });

  it('takes a module as application/wasm, application/octet-stream or without a Content-Type, and refuses other types and an empty body', async () => {
    for (const headers of [
      { 'Content-Type': 'application/wasm' },
      { 'Content-Type': 'application/octet-stream' },
      {},
    ] as Record<string, string>[]) {
      const created = await send('POST', '/v1/database', { body: WASM, headers });
      expect(created.status).toBe(200);
      expect(await created.json()).toMatchObject({ Success: { database_identity: expect.stringMatching(IDENTITY) } });
    }
    const put = await send('PUT', `${DB}?clear=true`, {
      body: new Blob([WASM]),
      headers: { 'Content-Type': 'application/wasm' },
    });
    expect(put.status).toBe(200);
    const asJson = await send('POST', '/v1/database', { body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(asJson.status).toBe(400);
    expect(violations(asJson)).toEqual(['Supported content types: application/wasm,application/octet-stream']);
    const empty = await send('POST', '/v1/database', { headers: { 'Content-Type': 'application/wasm' } });
    expect(empty.status).toBe(400);
    expect(violations(empty)).toEqual(['Body parameter is required']);
  });

  it('needs no token on /v1/database routes and names the caller in the identity headers', async () => {
    const got = await send('GET', DB);
    expect(got.status).toBe(200);
    expect(got.headers.get('spacetime-identity')).toMatch(IDENTITY);
    expect(await got.json()).toMatchObject({ database_identity: expect.stringMatching(IDENTITY), host_type: 'wasm' });
  });

  it('validates names, identities, query parameters and bodies against the spec', async () => {
    const badName = await send('GET', '/v1/database/Chat--Room');
    expect(badName.status).toBe(400);
    expect(violations(badName)[0]).toMatch(/^Request path parameter name_or_identity must match pattern/);
    const clear = await send('PUT', `${DB}?clear=maybe`, {
      body: WASM,
      headers: { 'Content-Type': 'application/wasm' },
    });
    expect(violations(clear)).toEqual(['Request query parameter clear must be boolean']);
    const noVersion = await send('GET', `${DB}/schema`);
    expect(violations(noVersion)).toEqual(["Request query must have required property 'version'"]);
    const args = await send('POST', `${DB}/call/add`, {
      body: '"Alice"',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(args.status).toBe(400);
    expect(violations(args)).toContain('Request body must match exactly one schema in oneOf');
    const names = await send('PUT', `${DB}/names`, { body: '"chat"', headers: { 'Content-Type': 'application/json' } });
    expect(violations(names)).toEqual(['Request body must be array']);
    const noSql = await send('POST', `${DB}/sql`, { headers: { 'Content-Type': 'text/plain' } });
    expect(violations(noSql)).toEqual(['Body parameter is required']);
    const verify = await send('GET', '/v1/identity/c200/verify', { headers: { Authorization: 'Bearer t' } });
    expect(verify.status).toBe(400);
  });

  it('answers the examples: names, text identity, reducer calls, SQL result sets, schema, NDJSON logs', async () => {
    const added = await send('POST', `${DB}/names`, { body: 'chat', headers: { 'Content-Type': 'text/plain' } });
    expect(await added.json()).toMatchObject({ Success: { domain: 'chat' } });
    const unnamed = await send('POST', `${DB}/names`, { body: 'chat' });
    expect(unnamed.status).toBe(200);
    expect(
      await (
        await send('PUT', `${DB}/names`, { body: '["a"]', headers: { 'Content-Type': 'application/json' } })
      ).json(),
    ).toEqual({ Success: null });
    const identity = await send('GET', `${DB}/identity`);
    expect(identity.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await identity.text()).toMatch(IDENTITY);
    const called = await send('POST', `${DB}/call/add`, {
      body: '["Alice"]',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(called.status).toBe(200);
    expect(called.headers.get('spacetime-energy-used')).toBe('0');
    expect(await called.text()).toBe('');
    const sql = await send('POST', `${DB}/sql`, {
      body: 'SELECT * FROM person',
      headers: { 'Content-Type': 'text/plain' },
    });
    const results = (await sql.json()) as Array<{ schema: { elements: unknown[] }; rows: unknown[][] }>;
    expect(results[0]).toMatchObject({
      schema: { elements: [{ name: { some: 'name' } }] },
      rows: [['Alice'], ['Bob']],
    });
    const schema = await send('GET', `${DB}/schema?version=9`);
    const def = (await schema.json()) as { tables: Array<{ name: string }>; reducers: Array<{ name: string }> };
    expect(def.tables.map((table) => table.name)).toContain('person');
    expect(def.reducers.map((reducer) => reducer.name)).toContain('add');
    const logs = await send('GET', `${DB}/logs?num_lines=2`);
    expect(logs.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await logs.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string });
    expect(lines.map((line) => line.message)).toEqual(['Hello, Alice!', 'Hello, World!']);
  });

  it('serves the identity routes: mint, websocket token (bearer required), public key, verify', async () => {
    const minted = await send('POST', '/v1/identity');
    expect(await minted.json()).toMatchObject({
      identity: expect.stringMatching(IDENTITY),
      token: expect.stringMatching(/^ey/),
    });
    expect((await send('POST', '/v1/identity/websocket-token')).status).toBe(401);
    const ws = await send('POST', '/v1/identity/websocket-token', { headers: { Authorization: 'Bearer t' } });
    expect(await ws.json()).toMatchObject({ token: expect.stringMatching(/^ey/) });
    expect(await (await send('GET', '/v1/identity/public-key')).text()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const identity = `c200${'0'.repeat(60)}`;
    expect(
      (await send('GET', `/v1/identity/${identity}/verify`, { headers: { Authorization: 'Bearer t' } })).status,
    ).toBe(204);
    expect((await send('GET', `/v1/identity/${identity}/verify`)).status).toBe(401);
  });

  it('gives the documented errors on demand, in plain text or the documented JSON', async () => {
    const notFound = await send('GET', '/v1/database/nope', { headers: { Prefer: 'code=404' } });
    expect(notFound.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await notFound.text()).toBe('`quickstart-chat` not found');
    const failed = await send('POST', `${DB}/call/add`, {
      body: '[""]',
      headers: { 'Content-Type': 'application/json', Prefer: 'code=530' },
    });
    expect(failed.status).toBe(530);
    expect(await failed.text()).toBe('name must not be empty');
    const denied = await send('PUT', DB, {
      body: WASM,
      headers: { 'Content-Type': 'application/wasm', Prefer: 'code=401' },
    });
    expect(denied.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await denied.json()).toEqual({ PermissionDenied: { name: 'quickstart-chat' } });
    const forbidden = await send('DELETE', DB, { headers: { Prefer: 'code=403' } });
    expect(await forbidden.text()).toMatch(
      /is not authorized to perform action on database [0-9a-f]{64}: delete database$/,
    );
  });

  describe('where Prism differs from a SpacetimeDB host (documented in the README)', () => {
    it('mints no token: spacetime-identity-token is always the example token', async () => {
      const first = await send('GET', DB);
      const second = await send('GET', DB);
      const token = first.headers.get('spacetime-identity-token');
      expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(second.headers.get('spacetime-identity-token')).toBe(token);
    });

    it('takes any bytes as a module, and keeps no state', async () => {
      const junk = await send('POST', '/v1/database', {
        body: 'not wasm',
        headers: { 'Content-Type': 'application/wasm' },
      });
      expect(junk.status).toBe(200);
      await send('DELETE', DB);
      expect((await send('GET', DB)).status).toBe(200);
    });

    it('answers a refused request with the first example of its 400, whatever is wrong', async () => {
      const args = await send('POST', `${DB}/call/add`, {
        body: '"Alice"',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(await args.text()).toBe('invalid arguments for reducer add: expected 1 argument, got 2');
      // The names PUT documents a JSON 400 first: a body that is not an array gets `OtherError`, not text.
      const names = await send('PUT', `${DB}/names`, {
        body: '"chat"',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(names.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await names.json()).toEqual({ OtherError: 'chat already names another database' });
    });

    it('serves any schema version, not only 9', async () => {
      expect((await send('GET', `${DB}/schema?version=10`)).status).toBe(200);
    });

    it('does not follow logs: follow=true answers the example lines and ends', async () => {
      const followed = await send('GET', `${DB}/logs?follow=true`);
      expect(followed.headers.get('content-length')).not.toBeNull();
      expect((await followed.text()).trim().split('\n')).toHaveLength(2);
    });

    it('answers a WebSocket upgrade with a bare 101 (no upgrade, whatever protocol was offered) instead of opening a socket', async () => {
      const upgrade = await send('GET', `${DB}/subscribe`, {
        headers: {
          'Sec-WebSocket-Protocol': 'v1.json.spacetimedb',
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      }).catch((error: unknown) => error);
      // undici refuses a 101 to a request that did not ask it to upgrade the connection.
      expect(upgrade).toBeInstanceOf(TypeError);
    });
  });
});
