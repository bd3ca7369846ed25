import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { frameworkErrorOptions, mountApi, mountNotFound } from '../src/fastify/index.js';
import { fixtureBinding } from './fixture-api.js';

const auth = { authorization: 'Bearer good' };
let app: FastifyInstance;

async function start(options: Parameters<typeof fixtureBinding>[0] = {}, validateResponses = true) {
  const fixture = fixtureBinding(options);
  app = Fastify();
  mountApi(app, fixture.binding, { validateResponses, bodyLimit: 1024 });
  mountNotFound(app, fixture.binding);
  await app.ready();
  return fixture;
}

afterEach(async () => {
  await app?.close();
});

describe('fastify adapter', () => {
  it('routes, coerces path and query parameters, and answers JSON with Content-Length', async () => {
    const { calls } = await start();
    const response = await app.inject({ method: 'GET', url: '/items/1?verbose=true', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'one', size: 1 });
    expect(response.headers['content-type']).toMatch(/^application\/json\b/);
    expect(response.headers['content-length']).toBe(String(response.body.length));
    expect(calls.received[0]?.request).toMatchObject({ params: { itemId: 1 }, query: { verbose: true } });
  });

  it('checks authentication before it validates anything else', async () => {
    const { calls } = await start();
    const response = await app.inject({ method: 'GET', url: '/items/not-a-number' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'AUTH' });
    expect(calls.received).toHaveLength(0);
  });

  it('refuses an invalid path parameter in the API error shape without calling the handler', async () => {
    const { calls } = await start();
    const response = await app.inject({ method: 'GET', url: '/items/zero', headers: auth });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'invalid-parameter' });
    expect(calls.received).toHaveLength(0);
  });

  it('accepts an empty body sent with Content-Type: application/json where none is expected', async () => {
    const { items } = await start();
    const response = await app.inject({
      method: 'DELETE',
      url: '/items/1',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-length']).toBe('0');
    expect(items.has(1)).toBe(false);
  });

  it.each([
    ['malformed JSON', '{"name":', 'application/json', 'malformed-body'],
    ['a schema violation', '{"name":5}', 'application/json', 'invalid-body'],
    ['a missing required field', '{}', 'application/json', 'invalid-body'],
    ['the wrong media type', 'name=x', 'application/x-www-form-urlencoded', 'unsupported-media-type'],
    ['no body at all', '', 'application/json', 'missing-body'],
  ])('refuses %s and changes nothing', async (_case, payload, contentType, code) => {
    const { items, calls } = await start();
    const response = await app.inject({
      method: 'PUT',
      url: '/items/2',
      headers: { ...auth, 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code });
    expect(items.has(2)).toBe(false);
    expect(calls.received).toHaveLength(0);
  });

  it('answers an oversized body with the API error shape', async () => {
    const { items } = await start();
    const response = await app.inject({
      method: 'PUT',
      url: '/items/2',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'too-large' });
    expect(items.has(2)).toBe(false);
  });

  it('stores a valid body', async () => {
    const { items } = await start();
    const response = await app.inject({
      method: 'PUT',
      url: '/items/2',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      payload: { name: 'two', size: null },
    });
    expect(response.statusCode).toBe(200);
    expect(items.get(2)).toEqual({ name: 'two', size: null });
  });

  it('serves an explicit HEAD operation beside the GET of the same path', async () => {
    await start();
    const found = await app.inject({ method: 'HEAD', url: '/items/1', headers: auth });
    expect(found.statusCode).toBe(204);
    expect(found.body).toBe('');
    const missing = await app.inject({ method: 'HEAD', url: '/items/9', headers: auth });
    expect(missing.statusCode).toBe(404);
    // The authentication's JSON refusal loses its body too, so it still matches the spec.
    const unauthorized = await app.inject({ method: 'HEAD', url: '/items/1' });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.body).toBe('');
  });

  it('keeps integers beyond 2^53 exact for a binding that asks for bigint, and rounds them otherwise', async () => {
    const payload = '{"name":"big","size":9223372036854775807}';
    const headers = { ...auth, 'content-type': 'application/json' };
    const { items } = await start({ largeIntegers: 'bigint' });
    expect((await app.inject({ method: 'PUT', url: '/items/3', headers, payload })).statusCode).toBe(200);
    expect(items.get(3)).toEqual({ name: 'big', size: 9223372036854775807n });
    expect((await app.inject({ method: 'GET', url: '/items/3', headers: auth })).body).toBe(payload);
    await app.close();
    const rounding = await start();
    await app.inject({ method: 'PUT', url: '/items/3', headers, payload });
    expect(rounding.items.get(3)).toEqual({ name: 'big', size: 2 ** 63 });
  });

  it('matches a parameter spanning slashes, the most specific template first, %2F like /', async () => {
    await start();
    const read = await app.inject({ method: 'GET', url: '/files/a/b%2Fc.txt' });
    expect(read.json()).toEqual({ read: 'a/b/c.txt' });
    expect((await app.inject({ method: 'GET', url: '/files/a/b/meta' })).json()).toEqual({ meta: 'a/b' });
    // A path ending in `upload` under GET is the plain file: the upload template takes only POST.
    expect((await app.inject({ method: 'GET', url: '/files/a/upload' })).json()).toEqual({ read: 'a/upload' });
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/files/a/b' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });

  it('hands binary bodies over as bytes, reading one without a Content-Type as the assumed media type', async () => {
    await start();
    for (const headers of [{}, { 'content-type': 'application/octet-stream' }, { 'content-type': 'image/x-other' }]) {
      const response = await app.inject({ method: 'PUT', url: '/blobs', headers, payload: Buffer.from([0, 97, 255]) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ binary: true, bytes: [0, 97, 255] });
    }
  });

  it('refuses a body without a Content-Type where the operation assumes none', async () => {
    await start();
    const missing = await app.inject({ method: 'POST', url: '/notes', payload: 'hello' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ code: 'unsupported-media-type' });
    const text = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      payload: 'hello',
    });
    expect(text.json()).toEqual({ text: 'hello' });
  });

  it('streams a ReadableStream body without a Content-Length', async () => {
    await start();
    const response = await app.inject({ method: 'GET', url: '/notes/stream' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.body).toBe('{"n":1}\n{"n":2}\n');
  });

  it('sends the status and headers of a stream at once, before its first chunk', async () => {
    await start();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const cancel = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/notes/stream?quiet`, { signal: cancel.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    cancel.abort();
  });

  it('reads multipart/form-data: file parts as File, text fields coerced to their declared types', async () => {
    await start();
    const form = new FormData();
    form.append('file', new Blob(['hello bytes'], { type: 'text/x-note' }), 'note.txt');
    form.append('copies', '3');
    const encoded = new Response(form);
    const response = await app.inject({
      method: 'POST',
      url: '/files/docs/note.txt/upload',
      headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(response.json()).toEqual({
      path: 'docs/note.txt',
      name: 'note.txt',
      type: 'text/x-note',
      text: 'hello bytes',
      copies: 3,
    });
    const invalid = new FormData();
    invalid.append('copies', '0');
    const refused = new Response(invalid);
    const missingFile = await app.inject({
      method: 'POST',
      url: '/files/x/upload',
      headers: { 'content-type': refused.headers.get('content-type') ?? '' },
      payload: Buffer.from(await refused.arrayBuffer()),
    });
    expect(missingFile.statusCode).toBe(400);
    expect(missingFile.json()).toEqual({ code: 'invalid-body' });
  });

  it('serves text bodies as text/plain', async () => {
    await start();
    const response = await app.inject({ method: 'GET', url: '/notes' });
    expect(response.body).toBe('plain words');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers operations without a handler with 501 in the API shape', async () => {
    await start();
    const response = await app.inject({ method: 'POST', url: '/later' });
    expect(response.statusCode).toBe(501);
    expect(response.json()).toEqual({ code: 'NOT_IMPLEMENTED' });
  });

  it('treats an empty path segment as no match, not as an empty parameter', async () => {
    const { calls } = await start();
    const response = await app.inject({ method: 'GET', url: '/items/', headers: auth });
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('');
    expect(calls.received).toHaveLength(0);
  });

  it('answers a known path under another method with 405 and Allow', async () => {
    await start();
    const response = await app.inject({ method: 'PATCH', url: '/items/1?x=1', headers: auth });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, PUT, HEAD, DELETE');
    expect(response.body).toBe('');
  });

  it('answers a QUERY request without a Content-Type like any other method the path does not take', async () => {
    await start();
    const known = await app.inject({ method: 'QUERY' as 'GET', url: '/notes' });
    expect(known.statusCode).toBe(405);
    expect(known.headers.allow).toBe('GET, POST');
    const unknown = await app.inject({ method: 'QUERY' as 'GET', url: '/nowhere' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toBe('');
  });

  it('answers unknown paths through the API not-found handler', async () => {
    await start();
    const response = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('');
  });

  it('in test mode turns a response the spec does not document into a 500', async () => {
    await start({ answerUndocumented: true });
    const response = await app.inject({ method: 'GET', url: '/items/1', headers: auth });
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain('status 418 is not documented');
  });

  it('outside test mode passes handler responses through unchecked', async () => {
    await start({ answerUndocumented: true }, false);
    const response = await app.inject({ method: 'GET', url: '/items/1', headers: auth });
    expect(response.statusCode).toBe(418);
  });
});

describe('fastify adapter: refusals fastify and Node make before any route runs', () => {
  /** The fixture on a listening server, its refusals carrying their message and its 404 a body. */
  async function listen(mountFallback = true): Promise<string> {
    const fixture = fixtureBinding();
    fixture.binding.errors = {
      ...fixture.binding.errors,
      requestFailed: (failure, route) => ({
        status: 400,
        body: { code: failure.kind, route: route.operationId, message: failure.message },
      }),
      notFound: (method, path) => ({ status: 404, body: { code: 'NO_ROUTE', method, path } }),
      internalError: () => ({ status: 500, body: { code: 'INTERNAL' } }),
    };
    app = Fastify({ ...frameworkErrorOptions(), bodyLimit: 1024 });
    mountApi(app, fixture.binding, { bodyLimit: 1024 });
    if (mountFallback) mountNotFound(app, fixture.binding);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  it('answers a path that is not valid percent-encoding as an invalid parameter of the operation it names', async () => {
    const base = await listen();
    const item = await fetch(`${base}/items/%FF`, { method: 'DELETE' });
    expect(item.status).toBe(400);
    expect(await item.json()).toEqual({
      code: 'invalid-parameter',
      route: 'deleteItem',
      message: "path parameter 'itemId' is not valid percent-encoded UTF-8",
    });
    const spanning = await fetch(`${base}/files/a/%E0%A4/meta`);
    expect(await spanning.json()).toMatchObject({ code: 'invalid-parameter', route: 'readFileMeta' });
    const nowhere = await fetch(`${base}/nowhere/%FF`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ code: 'NO_ROUTE', method: 'GET', path: '/nowhere/%FF' });
  });

  it("answers a parameter beyond the router's length limit in the API shape", async () => {
    const base = await listen();
    const response = await fetch(`${base}/items/${'7'.repeat(200)}`, { headers: auth });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'invalid-parameter',
      route: 'getItem',
      message: "path parameter 'itemId' is longer than this server accepts",
    });
  });

  it('answers a request line or headers beyond the header limit in the API shape, and closes', async () => {
    const base = await listen();
    for (const [url, headers] of [
      [`${base}/items/${'7'.repeat(100_000)}`, {}],
      [`${base}/items/1`, { 'x-padding': 'p'.repeat(20_000) }],
    ] as const) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(400);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({
        code: 'invalid-parameter',
        route: 'getItem',
        message: 'The request line and headers are too large.',
      });
    }
  });

  it('answers a body the not-found route cannot read with the not-found answer, not fastify JSON', async () => {
    const base = await listen();
    const malformed = await fetch(`${base}/nowhere`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(malformed.status).toBe(404);
    expect(await malformed.json()).toEqual({ code: 'NO_ROUTE', method: 'POST', path: '/nowhere' });
    const large = await fetch(`${base}/notes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: `"${'x'.repeat(4096)}"`,
    });
    expect(large.status).toBe(405);
    expect(large.headers.get('allow')).toBe('GET, POST');
  });

  it('answers in plain text when the app mounted no API fallback', async () => {
    const base = await listen(false);
    const response = await fetch(`${base}/items/%FF`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toContain('is not a valid url component');
  });
});
