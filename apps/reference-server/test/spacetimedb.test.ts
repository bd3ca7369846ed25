import { parseJson } from '@dbwire/json';
import { freshPGliteDataDir, freshPostgresSchema, testPostgresUrl } from '@dbwire/storage/testing';
import { loadTestModule, testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type ServeOptions, startReferenceServer } from '../src/index.js';

interface Engine {
  name: string;
  open(): Promise<{ options: ServeOptions; dispose(): Promise<void> }>;
}

const postgresUrl = testPostgresUrl();
const ENGINES: Engine[] = [
  { name: 'memory', open: async () => ({ options: { engine: 'memory' }, dispose: async () => {} }) },
  {
    name: 'pglite',
    open: async () => {
      const { dataDir, dispose } = await freshPGliteDataDir();
      return { options: { engine: 'pglite', dataDir }, dispose };
    },
  },
  ...(postgresUrl === undefined
    ? []
    : [
        {
          name: 'postgres',
          open: async () => {
            const { schema, dispose } = freshPostgresSchema(postgresUrl);
            return {
              options: { engine: 'postgres', databaseUrl: postgresUrl, databaseSchema: schema },
              dispose,
            } as const;
          },
        },
      ]),
];

describe.each(ENGINES)('reference server (SpacetimeDB host) on $name', (engine) => {
  let server: RunningServer;
  let origin: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    server = await startReferenceServer({ ...opened.options, ports: { spacetimedb: 0 }, validateResponses: true });
    origin = server.urls.spacetimedb;
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  async function call(method: string, path: string, init: { token?: string; body?: BodyInit; type?: string } = {}) {
    const headers: Record<string, string> = {};
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    if (init.type !== undefined) headers['content-type'] = init.type;
    const response = await fetch(`${origin}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') && text !== '';
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the operation answers.
    const body: any = json ? parseJson(text) : text;
    return { status: response.status, headers: response.headers, text, body };
  }

  it('publishes the quickstart module without a Content-Type, then serves its schema, calls, SQL and logs', async () => {
    const bytes = await loadTestModule('quickstart');
    const published = await call('PUT', '/v1/database/quickstart-chat', { body: bytes });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ Success: { domain: 'quickstart-chat', op: 'created' } });
    const token = published.headers.get('spacetime-identity-token') as string;
    const owner = published.headers.get('spacetime-identity');
    expect(owner).toMatch(/^c200[0-9a-f]{60}$/);

    const schema = await call('GET', '/v1/database/quickstart-chat/schema?version=9');
    expect(schema.body).toEqual(testModuleDef('quickstart'));
    const info = await call('GET', '/v1/database/quickstart-chat');
    expect(info.body).toMatchObject({ owner_identity: owner, host_type: 'wasm' });

    const add = await call('POST', '/v1/database/quickstart-chat/call/add', {
      token,
      body: JSON.stringify(['Alice']),
      type: 'application/json',
    });
    expect(add.status).toBe(200);
    expect(add.headers.get('spacetime-energy-used')).toBe('0');
    const hello = await call('POST', '/v1/database/quickstart-chat/call/say_hello', {
      token,
      body: '[]',
      type: 'application/json',
    });
    expect(hello.status).toBe(200);

    const sql = await call('POST', '/v1/database/quickstart-chat/sql', { token, body: 'SELECT * FROM person' });
    expect(sql.status).toBe(200);
    expect(sql.body[0].rows).toEqual([['Alice']]);
    // person is private: another caller cannot read it.
    expect((await call('POST', '/v1/database/quickstart-chat/sql', { body: 'SELECT * FROM person' })).status).toBe(400);

    const logs = await call('GET', '/v1/database/quickstart-chat/logs', { token });
    expect(logs.status).toBe(200);
    const messages = logs.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).message);
    expect(messages).toEqual(expect.arrayContaining(['Hello, Alice!', 'Hello, World!']));
  });

  it('streams a followed log over HTTP until the client goes away', async () => {
    const published = await call('POST', '/v1/database', { body: await loadTestModule('quickstart') });
    const token = published.headers.get('spacetime-identity-token') as string;
    const database = published.body.Success.database_identity as string;
    const abort = new AbortController();
    // Headers come with the first line (the adapter flushes a stream's headers with its first chunk).
    const responding = fetch(`${origin}/v1/database/${database}/logs?follow=true`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    const say = await call('POST', `/v1/database/${database}/call/say_hello`, {
      token,
      body: '[]',
      type: 'application/json',
    });
    expect(say.status).toBe(200);
    const response = await responding;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    while (!received.includes('Hello, World!')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    expect(received).toContain('Hello, World!');
    abort.abort();
  });

  it('answers refusals in plain text with the caller’s identity headers', async () => {
    const missing = await call('GET', '/v1/database/no-such-db');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(missing.text).toBe('`no-such-db` not found');
    expect(missing.headers.get('spacetime-identity')).toMatch(/^c200/);
    const unknownRoute = await call('GET', '/v1/nothing');
    expect(unknownRoute.status).toBe(404);
    const identity = await call('POST', '/v1/identity');
    expect(identity.body.identity).toMatch(/^c200/);
  });
});
