import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMswFallbackHandler, createMswHandlers } from '../src/msw/index.js';
import { fixtureBinding } from './fixture-api.js';

const fixture = fixtureBinding();
const server = setupServer(
  ...createMswHandlers(fixture.binding, { baseUrl: 'http://fixture.test/api/', validateResponses: true }),
  createMswFallbackHandler(fixture.binding, { baseUrl: 'http://fixture.test/api/' }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('msw adapter', () => {
  it('serves the same handlers, with validation and state', async () => {
    const put = await fetch('http://fixture.test/api/items/7', {
      method: 'PUT',
      headers: { authorization: 'Bearer good', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'seven' }),
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('content-length')).toBe('0');
    const get = await fetch('http://fixture.test/api/items/7', { headers: { authorization: 'Bearer good' } });
    expect(await get.json()).toEqual({ name: 'seven' });
  });

  it('answers invalid requests and missing auth in the API shape', async () => {
    const invalid = await fetch('http://fixture.test/api/items/7', {
      method: 'PUT',
      headers: { authorization: 'Bearer good', 'content-type': 'application/json' },
      body: '{"size":"big"}',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ code: 'invalid-body' });
    const anonymous = await fetch('http://fixture.test/api/items/1');
    expect(anonymous.status).toBe(401);
  });

  it('answers other paths and methods under the base URL like the server would', async () => {
    const wrongMethod = await fetch('http://fixture.test/api/items/1', { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT, HEAD, DELETE');
    const unknown = await fetch('http://fixture.test/api/nowhere');
    expect(unknown.status).toBe(404);
  });

  it('matches parameters spanning slashes and reads multipart uploads', async () => {
    expect(await (await fetch('http://fixture.test/api/files/a/b%2Fc/meta')).json()).toEqual({ meta: 'a/b/c' });
    const form = new FormData();
    form.append('file', new Blob(['bytes'], { type: 'application/octet-stream' }), 'b.bin');
    const upload = await fetch('http://fixture.test/api/files/a/b.bin/upload', { method: 'POST', body: form });
    expect(await upload.json()).toMatchObject({ path: 'a/b.bin', name: 'b.bin', text: 'bytes' });
    const wrongMethod = await fetch('http://fixture.test/api/files/a/b', { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('takes binary bodies as bytes and streams ReadableStream answers', async () => {
    const blob = await fetch('http://fixture.test/api/blobs', { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    expect(await blob.json()).toEqual({ binary: true, bytes: [1, 2, 3] });
    const stream = await fetch('http://fixture.test/api/notes/stream');
    expect(stream.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await stream.text()).toBe('{"n":1}\n{"n":2}\n');
  });

  it('serves text bodies', async () => {
    const response = await fetch('http://fixture.test/api/notes');
    expect(await response.text()).toBe('plain words');
  });
});
